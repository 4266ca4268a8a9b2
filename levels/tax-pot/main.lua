-- Tax pot: a small brawler after the browser game Fiscal Kombat (2017).
-- Tax dodgers (archetypes: the offshore holding, the lobbyist) walk out of
-- their office doors and head for the tax haven on the right. Catch one and
-- press A to shake it: the coins that fall, once picked up, go into the
-- public pot, which funds a school, then the road, then the hospital. Fill
-- the pot before time runs out, and do not let too many dodgers escape.
-- More dodgers come, and faster, as time goes on.
local timer = require("timer")
local dialogue = require("dialogue")
local quiz = require("quiz")
local steer = require("steer")

local TARGET = 120 -- coins in the pot to win
local MAX_ESCAPED = 8 -- this many dodgers in the haven loses
local TIME_LIMIT = 150 * 60 -- ticks of play (2 min 30 s)
local SPEED = 1.6 -- the player's pixels per tick, each axis
local COIN_POINTS = 10 -- score per coin in the pot
local SECOND_POINTS = 10 -- score per second left on winning
local SHAKE_COOLDOWN = 8 -- ticks between two shakes
local REACH_X, REACH_Y = 15, 15 -- how close (centre to centre) a shake reaches
local COIN_READY = 14 -- ticks a falling coin flies before it can be picked up

-- The playing field: inside the walls, left of the haven's border.
local TOP, BOTTOM = 16, 176
local BORDER = 272 -- x of the border line; beyond it, another jurisdiction
local GONE_X = 286 -- a dodger this far right has landed in the haven

-- The archetypes. speed: pixels per tick at the start; stash: coins they
-- carry; per: coins that fall per shake; dodge: how hard they sidestep you.
local KINDS = {
  holding = {speed = 0.4, stash = 8, per = 2, dodge = 0},
  lobbyist = {speed = 0.65, stash = 4, per = 1, dodge = 0.8},
}

-- What the pot funds, in order. The last one is the target.
local FUNDS = {
  {at = 35, what = "school"},
  {at = 75, what = "road"},
  {at = TARGET, what = "hospital"},
}

local ROAD_BROKEN, ROAD_FIXED = 5, 6 -- tile ids in tiles.png

-- Sprite names. There is no art yet: the renderer draws each as a box of a
-- colour it picks from the name, and these names give distinct colours.
local LOOK = {
  player = "inspector", coin = "coin", pot = "common-pot", gold = "coin-gold",
  haven = "haven-island",
  school = "new-school", hospital = "public-hospital",
  holding = "offshore", lobbyist = "lobbyist",
}

-- The questions, asked at the first milestone and at the end. Each answer
-- has its own explanation.
local QUESTIONS = {
  {question = "quiz1.q", choices = {"quiz1.a1", "quiz1.a2", "quiz1.a3"}, answer = 1,
   explain = {"quiz1.why1", "quiz1.why2", "quiz1.why3"}},
  {question = "quiz2.q", choices = {"quiz2.a1", "quiz2.a2", "quiz2.a3"}, answer = 2,
   explain = {"quiz2.why1", "quiz2.why2", "quiz2.why3"}},
}

local player, pot_id
local places = {} -- map objects by class: pot, school, hospital, haven, road
local doors = {}
local dodgers = {} -- id -> {kind, stash, stun, ty, gone}
local coins = {} -- id -> {vx, vy, age}
local phase = "intro" -- intro, play, quiz, over
local played = 0 -- ticks of play, not counting the intro and the quiz
local pot, escaped, funded = 0, 0, 0
local cooldown, next_spawn = 0, 90
local border_told = false
local hud_text

local function clamp(v, lo, hi)
  if v < lo then return lo end
  if v > hi then return hi end
  return v
end

-- news shows a line under the HUD for a few seconds.
local news_id = 0
local function news(key, args)
  news_id = news_id + 1
  local mine = news_id
  panel("news", key, {args = args, x = 4, y = 30})
  timer.after(200, function()
    if news_id == mine then panel("news", nil) end
  end)
end

local function hud()
  local left = math.max(0, TIME_LIMIT - played)
  local secs = math.ceil(left / 60)
  local time = string.format("%d:%02d", math.floor(secs / 60), secs % 60)
  local text = pot .. "|" .. escaped .. "|" .. time
  if text == hud_text then return end
  hud_text = text
  panel("hud", "hud", {args = {pot = pot, target = TARGET, out = escaped, max = MAX_ESCAPED, time = time}, x = 4, y = 16})
end

