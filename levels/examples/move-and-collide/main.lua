-- Example: moving and colliding.
-- The arrow keys move the player. Grey walls are *solid*: move() stops
-- the player against them. Touch the flag to win; touch the lava to lose.
local SPEED = 2 -- pixels per tick (the game runs 60 ticks every second)
local player

-- A wall is an entity spawned with solid = true: nothing walks through it.
local function wall(x, y, w, h)
  spawn("wall", x, y, {w = w, h = h, solid = true})
end

-- _init runs once, when the level starts: put everything in place.
function _init()
  player = spawn("player", 16, 84, {w = 12, h = 12})
  wall(0, 0, 320, 8)     -- the four edges of the screen (320 x 180)
  wall(0, 172, 320, 8)
  wall(0, 8, 8, 164)
  wall(312, 8, 8, 164)
  wall(100, 8, 8, 110)   -- go round this wall below it...
  wall(200, 62, 8, 110)  -- ...and round this one above it
  -- A tag is a name for a kind of thing, so hit() can look for it.
  spawn("lava", 140, 130, {w = 30, h = 42, tag = "lava"})
  spawn("flag", 290, 84, {w = 12, h = 12, tag = "goal"})
  say("intro") -- a line of text, by its key in text/en.toml and text/fr.toml
end

-- _update runs every tick: read the keys, move, look at what we touch.
function _update()
  local dx, dy = 0, 0
  if btn(LEFT) then dx = -SPEED end
  if btn(RIGHT) then dx = SPEED end
  if btn(UP) then dy = -SPEED end
  if btn(DOWN) then dy = SPEED end
  -- move() slides along solid things. It tells whether each axis was
  -- blocked: bumping into a wall makes a small sound.
  local blockedx, blockedy = move(player, dx, dy)
  if (blockedx or blockedy) and tick() % 20 == 0 then sfx("blip") end
  -- hit(id, tag) gives a thing with that tag overlapping the player, or nil.
  if hit(player, "lava") then
    say("lost")
    lose() -- the run ends, lost
  elseif hit(player, "goal") then
    score(100)
    say("won")
    win() -- the run ends, won
  end
end
