-- Example: a quiz.
-- The shared module "quiz" asks a multiple-choice question in a panel:
-- nothing is selected until the player moves (an A mashed before does
-- nothing); UP and DOWN choose, A answers, A again closes the explanation.
-- Here, three questions in a row; two right answers win.
local quiz = require("quiz")

-- Each question lives in the catalogues under its own key: q1.question,
-- q1.a, q1.b, q1.c and q1.why. "answer" is the number of the right choice.
local QUESTIONS = {
  {key = "q1", answer = 2},
  {key = "q2", answer = 1},
  {key = "q3", answer = 3},
}
local current, right = 0, 0

local function ask_next()
  current = current + 1
  local q = QUESTIONS[current]
  if q == nil then -- no question left: the end
    if right >= 2 then
      say("won", {n = right})
      win()
    else
      say("lost", {n = right})
      lose()
    end
    return
  end
  local k = q.key
  quiz.ask{
    question = k .. ".question",
    choices = {k .. ".a", k .. ".b", k .. ".c"},
    answer = q.answer,
    explain = k .. ".why", -- shown after answering, right or wrong
    points = 100,          -- added to the score when right
    done = function(correct) -- called when the explanation closes
      if correct then right = right + 1 end
      ask_next()
    end,
  }
end

function _init()
  ask_next()
end

function _update()
  -- quiz.update() reads UP, DOWN and A while a question shows.
  quiz.update()
  panel("hud", "hud", {args = {n = current, right = right}, x = 4, y = 4})
end
