-- A new level: move the square with the arrows and reach the flag.
local p
function _init()
  p = spawn("player", 16, 80, {w = 12, h = 12, solid = true, tag = "player"})
  spawn("flag", 280, 80, {w = 12, h = 12, tag = "goal"})
  say("intro")
end

function _update()
  local dx, dy = 0, 0
  if btn(LEFT) then dx = -2 end
  if btn(RIGHT) then dx = 2 end
  if btn(UP) then dy = -2 end
  if btn(DOWN) then dy = 2 end
  move(p, dx, dy)
  if hit(p, "goal") then
    score(100)
    say("win")
    win()
  end
end
