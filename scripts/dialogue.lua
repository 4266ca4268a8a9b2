-- dialogue: show message keys one after another; A (or Z/Space) advances.
--   local dialogue = require("dialogue")
--   dialogue.start({"intro.1", "intro.2"}, function() started = true end)
--   function _update() if dialogue.update() then return end ... end
local M = {}
local lines, index, on_done

function M.start(keys, done)
  assert(type(keys) == "table" and #keys > 0, "dialogue.start needs a list of message keys")
  lines, index, on_done = keys, 1, done
  say(lines[1])
end

function M.active()
  return lines ~= nil
end

-- update returns true while the dialogue is showing, so the level can
-- pause its own play.
function M.update()
  if not lines then return false end
  if btnp(A) then
    index = index + 1
    if index > #lines then
      lines = nil
      say(nil)
      sfx("select")
      if on_done then on_done() end
      return false
    end
    sfx("blip")
    say(lines[index])
  end
  return true
end

return M
