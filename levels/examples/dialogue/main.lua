-- Example: dialogue and texts.
-- Lua never holds the sentences players read: it names *message keys*,
-- and text/en.toml and text/fr.toml give each key its sentence in each
-- language. A sentence may hold {placeholders} that the game fills in.
-- Walk to the guide and press A to talk. Once you have listened, the
-- gate opens: reach the exit before the museum closes (30 seconds).
local dialogue = require("dialogue")
local CLOSING = 30 * 60 -- ticks
local player, gate
local listened = false

function _init()
  player = spawn("player", 20, 84, {w = 12, h = 12})
  spawn("guide", 120, 84, {w = 12, h = 12, tag = "guide"})
  gate = spawn("gate", 220, 0, {w = 8, h = 180, solid = true})
  spawn("exit", 290, 84, {w = 12, h = 12, tag = "exit"})
  -- say(key, args) shows one line: {secs} in the text becomes 30.
  say("intro", {secs = CLOSING / 60})
end

local function talk()
  -- dialogue.start shows the lines one after the other; A shows the next.
  -- A line is a key, or {key, args} when its sentence has placeholders.
  dialogue.start({"guide.hello", {"guide.rooms", {n = 3}}, "guide.bye"}, function()
    -- This function runs after the last line.
    listened = true
    kill(gate)
    sfx("powerup")
    say("gate_open")
  end, {consume = true})
end

function _update()
  -- While a line shows, the level waits: the player cannot walk.
  if dialogue.update() then return end
  local dx, dy = 0, 0
  if btn(LEFT) then dx = -2 end
  if btn(RIGHT) then dx = 2 end
  if btn(UP) then dy = -2 end
  if btn(DOWN) then dy = 2 end
  move(player, dx, dy)
  if btnp(A) and not listened and hit(player, "guide") then talk() end
  if hit(player, "exit") then
    addscore(CLOSING - tick()) -- one point for every tick to spare
    say("won", {score = score()})
    win()
  elseif tick() >= CLOSING then
    say("closed")
    lose()
  end
end
