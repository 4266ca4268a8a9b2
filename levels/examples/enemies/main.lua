-- Example: enemies that patrol and chase.
-- The shared module "sentry" moves enemies by itself, one step per tick:
--  * sentry.patrol walks back and forth between two points, always at the
--    same pace, so a player can learn its rhythm;
--  * sentry.chase walks straight towards a target, sliding along walls.
-- Slip past the guard and reach the flag before the robot catches you.
local sentry = require("sentry")
local player

function _init()
  player = spawn("player", 16, 84, {w = 12, h = 12})
  spawn("flag", 296, 84, {w = 12, h = 12, tag = "goal"})
  -- The guard walks up and down across the way, 1.5 pixels per tick.
  local guard = spawn("guard", 0, 0, {w = 12, h = 12, tag = "enemy"})
  sentry.patrol(guard, 150, 10, 150, 160, 1.5)
  -- The robot starts in a corner and follows the player, slowly.
  local robot = spawn("robot", 4, 164, {w = 12, h = 12, tag = "enemy"})
  sentry.chase(robot, player, 0.6)
  say("intro")
end

function _update()
  sentry.update() -- moves every enemy one step: call it every tick
  local dx, dy = 0, 0
  if btn(LEFT) then dx = -2 end
  if btn(RIGHT) then dx = 2 end
  if btn(UP) then dy = -2 end
  if btn(DOWN) then dy = 2 end
  move(player, dx, dy)
  -- Both enemies have the tag "enemy", so one test catches both.
  if hit(player, "enemy") then
    say("caught")
    sfx("lose")
    lose()
  elseif hit(player, "goal") then
    score(1000 - tick()) -- the quicker, the better
    say("won", {score = score()})
    sfx("win")
    win()
  end
end
