-- cellwalk: move entities one map cell at a time, gliding from cell to
-- cell, like a board game piece. The level says which cells can be
-- entered; cellwalk keeps track of where each walker stands.
--   local cellwalk = require("cellwalk")
--   cellwalk.place(player, 3, 4, 16)            -- cell 3,4 of a 16-pixel grid
--   function _update()
--     cellwalk.update()
--     cellwalk.drive(player, 12, function(cx, cy) return walkable[cy][cx] end)
--   end
local M = {}

-- walkers by entity id: {cx, cy (the cell it stands on or is heading to),
-- size, ox, oy, from x/y, t, n, done}
local walkers = {}
local order = {} -- ids in the order they were placed, for a fixed update order

-- The arrows in the order drive tries them when several are held.
local ARROWS = {{UP, 0, -1}, {DOWN, 0, 1}, {LEFT, -1, 0}, {RIGHT, 1, 0}}

-- place puts entity id on cell cx, cy of a grid of size-pixel cells; ox, oy
-- (default 0) offset the entity inside its cell.
function M.place(id, cx, cy, size, ox, oy)
  assert(type(size) == "number" and size > 0, "cellwalk.place needs a cell size")
  if not walkers[id] then order[#order + 1] = id end
  walkers[id] = {cx = cx, cy = cy, size = size, ox = ox or 0, oy = oy or 0, t = 0, n = 0}
  setpos(id, cx * size + (ox or 0), cy * size + (oy or 0))
end

-- cell returns the cell the walker stands on, or is stepping to.
function M.cell(id)
  local w = walkers[id]
  assert(w, "cellwalk: entity is not placed")
  return w.cx, w.cy
end

-- busy tells whether the walker is between two cells.
function M.busy(id)
  local w = walkers[id]
  return w ~= nil and w.t < w.n
end

-- step starts a move of dx, dy cells lasting ticks; done(cx, cy) runs on
-- arrival. It returns false, doing nothing, while the walker is busy.
function M.step(id, dx, dy, ticks, done)
  local w = walkers[id]
  assert(w, "cellwalk: entity is not placed")
  if w.t < w.n then return false end
  w.fx, w.fy = pos(id)
  w.cx, w.cy = w.cx + dx, w.cy + dy
  w.t, w.n, w.done = 0, math.max(1, ticks), done
  if dx ~= 0 then flip(id, dx < 0) end
  return true
end

-- drive steps the walker the way the held arrows point, if it is idle and
-- can(cx, cy) allows the cell; when the first held arrow is blocked it tries
-- the others, so holding two arrows turns the next corner. It returns the
-- step taken (dx, dy), or nil.
function M.drive(id, ticks, can, done)
  if M.busy(id) then return nil end
  local cx, cy = M.cell(id)
  for _, a in ipairs(ARROWS) do
    if btn(a[1]) and can(cx + a[2], cy + a[3]) then
      M.step(id, a[2], a[3], ticks, done)
      return a[2], a[3]
    end
  end
  return nil
end

-- forget stops tracking a walker (call it before or after kill).
function M.forget(id)
  if not walkers[id] then return end
  walkers[id] = nil
  for i, v in ipairs(order) do
    if v == id then
      table.remove(order, i)
      break
    end
  end
end

-- update glides every moving walker one tick; call it once per _update.
-- Walkers whose entity died are forgotten.
function M.update()
  local i = 1
  while i <= #order do
    local id = order[i]
    local w = walkers[id]
    if not alive(id) then
      walkers[id] = nil
      table.remove(order, i)
    else
      if w.t < w.n then
        w.t = w.t + 1
        local x1, y1 = w.cx * w.size + w.ox, w.cy * w.size + w.oy
        local k = w.t / w.n
        setpos(id, w.fx + (x1 - w.fx) * k, w.fy + (y1 - w.fy) * k)
        if w.t >= w.n and w.done then
          local done = w.done
          w.done = nil
          done(w.cx, w.cy)
        end
      end
      i = i + 1
    end
  end
end

return M
