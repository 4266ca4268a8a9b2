-- check: the assert helper of the Lua tests of scripts/ (run by
-- scripts/lua_test.go, one fresh sandbox per case).
--   local check = require("testdata.check")
--   check.case("a question selects nothing at first", function()
--     check.eq(sel, 0, "selected choice")
--   end)
-- A failing check names the test file and line that called it. The level
-- API the modules call for input and output (btnp, tick, say, panel, sfx,
-- win, lose, addscore, quiz_answer) is replaced by fakes that the cases
-- drive and read; the world's own entities (spawn, pos, hits) stay real.
local M = {}

-- only is the name of the one case this sandbox runs (set by the runner).
M.only = nil

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end

-- eq fails unless got == want; what names the value.
function M.eq(got, want, what)
  if got ~= want then
    error(string.format("%s: got %s, want %s", what or "value", show(got), show(want)), 2)
  end
end

-- ok fails unless v is true; what says what should hold.
function M.ok(v, what)
  if not v then error((what or "check") .. ": not so", 2) end
end

-- fails fails unless fn raises an error whose message contains part.
function M.fails(fn, part)
  local ok, err = pcall(fn)
  if ok then error("no error, want one with " .. show(part), 2) end
  if not string.find(tostring(err), part, 1, true) then
    error("error " .. show(tostring(err)) .. ", want one with " .. show(part), 2)
  end
end

-- The fakes. world.panels[name] is the key shown in panel name (nil when
-- hidden), world.opts[name] its options; world.said the dialogue line;
-- world.sounds the sounds in order; world.outcome "win" or "lose";
-- world.score; world.answers the quiz answers reported.
local world = {}
M.world = world
local pressed = {}
local real_log = log

local function reset()
  world.now, world.panels, world.opts = 0, {}, {}
  world.said, world.said_args, world.sounds = nil, nil, {}
  world.outcome, world.score, world.answers = nil, 0, {}
end
reset()

btnp = function(b) return pressed[b] == true end
tick = function() return world.now end
say = function(key, args) world.said, world.said_args = key, args end
panel = function(name, key, opts) world.panels[name], world.opts[name] = key, opts end
sfx = function(name) world.sounds[#world.sounds + 1] = name end
win = function() world.outcome = "win" end
lose = function() world.outcome = "lose" end
addscore = function(n) world.score = world.score + n end
score = function() return world.score end
quiz_answer = function(q, choice, correct)
  world.answers[#world.answers + 1] = {q = q, choice = choice, correct = correct}
end

-- step is one tick: the buttons listed are pressed on it, then fn runs
-- (the level's _update, say) and its results are returned.
function M.step(fn, ...)
  world.now = world.now + 1
  pressed = {}
  for _, b in ipairs({...}) do pressed[b] = true end
  local r = {fn()}
  pressed = {}
  return unpack(r)
end

-- last is the last sound played.
function M.last_sound()
  return world.sounds[#world.sounds]
end

-- case runs fn if it is the case this sandbox was started for.
function M.case(name, fn)
  if name ~= M.only then return end
  fn()
  real_log("ok " .. name)
end

return M
