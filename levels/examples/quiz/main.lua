-- Example: a quiz.
-- flow.ask (scripts/flow.lua, on the shared module "quiz") asks a
-- multiple-choice question in a panel: nothing is selected until the
-- player moves (an A mashed before does nothing); UP and DOWN choose, A
-- answers, A again closes the explanation of the choice.
-- Here, three questions in a row; two right answers win.
local flow = require("flow")

-- Each question lives in the catalogues under its own name: quiz1.q,
-- its choices quiz1.a1 to quiz1.a3, and an explanation for each choice,
-- quiz1.why1 to quiz1.why3. ANSWERS holds the number of the right choice.
local ANSWERS = {2, 1, 3}
local current, right = 0, 0

local function ask_next()
  current = current + 1
  if current > #ANSWERS then -- no question left: the end
    if right >= 2 then
      flow.win("won", {n = right})
    else
      flow.lose("lost", {n = right})
    end
    return
  end
  flow.ask("quiz" .. current, {
    choices = 3,
    answer = ANSWERS[current],
    points = 100, -- added to the score when right
    done = function(correct) -- called when the explanation closes
      if correct then
        right = right + 1
      end
      ask_next()
    end,
  })
end

function _init()
  ask_next()
end

function _update()
  -- flow.paused() reads UP, DOWN and A while a question shows.
  flow.paused()
  panel("hud", "hud", {args = {n = current, right = right}, x = 4, y = 4})
end
