-- quiz: a multiple-choice question by message keys. No choice is selected
-- until the player moves: UP/DOWN choose, then A answers (an A mashed
-- before does nothing), A again closes the explanation. Levels ask through
-- flow.ask, whose keys follow one convention (quiz1.q, quiz1.a1, ...).
--   local quiz = require("quiz")
--   quiz.ask{question = "q1", choices = {"q1.a", "q1.b", "q1.c"}, answer = 2,
--            explain = {"q1.why_a", "q1.why_b", "q1.why_c"}, points = 100,
--            done = function(correct) ... end}
--   function _update() if quiz.update() then return end ... end
local M = {}
local q

function M.ask(spec)
  assert(type(spec.question) == "string", "quiz.ask needs a question key")
  assert(type(spec.choices) == "table" and #spec.choices >= 2, "quiz.ask needs at least two choices")
  assert(spec.answer and spec.choices[spec.answer], "quiz.ask needs the number of the right answer")
  q = {spec = spec, sel = 0}
  panel("quiz", spec.question, {choices = spec.choices, sel = 0})
end

function M.active()
  return q ~= nil
end

-- update returns true while a question or its explanation is showing.
function M.update()
  if not q then return false end
  local s = q.spec
  if q.correct == nil then
    local n = #s.choices
    if btnp(UP) then q.sel = q.sel <= 1 and n or q.sel - 1; sfx("blip") end
    if btnp(DOWN) then q.sel = q.sel % n + 1; sfx("blip") end
    panel("quiz", s.question, {choices = s.choices, sel = q.sel})
    if btnp(A) and q.sel > 0 then
      q.correct = (q.sel == s.answer)
      -- Tells the host (a class's quiz results); changes nothing in play.
      quiz_answer(s.question, q.sel, q.correct)
      if q.correct then
        addscore(s.points or 100)
        sfx("coin")
      else
        sfx("hit")
      end
      local why = s.explain
      if type(why) == "table" then why = why[q.sel] end
      if why then panel("quiz", why) end
    end
  elseif btnp(A) then
    panel("quiz", nil)
    local done, correct = s.done, q.correct
    q = nil
    if done then done(correct) end
  end
  return true
end

return M
