-- timer: call functions after a number of ticks, or every n ticks.
--   local timer = require("timer")
--   timer.after(60, function() say("hurry") end)  -- in one second
--   timer.every(30, spawn_coin)                    -- twice a second
--   function _update() timer.update() ... end
local M = {}
local list = {}

function M.after(ticks, fn)
  list[#list + 1] = {at = tick() + ticks, fn = fn}
end

function M.every(ticks, fn)
  assert(ticks >= 1, "timer.every needs at least 1 tick")
  list[#list + 1] = {at = tick() + ticks, every = ticks, fn = fn}
end

-- update runs the timers that are due; call it once per _update.
function M.update()
  local now = tick()
  local i = 1
  while i <= #list do
    local t = list[i]
    if now >= t.at then
      if t.every then
        t.at = t.at + t.every
        i = i + 1
      else
        table.remove(list, i)
      end
      t.fn()
    else
      i = i + 1
    end
  end
end

function M.clear()
  list = {}
end

return M
