-- Tests of timer.lua (see check.lua for the fakes).
local check = require("testdata.check")
local timer = require("timer")

check.case("after runs once, on its tick", function()
  local n = 0
  timer.after(2, function() n = n + 1 end)
  check.step(timer.update)
  check.eq(n, 0, "after 1 tick")
  check.step(timer.update)
  check.eq(n, 1, "after 2 ticks")
  for _ = 1, 5 do check.step(timer.update) end
  check.eq(n, 1, "later")
end)

check.case("every repeats until cleared", function()
  local n = 0
  timer.every(3, function() n = n + 1 end)
  for _ = 1, 9 do check.step(timer.update) end
  check.eq(n, 3, "after 9 ticks")
  timer.clear()
  for _ = 1, 9 do check.step(timer.update) end
  check.eq(n, 3, "after clear")
end)

check.case("every needs a tick at least", function()
  check.fails(function() timer.every(0, function() end) end, "at least 1 tick")
end)
