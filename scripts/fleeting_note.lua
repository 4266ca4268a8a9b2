-- fleeting_note: a one-line message panel that hides itself after a number
-- of ticks; showing another replaces it and starts the count again.
--   local note = require("fleeting_note")
--   note.show("loan_over", nil, {x = 4, y = 28, ticks = 240})
--   function _update() ... note.update() end
local M = {}
local left, shown = 0, nil

-- show puts the message key (with its args) in the panel opts.name
-- (default "note") at opts.x, opts.y for opts.ticks ticks (default 180).
function M.show(key, args, opts)
  opts = opts or {}
  local ticks = opts.ticks or 180
  assert(ticks >= 1, "fleeting_note.show needs at least 1 tick")
  if shown and shown ~= (opts.name or "note") then panel(shown, nil) end
  shown = opts.name or "note"
  panel(shown, key, {args = args, x = opts.x or 0, y = opts.y or 0})
  left = ticks
end

-- hide takes the message down at once.
function M.hide()
  if shown then panel(shown, nil) end
  left, shown = 0, nil
end

-- update counts one tick down; call it once per _update while the note
-- should age (a level may skip it while paused).
function M.update()
  if left > 0 then
    left = left - 1
    if left == 0 then M.hide() end
  end
end

-- active reports whether a message is showing.
function M.active()
  return left > 0
end

return M
