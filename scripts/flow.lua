-- flow: the shape of a level's run, written once for every level.
--
--   local flow = require("flow")
--
-- A run is in one phase at a time, a name the level chooses ("intro",
-- "play", "talk", "quiz", ...). It starts in "intro"; only flow.win and
-- flow.lose put it in "over".
--   flow.go("play")            enter a phase
--   flow.is("play")            true while in that phase
--   flow.phase()               the phase's name
--
-- Dialogues and questions hold the play. The first line of _update after
-- the timers:
--   if flow.paused() then return end
-- runs the dialogue, then the question, and is true while either shows.
-- On the tick whose A closes a dialogue it is false (unless the dialogue
-- was started with {consume = true}), so what the dialogue's done opened
-- sees that tick: a question opened then ignores the press, since no
-- choice is selected until the player moves.
--
-- A question follows one key convention in the catalogues: "quiz1.q" is
-- the question, "quiz1.a1", "quiz1.a2", ... its choices in the order shown,
-- "quiz1.why1", ... the explanation of each choice.
--   flow.ask("quiz1", {choices = 3, answer = 2, points = 150,
--                      done = function(correct) flow.go("play") end})
--
-- A run ends one way: the closing line (a message key with its args), its
-- sound, the outcome, and the phase "over".
--   flow.win("won", {score = score()})
--   flow.lose("lost.time", {pot = pot})
--
-- Two helpers levels kept writing:
--   flow.overlaps(a, b)        do entities a and b overlap? (as hits does)
--   flow.clock(secs)           "2:05" for 125 seconds
local dialogue = require("dialogue")
local quiz = require("quiz")

local M = {}
local current = "intro"

-- go enters the phase name. "over" belongs to win and lose.
function M.go(name)
  assert(type(name) == "string", "flow.go needs a phase name")
  assert(name ~= "over", "flow.go: end a run with flow.win or flow.lose")
  assert(current ~= "over", "flow.go: the run is over")
  current = name
end

-- is tells whether the run is in the phase name.
function M.is(name)
  return current == name
end

-- phase returns the name of the current phase.
function M.phase()
  return current
end

-- paused runs the dialogue and the question of this tick and returns true
-- while either is showing: the level's play waits.
function M.paused()
  if dialogue.update() then return true end
  return quiz.update()
end

-- keys returns the message keys of question name with n choices.
function M.keys(name, n)
  local choices, explain = {}, {}
  for i = 1, n do
    choices[i] = name .. ".a" .. i
    explain[i] = name .. ".why" .. i
  end
  return name .. ".q", choices, explain
end

-- ask shows question name (see the key convention above). spec.choices is
-- how many choices it has, spec.answer the number of the right one;
-- spec.points (default 100) and spec.done are quiz.ask's.
function M.ask(name, spec)
  assert(type(name) == "string", "flow.ask needs a question name")
  assert(type(spec) == "table" and type(spec.choices) == "number",
    "flow.ask needs the number of choices")
  local question, choices, explain = M.keys(name, spec.choices)
  quiz.ask{question = question, choices = choices, answer = spec.answer,
           explain = explain, points = spec.points, done = spec.done}
end

local function finish(key, args, sound)
  assert(current ~= "over", "the run is already over")
  assert(type(key) == "string", "a run ends on a message key")
  current = "over"
  say(key, args)
  sfx(sound)
end

-- win ends the run won, on the message key with its args.
function M.win(key, args)
  finish(key, args, "win")
  win()
end

-- lose ends the run lost, on the message key with its args.
function M.lose(key, args)
  finish(key, args, "lose")
  lose()
end

-- over tells whether the run has ended.
function M.over()
  return current == "over"
end

-- overlaps tells whether the boxes of entities a and b overlap (touching
-- edges do not), as hits(a) would list b. A dead entity overlaps nothing.
function M.overlaps(a, b)
  if a == b or not alive(a) or not alive(b) then return false end
  local ax, ay = pos(a)
  local aw, ah = size(a)
  local bx, by = pos(b)
  local bw, bh = size(b)
  return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah
end

-- clock writes a number of seconds as minutes and seconds: "2:05".
function M.clock(secs)
  return string.format("%d:%02d", math.floor(secs / 60), secs % 60)
end

return M
