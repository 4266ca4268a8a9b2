-- sentry: enemies that walk by themselves. A patrol goes back and forth
-- between two points, through anything (a guard on a fixed beat, so players
-- can learn its rhythm); a chaser walks straight at a target and slides
-- along walls. They move with setpos and move inside _update, so a paused
-- game simply skips sentry.update() and nothing drifts.
--   local sentry = require("sentry")
--   sentry.patrol(guard, 40, 60, 200, 60, 0.8)
--   sentry.chase(blob, player, 0.5)
--   function _update() if not paused then sentry.update() end end
local M = {}
local list = {}

local function find(id)
  for i, s in ipairs(list) do
    if s.id == id then return s, i end
  end
end

-- forget stops moving id (it stays where it is, alive).
function M.forget(id)
  local _, i = find(id)
  if i then table.remove(list, i) end
end

-- patrol puts id at (x1, y1) and walks it to (x2, y2) and back for ever at
-- speed pixels per tick.
function M.patrol(id, x1, y1, x2, y2, speed)
  assert(speed and speed >= 0, "sentry.patrol needs a speed of at least 0")
  M.forget(id)
  setpos(id, x1, y1)
  list[#list + 1] = {id = id, ax = x1, ay = y1, bx = x2, by = y2, speed = speed, back = false}
end

-- chase walks id towards the centre of target at speed pixels per tick. Its
-- position now is its home (see home).
function M.chase(id, target, speed)
  assert(speed and speed >= 0, "sentry.chase needs a speed of at least 0")
  M.forget(id)
  local x, y = pos(id)
  list[#list + 1] = {id = id, target = target, speed = speed, hx = x, hy = y}
end

-- speed reads, or sets then returns, the speed of id (nil if it is not a sentry).
function M.speed(id, s)
  local e = find(id)
  if not e then return nil end
  if s then e.speed = s end
  return e.speed
end

-- scale multiplies every speed by k, capped at max if given: a level's ramp.
function M.scale(k, max)
  for _, e in ipairs(list) do
    e.speed = e.speed * k
    if max and e.speed > max then e.speed = max end
  end
end

-- home sends every chaser back to its home, so a catch is not an endless trap.
function M.home()
  for _, e in ipairs(list) do
    if e.target then setpos(e.id, e.hx, e.hy) end
  end
end

-- clear forgets every sentry (the entities stay).
function M.clear()
  list = {}
end

local function step_patrol(e)
  local x, y = pos(e.id)
  local tx, ty = e.bx, e.by
  if e.back then tx, ty = e.ax, e.ay end
  local dx, dy = tx - x, ty - y
  local d = math.sqrt(dx * dx + dy * dy)
  if d <= e.speed then
    setpos(e.id, tx, ty)
    e.back = not e.back
  else
    setpos(e.id, x + dx / d * e.speed, y + dy / d * e.speed)
  end
end

local function step_chase(e)
  if not alive(e.target) then return end
  local x, y = pos(e.id)
  local w, h = size(e.id)
  local tx, ty = pos(e.target)
  local tw, th = size(e.target)
  local dx, dy = (tx + tw / 2) - (x + w / 2), (ty + th / 2) - (y + h / 2)
  local d = math.sqrt(dx * dx + dy * dy)
  if d > 1 then move(e.id, dx / d * e.speed, dy / d * e.speed) end
end

-- update moves every sentry one tick; sentries whose entity died are dropped.
function M.update()
  local i = 1
  while i <= #list do
    local e = list[i]
    if not alive(e.id) then
      table.remove(list, i)
    else
      if e.target then step_chase(e) else step_patrol(e) end
      i = i + 1
    end
  end
end

return M
