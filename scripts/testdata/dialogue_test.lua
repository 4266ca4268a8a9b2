-- Tests of dialogue.lua (see check.lua for the fakes).
local check = require("testdata.check")
local dialogue = require("dialogue")
local w = check.world

check.case("lines show one after another on A", function()
  dialogue.start({"a", {"b", {n = 2}}})
  check.eq(w.said, "a", "first line")
  check.ok(check.step(dialogue.update), "waits for A")
  check.eq(w.said, "a", "still the first line")
  check.ok(check.step(dialogue.update, A), "second line")
  check.eq(w.said, "b", "second line's key")
  check.eq(w.said_args.n, 2, "its args")
end)

check.case("the closing A is play's unless consumed", function()
  local done = 0
  dialogue.start({"a"}, function() done = done + 1 end)
  check.ok(not check.step(dialogue.update, A), "closing tick")
  check.eq(done, 1, "done once")
  check.eq(w.said, nil, "hidden")
  check.eq(check.last_sound(), "select", "closing sound")
  dialogue.start({"a"}, nil, {consume = true})
  check.ok(check.step(dialogue.update, A), "consumed closing tick")
  check.ok(not dialogue.active(), "closed")
end)

check.case("every line needs a message key", function()
  check.fails(function() dialogue.start({}) end, "list of message keys")
  check.fails(function() dialogue.start({"a", {3}}) end, "line 2")
end)
