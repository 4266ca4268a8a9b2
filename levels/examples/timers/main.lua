-- Example: timers.
-- There is no clock in a level: time is counted in ticks, 60 every
-- second. The shared module "timer" calls a function later, once
-- (timer.after) or again and again (timer.every).
-- The lamp lights up every 2 seconds for half a second. Press A while it
-- shines, 3 times, within 10 seconds. Pressing A in the dark loses.
local timer = require("timer")
local TIME = 10 * 60 -- ticks: 10 seconds
local lamp
local lit = false
local caught = 0

local function light(on)
  lit = on
  show(lamp, on) -- show(id, false) hides an entity without killing it
end

function _init()
  spawn("lamp_off", 152, 72, {w = 16, h = 16})
  lamp = spawn("lamp_on", 152, 72, {w = 16, h = 16, z = 1, hidden = true})
  say("intro")
  -- Every 120 ticks (2 seconds): light the lamp...
  timer.every(120, function()
    light(true)
    sfx("blip")
    -- ...and, 30 ticks (half a second) later, put it out again.
    timer.after(30, function() light(false) end)
  end)
  -- One more timer for the whole level: when it fires, time is up.
  timer.after(TIME, function()
    say("timeout")
    lose()
  end)
end

function _update()
  timer.update() -- runs the timers that are due: call it every tick
  local secs = math.ceil((TIME - tick()) / 60)
  panel("hud", "hud", {args = {n = caught, secs = secs}, x = 4, y = 4})
  if btnp(A) then -- btnp: pressed on this very tick
    if lit then
      caught = caught + 1
      addscore(10)
      sfx("coin")
      light(false)
      if caught == 3 then
        say("won")
        win()
      end
    else
      say("too_soon")
      sfx("hit")
      lose()
    end
  end
end
