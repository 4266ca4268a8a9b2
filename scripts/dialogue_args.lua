-- dialogue_args: lines shown one after another like dialogue, but a line
-- may carry arguments for its message's placeholders: each line is a key,
-- or {key, args}. A advances; after the last line, done is called.
--   local talk = require("dialogue_args")
--   talk.start({{"report", {served = 12}}, "next.line"}, function() ... end)
--   function _update() if talk.update() then return end ... end
local M = {}
local lines, at, finish

local function show()
  local line = lines[at]
  if type(line) == "table" then
    say(line[1], line[2])
  else
    say(line)
  end
end

function M.start(list, done)
  assert(type(list) == "table" and #list > 0, "dialogue_args.start needs a list of lines")
  for i, line in ipairs(list) do
    local key = line
    if type(line) == "table" then key = line[1] end
    assert(type(key) == "string", "dialogue_args.start: line " .. i .. " needs a message key")
  end
  lines, at, finish = list, 1, done
  show()
end

function M.active()
  return lines ~= nil
end

-- update returns true while a line shows, so the level can pause its play,
-- and also on the tick A closes the last line: that press is used up and
-- does not reach what comes next (a question asked by done, say).
function M.update()
  if not lines then return false end
  if not btnp(A) then return true end
  at = at + 1
  if at <= #lines then
    sfx("blip")
    show()
    return true
  end
  lines = nil
  say(nil)
  sfx("select")
  local done = finish
  finish = nil
  if done then done() end
  return true
end

return M
