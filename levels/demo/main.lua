-- Demo level: pick up your personal data (coins) before the tracker catches
-- you, then reach the exit. Uses movement, collisions with the map's walls,
-- score, text panels, a timer from the shared library and a win condition.
local flow = require("flow")
local timer = require("timer")
local steer = require("steer")

local SPEED = 2
local TIME_LIMIT = 60 * 60 -- ticks: one minute

local player, tracker, exit
local left = 0
local open = false

local function spawn_things()
  -- Everything starts where the map's object layer puts it.
  for _, o in ipairs(objects()) do
    if o.class == "player" then
      player = spawn("player", o.x, o.y, {w = o.w, h = o.h, tag = "player"})
    elseif o.class == "tracker" then
      tracker = spawn("tracker", o.x, o.y, {w = o.w, h = o.h, tag = "tracker", vx = o.props.speed})
      anim(tracker, {0, 1}, 12)
    elseif o.class == "exit" then
      exit = spawn("exit", o.x, o.y, {w = o.w, h = o.h, tag = "exit"})
    elseif o.class == "coin" then
      spawn("coin", o.x, o.y, {w = o.w, h = o.h, tag = "coin"})
      left = left + 1
    end
  end
end

function _init()
  spawn_things()
  follow(player)
  say("intro")
  panel("hud", "left", {args = {n = left}, x = 4, y = 16})
  timer.after(240, function() say(nil) end)
end

local function patrol_tracker()
  -- The tracker bounces between walls; after each bounce it speeds up a
  -- little, so waiting is not a strategy.
  local vx = vel(tracker)
  if vx == 0 then
    local x = pos(tracker)
    local speed = math.min(3, 1.5 + tick() / 1200)
    if x > 160 then speed = -speed end
    setvel(tracker, speed, 0)
  end
end

local function pick_up()
  for _, c in ipairs(hits(player, "coin")) do
    kill(c)
    left = left - 1
    addscore(100)
    sfx("coin")
    local x, y = pos(player)
    fx("sparkle", x, y)
    panel("hud", "left", {args = {n = left}, x = 4, y = 16})
  end
  if left == 0 and not open then
    open = true
    sprite(exit, "exit", 1)
    say("exit_open")
    sfx("powerup")
  end
end

function _update()
  timer.update()
  steer.walk(player, SPEED)
  patrol_tracker()
  pick_up()
  if hit(player, "tracker") then
    flow.lose("caught")
  elseif open and hit(player, "exit") then
    -- Time left is worth points: one per tick.
    addscore(TIME_LIMIT - tick())
    flow.win("won", {score = score()})
  elseif tick() >= TIME_LIMIT then
    flow.lose("timeout")
  end
end
