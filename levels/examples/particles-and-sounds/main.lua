-- Example: particles and sounds.
-- sfx("name") plays a ready-made sound (blip, coin, hit, jump, lose,
-- pickup, powerup, select, win); sfx{...} builds a sound from numbers.
-- fx(kind, x, y) throws particles: "sparkle", "dust", "coins" or "burst".
-- Both are only for eyes and ears: they never change the game itself.
-- Pick up the five stars without touching the live wires.
local player
local stars = 5

function _init()
  player = spawn("player", 16, 84, {w = 12, h = 12})
  for i = 1, stars do
    spawn("star", 20 + i * 48, 30 + (i % 2) * 110, {w = 8, h = 8, tag = "star"})
  end
  spawn("wire", 92, 60, {w = 4, h = 60, tag = "wire"})
  spawn("wire", 188, 60, {w = 4, h = 60, tag = "wire"})
  say("intro")
end

function _update()
  local dx, dy = 0, 0
  if btn(LEFT) then dx = -2 end
  if btn(RIGHT) then dx = 2 end
  if btn(UP) then dy = -2 end
  if btn(DOWN) then dy = 2 end
  move(player, dx, dy)
  local x, y = pos(player)
  -- A puff of dust at the feet every 8 ticks while walking.
  if (dx ~= 0 or dy ~= 0) and tick() % 8 == 0 then fx("dust", x + 6, y + 12) end
  -- A: a sound made from numbers (a sine wave sliding up) and sparkles.
  if btnp(A) then
    sfx{wave = "sine", freq = 440, slide = 880, decay = 0.25, volume = 0.4}
    fx("sparkle", x + 6, y)
  end
  for _, s in ipairs(hits(player, "star")) do
    kill(s)
    stars = stars - 1
    sfx("pickup")
    fx("coins", x + 6, y + 6)
  end
  if hit(player, "wire") then
    sfx{wave = "noise", freq = 300, slide = -200, decay = 0.5} -- a crackle
    fx("burst", x + 6, y + 6)
    say("zapped")
    lose()
  elseif stars == 0 then
    sfx("win")
    fx("burst", x + 6, y + 6)
    score(500)
    say("won")
    win()
  end
end
