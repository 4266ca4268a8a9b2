-- dialogue: show lines one after another; A (or Z/Space) advances. A line
-- is a message key, or {key, args} for a message with placeholders.
--   local dialogue = require("dialogue")
--   dialogue.start({"intro.1", "intro.2"}, function() started = true end)
--   dialogue.start({{"report", {served = 12}}}, ask_next, {consume = true})
--   function _update() if dialogue.update() then return end ... end
local M = {}
local lines, index, on_done, consume

local function show()
  local line = lines[index]
  if type(line) == "table" then
    say(line[1], line[2])
  else
    say(line)
  end
end

-- start shows the first of lines and calls done after the last. With
-- opts.consume, the A that closes the last line is used up: update still
-- returns true on that tick, so the press does not also reach what done
-- opened (a question, a menu) or the level's own play.
function M.start(list, done, opts)
  assert(type(list) == "table" and #list > 0, "dialogue.start needs a list of message keys")
  for i, line in ipairs(list) do
    local key = line
    if type(line) == "table" then key = line[1] end
    assert(type(key) == "string", "dialogue.start: line " .. i .. " needs a message key")
  end
  lines, index, on_done = list, 1, done
  consume = opts ~= nil and opts.consume == true
  show()
end

function M.active()
  return lines ~= nil
end

-- update returns true while the dialogue is showing, so the level can
-- pause its own play. On the tick A closes the last line it returns false,
-- or true if the dialogue was started with consume.
function M.update()
  if not lines then return false end
  if btnp(A) then
    index = index + 1
    if index > #lines then
      local done, used = on_done, consume
      lines, on_done = nil, nil
      say(nil)
      sfx("select")
      if done then done() end
      return used
    end
    sfx("blip")
    show()
  end
  return true
end

return M
