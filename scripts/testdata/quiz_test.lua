-- Tests of quiz.lua (see check.lua for the fakes).
local check = require("testdata.check")
local quiz = require("quiz")
local w = check.world

local function ask(done)
  quiz.ask{question = "q", choices = {"q.a1", "q.a2", "q.a3"}, answer = 3,
           explain = {"q.why1", "q.why2", "q.why3"}, done = done}
end

check.case("nothing is selected until the player moves", function()
  ask()
  check.eq(w.opts.quiz.sel, 0, "selected at first")
  check.step(quiz.update, A)
  check.eq(#w.answers, 0, "A mashed before a move answers nothing")
  check.ok(quiz.active(), "still asking")
end)

check.case("up and down wrap round the choices", function()
  ask()
  check.step(quiz.update, UP)
  check.eq(w.opts.quiz.sel, 3, "UP from nothing selects the last")
  check.step(quiz.update, DOWN)
  check.eq(w.opts.quiz.sel, 1, "DOWN from the last wraps to the first")
  check.eq(check.last_sound(), "blip", "a move blips")
end)

check.case("a wrong answer scores nothing and explains itself", function()
  local got
  ask(function(ok) got = ok end)
  check.step(quiz.update, DOWN)
  check.step(quiz.update, A)
  check.eq(w.score, 0, "score")
  check.eq(check.last_sound(), "hit", "sound")
  check.eq(w.panels.quiz, "q.why1", "explanation")
  check.eq(w.answers[1].correct, false, "reported wrong")
  check.step(quiz.update, A)
  check.eq(got, false, "done told wrong")
  check.eq(w.panels.quiz, nil, "panel hidden")
  check.ok(not quiz.active(), "closed")
end)

check.case("the right answer scores 100 by default", function()
  ask()
  check.step(quiz.update, UP)
  check.step(quiz.update, A)
  check.eq(w.score, 100, "score")
  check.eq(check.last_sound(), "coin", "sound")
end)

check.case("a question needs two choices and its answer", function()
  check.fails(function() quiz.ask{question = "q", choices = {"a"}, answer = 1} end, "two choices")
  check.fails(function() quiz.ask{question = "q", choices = {"a", "b"}, answer = 3} end, "right answer")
end)

check.case("update is false with no question", function()
  check.ok(not check.step(quiz.update, A), "nothing to show")
end)