function _init()
  for _, o in ipairs(objects()) do
    if o.class == "door" then
      doors[#doors + 1] = o
    else
      places[o.class] = o
    end
  end
  local p = places.player
  player = spawn(LOOK.player, p.x, p.y, {w = p.w, h = p.h, tag = "player", z = 2})
  local o = places.pot
  -- The pot, and the gold inside it that rises like a gauge as it fills.
  spawn(LOOK.pot, o.x, o.y, {w = o.w, h = o.h, tag = "pot"})
  pot_id = spawn(LOOK.gold, o.x + 3, o.y + o.h - 3, {w = o.w - 6, h = 0, tag = "gold", z = 1})
  o = places.haven
  spawn(LOOK.haven, o.x, o.y, {w = o.w, h = o.h, tag = "haven"})
  hud()
  dialogue.start({"intro.1", "intro.2", "intro.3"}, function() phase = "play" end)
end

local function walk()
  steer.walk(player, SPEED)
  -- The doors lead out of the field, the border into another jurisdiction:
  -- the player stays between them.
  local x, y = pos(player)
  local w, h = size(player)
  local cx, cy = clamp(x, 16, BORDER - w), clamp(y, TOP, BOTTOM - h)
  if cx ~= x or cy ~= y then
    setpos(player, cx, cy)
    if cx < x and not border_told then
      border_told = true
      news("border")
    end
  end
end

local function centre(id)
  local x, y = pos(id)
  local w, h = size(id)
  return x + w / 2, y + h / 2
end

-- drop flings n coins out of a shaken dodger.
local function drop(d, n)
  local x, y = centre(d)
  for _ = 1, n do
    local a = rnd(2 * math.pi)
    local s = 1.6 + rnd(1.2)
    local c = spawn(LOOK.coin, x - 4, y - 4, {w = 6, h = 6, tag = "coin", z = 1})
    coins[c] = {vx = math.cos(a) * s, vy = math.sin(a) * s, age = 0}
  end
end

-- shake shakes the nearest dodger within reach when A is pressed.
local function shake()
  if cooldown > 0 then cooldown = cooldown - 1 end
  if not btnp(A) or cooldown > 0 then return end
  local px, py = centre(player)
  local best, best_d
  for _, d in ipairs(find("dodger")) do
    local info = dodgers[d]
    local x, y = centre(d)
    local ax, ay = math.abs(x - px), math.abs(y - py)
    if not info.gone and ax <= REACH_X and ay <= REACH_Y and (not best or ax + ay < best_d) then
      best, best_d = d, ax + ay
    end
  end
  if not best then return end
  cooldown = SHAKE_COOLDOWN
  local info = dodgers[best]
  local k = KINDS[info.kind]
  local n = math.min(k.per, info.stash)
  info.stash = info.stash - n
  info.stun = 30
  drop(best, n)
  sfx("hit")
  local x, y = centre(best)
  fx("coins", x, y)
  if info.stash <= 0 then
    -- Nothing left to shake out: it has paid its share and goes home.
    news("paid." .. info.kind)
    sfx("pickup")
    fx("sparkle", x, y)
    dodgers[best] = nil
    kill(best)
  end
end

-- ramp is how far into the time the play is, from 0 to 1.
local function ramp()
  return math.min(1, played / TIME_LIMIT)
end

local function spawn_dodgers()
  next_spawn = next_spawn - 1
  if next_spawn > 0 then return end
  local r = ramp()
  next_spawn = math.floor(180 - 110 * r)
  if #find("dodger") >= 2 + math.floor(5 * r) then return end
  local door = doors[rndi(1, #doors)]
  local kind = "holding"
  if rnd() < 0.35 + 0.3 * r then kind = "lobbyist" end
  local y = door.y + 1
  local d = spawn(LOOK[kind], door.x + 2, y, {w = 12, h = 14, tag = "dodger", z = 1})
  dodgers[d] = {kind = kind, stash = KINDS[kind].stash, stun = 0, ty = rndi(TOP + 8, BOTTOM - 24), gone = false}
  fx("dust", door.x + 8, y + 8)
end

local function move_dodgers()
  local s_mult = 1 + 0.8 * ramp()
  local px, py = centre(player)
  for _, d in ipairs(find("dodger")) do
    local info = dodgers[d]
    local k = KINDS[info.kind]
    local x, y = pos(d)
    if info.stun > 0 then
      -- Shaken: it jiggles on the spot (two pixels each way, back where it was).
      info.stun = info.stun - 1
      local j = info.stun % 4
      if j == 0 or j == 3 then move(d, 2, 0) else move(d, -2, 0) end
    else
      local s = k.speed * s_mult
      local dx, dy
      if y < TOP then
        dx, dy = 0, s
      elseif y + 14 > BOTTOM then
        dx, dy = 0, -s
      else
        dx = s
        dy = clamp(info.ty - y, -0.7 * s, 0.7 * s)
        local cx, cy = x + 6, y + 7
        if k.dodge > 0 and not info.gone and math.abs(px - cx) < 40 and math.abs(py - cy) < 28 then
          -- The lobbyist sidesteps: away from the player, and keeps going there.
          local away = s * k.dodge
          if py > cy then away = -away end
          if y + away < TOP + 2 or y + away > BOTTOM - 16 then away = -away end
          dy = away
          info.ty = clamp(y + away * 40, TOP + 4, BOTTOM - 18)
        end
      end
      move(d, dx, dy)
      x = pos(d)
      if not info.gone and x >= BORDER then
        info.gone = true
        escaped = escaped + 1
        news("escaped." .. info.kind, {n = escaped, max = MAX_ESCAPED})
        sfx("lose")
      end
      if x >= GONE_X then
        fx("dust", x + 6, y + 7)
        dodgers[d] = nil
        kill(d)
      end
    end
  end
end

local function move_coins()
  for _, c in ipairs(find("coin")) do
    local info = coins[c]
    info.age = info.age + 1
    if info.vx ~= 0 or info.vy ~= 0 then
      local bx, by = move(c, info.vx, info.vy)
      if bx then info.vx = -info.vx end
      if by then info.vy = -info.vy end
      -- Coins do not fall across the border: they bounce off it.
      local x, y = pos(c)
      if x > BORDER - 8 then
        setpos(c, BORDER - 8, y)
        info.vx = -math.abs(info.vx)
      end
      info.vx, info.vy = info.vx * 0.88, info.vy * 0.88
      if math.abs(info.vx) + math.abs(info.vy) < 0.1 then
        info.vx, info.vy = 0, 0
      end
    end
  end
end

local function fund(what)
  sfx("powerup")
  local o = places[what]
  if what == "road" then
    local x0, y0 = math.floor(o.x / 16), math.floor(o.y / 16)
    for cy = y0, y0 + math.floor(o.h / 16) - 1 do
      for cx = x0, x0 + math.floor(o.w / 16) - 1 do
        if mget(cx, cy, "floor") == ROAD_BROKEN then mset(cx, cy, ROAD_FIXED, "floor") end
      end
    end
    fx("sparkle", o.x + o.w / 2, o.y + o.h / 2)
  else
    spawn(LOOK[what], o.x, o.y, {w = o.w, h = o.h, tag = what})
    fx("sparkle", o.x + o.w / 2, o.y + o.h / 2)
  end
  news("funded." .. what, {pot = pot})
end

local function finish_won()
  phase = "over"
  local secs = math.floor((TIME_LIMIT - played) / 60)
  addscore(secs * SECOND_POINTS)
  panel("news", nil)
  say("won", {score = score(), secs = secs})
  sfx("win")
  win()
end

-- ask pauses the play, lets the milestone's news be read, then asks
-- question n; done runs once the explanation is closed.
local function ask(n, done)
  phase = "quiz"
  hud()
  timer.after(120, function()
    panel("news", nil)
    local q = QUESTIONS[n]
    quiz.ask{question = q.question, choices = q.choices, answer = q.answer, explain = q.explain, done = done}
  end)
end

-- fill raises the gold in the pot with the coins in it.
local function fill()
  local o = places.pot
  local h = math.floor((o.h - 6) * math.min(1, pot / TARGET))
  size(pot_id, o.w - 6, h)
  setpos(pot_id, o.x + 3, o.y + o.h - 3 - h)
end

local function pick_up()
  for _, c in ipairs(hits(player, "coin")) do
    if coins[c].age >= COIN_READY then
      coins[c] = nil
      local x, y = pos(c)
      kill(c)
      pot = pot + 1
      addscore(COIN_POINTS)
      sfx("coin")
      fx("sparkle", x + 3, y + 3)
      local o = places.pot
      fx("coins", o.x + o.w / 2, o.y + o.h / 2)
      fill()
      local f = FUNDS[funded + 1]
      if f and pot >= f.at then
        funded = funded + 1
        fund(f.what)
        if funded == 1 then
          -- The first milestone is a pause: a question, then back to play.
          ask(1, function() phase = "play" end)
          return
        end
      end
      if pot >= TARGET then
        -- Everything is funded: the last question, then the run is won.
        ask(2, finish_won)
        return
      end
    end
  end
end

local function check_end()
  if escaped >= MAX_ESCAPED then
    phase = "over"
    panel("news", nil)
    say("lost.escaped", {pot = pot})
    sfx("lose")
    lose()
  elseif played >= TIME_LIMIT then
    phase = "over"
    panel("news", nil)
    say("lost.time", {pot = pot, target = TARGET})
    sfx("lose")
    lose()
  end
end

function _update()
  timer.update()
  if dialogue.update() then return end
  if quiz.update() then return end
  if phase ~= "play" then return end
  played = played + 1
  walk()
  shake()
  spawn_dodgers()
  move_dodgers()
  move_coins()
  pick_up()
  if phase == "play" then check_end() end
  hud()
end
