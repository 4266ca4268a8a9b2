-- tween: glide an entity to a point over a number of ticks.
--   local tween = require("tween")
--   tween.to(id, 100, 40, 30, "out", function() sfx("blip") end)
--   function _update() tween.update() ... end
local M = {}

M.ease = {
  linear = function(t) return t end,
  out = function(t) return 1 - (1 - t) * (1 - t) end,
  inout = function(t)
    if t < 0.5 then return 2 * t * t end
    return 1 - (-2 * t + 2) ^ 2 / 2
  end,
}

local active = {}

-- to moves entity id to (x, y) in ticks, with an easing name, then calls done.
function M.to(id, x, y, ticks, easing, done)
  local ease = M.ease[easing or "linear"]
  assert(ease, "unknown easing " .. tostring(easing))
  local x0, y0 = pos(id)
  active[#active + 1] = {id = id, x0 = x0, y0 = y0, x1 = x, y1 = y,
    n = math.max(1, ticks), t = 0, ease = ease, done = done}
end

-- busy tells whether entity id is being moved by a tween.
function M.busy(id)
  for _, tw in ipairs(active) do
    if tw.id == id then return true end
  end
  return false
end

-- update advances every tween by one tick; call it once per _update.
function M.update()
  local i = 1
  while i <= #active do
    local tw = active[i]
    if not alive(tw.id) then
      table.remove(active, i)
    else
      tw.t = tw.t + 1
      local k = tw.ease(tw.t / tw.n)
      setpos(tw.id, tw.x0 + (tw.x1 - tw.x0) * k, tw.y0 + (tw.y1 - tw.y0) * k)
      if tw.t >= tw.n then
        table.remove(active, i)
        if tw.done then tw.done() end
      else
        i = i + 1
      end
    end
  end
end

return M
