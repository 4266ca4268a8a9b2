-- steer: move an entity with the arrow keys in eight directions, facing the
-- way it walks.
--   local steer = require("steer")
--   function _update() steer.walk(player, 2) end
local M = {}

-- dir returns the step (dx, dy) the held arrows ask for at speed.
function M.dir(speed)
  local dx, dy = 0, 0
  if btn(LEFT) then dx = dx - speed end
  if btn(RIGHT) then dx = dx + speed end
  if btn(UP) then dy = dy - speed end
  if btn(DOWN) then dy = dy + speed end
  return dx, dy
end

-- walk moves id by the held arrows at speed, stopping at walls, turns it
-- to face left or right, and returns what move returns.
function M.walk(id, speed)
  local dx, dy = M.dir(speed)
  if dx ~= 0 then flip(id, dx < 0) end
  return move(id, dx, dy)
end

return M
