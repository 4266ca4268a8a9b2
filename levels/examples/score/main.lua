-- Example: the score, winning and losing.
-- score() reads the score, addscore(n) adds n to it (n may be negative).
-- win() and lose() end the run; the first one called is the one that counts.
-- Walk left and right: seeds give 10 points, stones take 20 away.
-- Reach 100 points within 20 seconds to win; below 0, or too slow, you lose.
local timer = require("timer")
local TARGET, TIME = 100, 20 * 60
local player

-- drop puts a seed or a stone somewhere on the ground. rndi(lo, hi) draws a
-- whole number from the run's own dice: a replay of the run, on the same
-- seed, draws the same numbers, so the server can check the score.
local function drop()
  local x = rndi(0, 30) * 10
  if rndi(1, 4) == 1 then
    local stone = spawn("stone", x, 150, {w = 10, h = 10, tag = "stone"})
    timer.after(120, function() kill(stone) end) -- stones last 2 seconds
  else
    spawn("seed", x, 152, {w = 8, h = 8, tag = "seed"})
  end
end

function _init()
  player = spawn("player", 154, 148, {w = 12, h = 12})
  say("intro", {target = TARGET})
  timer.every(40, drop)
end

function _update()
  timer.update()
  if btn(LEFT) then move(player, -2, 0) end
  if btn(RIGHT) then move(player, 2, 0) end
  for _, id in ipairs(hits(player, "seed")) do kill(id) addscore(10) sfx("coin") end
  for _, id in ipairs(hits(player, "stone")) do kill(id) addscore(-20) sfx("hit") end
  local left = math.ceil((TIME - tick()) / 60)
  panel("hud", "hud", {args = {score = score(), secs = left}, x = 4, y = 4})
  -- Check the end of the run once per tick, after the score has changed.
  if score() >= TARGET then
    say("won")
    win()
  elseif score() < 0 then
    say("below_zero")
    lose()
  elseif tick() >= TIME then
    say("timeout", {score = score()})
    lose()
  end
end
