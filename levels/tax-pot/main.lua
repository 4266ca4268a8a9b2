-- Tax pot: a tax audit (contrôle fiscal). Companies walk out of their
-- office doors towards the tax haven on the right. There are two kinds,
-- both archetypes, never real firms:
--   * the shell company hides income from the tax office: that is fraud,
--     which is illegal. Reach it and press A to audit it: the tax it owes
--     and a fine fall out as coins. Picked up, they go into the public pot.
--   * the tax-avoidance scheme books its profits, on paper, in a low-tax
--     country: that is legal. An audit finds nothing, and costs time; only
--     the law can limit it (the level tells how, with the 15 % global
--     minimum tax, before it asks about it).
-- The pot funds a school, then the road, then the hospital. Level 1 of the
-- campaign, so it teaches first: one shell company comes alone, with a
-- hint for each control, and the pace rises gently after that.
local flow = require("flow")
local timer = require("timer")
local dialogue = require("dialogue")
local steer = require("steer")
local news = require("fleeting_note")

local TARGET = 60 -- coins in the pot to win
local MAX_ESCAPED = 14 -- this many shell companies in the haven loses (gentle: see levels/bots TestNewcomerWinsTheFirstLevel)
local TIME_LIMIT = 150 * 60 -- ticks of play (2 min 30 s)
local SPEED = 1.6 -- the player's pixels per tick, each axis
local COIN_POINTS = 10 -- score per coin in the pot
local SECOND_POINTS = 10 -- score per second left on winning
local AUDIT_BUSY = 30 -- ticks an audit keeps the inspector in place
local REACH = 16 -- how close (centre to centre, each axis) an audit reaches
local COIN_READY = 14 -- ticks a falling coin flies before it can be picked up
local NEAR = 40 -- how close the first shell company must be for the A hint

-- The playing field: inside the walls, left of the haven's border.
local TOP, BOTTOM = 16, 176
local BORDER = 272 -- x of the border line; beyond it, another jurisdiction
local GONE_X = 286 -- a company this far right has landed in the haven

-- The archetypes. speed: pixels per tick at the start; owed: the coins an
-- audit recovers (tax due and the fine); fraud: whether it breaks the law.
local KINDS = {
  shell = {speed = 0.35, owed = 6, fraud = true},
  scheme = {speed = 0.45, owed = 0, fraud = false},
}

-- What the pot funds, in order. The last one is the target.
local FUNDS = {
  {at = 15, what = "school"},
  {at = 35, what = "road"},
  {at = TARGET, what = "hospital"},
}

local ROAD_BROKEN, ROAD_FIXED = 5, 6 -- tile ids in tiles.png

-- Sprite names (levels/tax-pot/sprites).
local LOOK = {
  player = "inspector", coin = "coin", pot = "common-pot", gold = "coin-gold",
  haven = "haven-island",
  school = "new-school", hospital = "public-hospital",
  shell = "offshore", scheme = "scheme",
}

-- The questions (quiz1 at the school, quiz2 at the end): the number of
-- the right choice. Each choice has its own explanation.
local ANSWERS = {1, 2}

local player, pot_id
local places = {} -- map objects by class: pot, school, hospital, haven, road
local doors = {}
local companies = {} -- id -> {kind, ty, gone}
local coins = {} -- id -> {vx, vy, age}
-- The run's phases (flow): intro, play, talk, quiz, over.
local played = 0 -- ticks of play, not counting dialogues and questions
local pot, escaped, funded = 0, 0, 0
local busy, next_spawn = 0, 60
-- The lesson: "first" while the first shell company is on its own, then
-- "scheme" until the first scheme has been shown, then "done".
local lesson = "first"
local told = {} -- hints already shown, by key
local hud_text

local function clamp(v, lo, hi)
  if v < lo then return lo end
  if v > hi then return hi end
  return v
end

-- say_news shows a line under the HUD for a few seconds.
local function say_news(key, args)
  news.show(key, args, {name = "news", x = 4, y = 30, ticks = 200})
end

-- hint shows a news line once per run.
local function hint(key)
  if told[key] then return end
  told[key] = true
  say_news(key)
end

local function hud()
  local left = math.max(0, TIME_LIMIT - played)
  local secs = math.ceil(left / 60)
  local time = flow.clock(secs)
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
  dialogue.start({"intro.1", "intro.2", "intro.3", "intro.4", "intro.5"}, function() flow.go("play") end)
end

-- talk pauses the play for a few lines of dialogue.
local function talk(lines, done)
  flow.go("talk")
  news.hide()
  dialogue.start(lines, function()
    flow.go("play")
    if done then done() end
  end)
end

local function walk()
  if busy > 0 then
    busy = busy - 1
    return
  end
  steer.walk(player, SPEED)
  -- The doors lead out of the field, the border into another jurisdiction:
  -- the player stays between them.
  local x, y = pos(player)
  local w, h = size(player)
  local cx, cy = clamp(x, 16, BORDER - w), clamp(y, TOP, BOTTOM - h)
  if cx ~= x or cy ~= y then
    setpos(player, cx, cy)
    if cx < x then hint("border") end
  end
end

local function centre(id)
  local x, y = pos(id)
  local w, h = size(id)
  return x + w / 2, y + h / 2
end

-- drop flings n coins out of an audited company.
local function drop(id, n)
  local x, y = centre(id)
  for _ = 1, n do
    local a = rnd(2 * math.pi)
    local s = 1.6 + rnd(1.2)
    local c = spawn(LOOK.coin, x - 4, y - 4, {w = 6, h = 6, tag = "coin", z = 1})
    coins[c] = {vx = math.cos(a) * s, vy = math.sin(a) * s, age = 0}
  end
end

-- nearest returns the company closest to the player within dist pixels
-- (each axis), of the given kind if kind is set.
local function nearest(dist, kind)
  local px, py = centre(player)
  local best, best_d
  for id, c in pairs(companies) do
    if not c.gone and (not kind or c.kind == kind) then
      local x, y = centre(id)
      local ax, ay = math.abs(x - px), math.abs(y - py)
      if ax <= dist and ay <= dist and (not best or ax + ay < best_d or (ax + ay == best_d and id < best)) then
        best, best_d = id, ax + ay
      end
    end
  end
  return best
end

-- audit checks the company within reach when A is pressed.
local function audit()
  if lesson == "first" and nearest(NEAR, "shell") then hint("hint.audit") end
  if busy > 0 or not btnp(A) then return end
  local id = nearest(REACH)
  if not id then return end
  busy = AUDIT_BUSY
  local c = companies[id]
  local x, y = centre(id)
  if not KINDS[c.kind].fraud then
    -- Legal: nothing to recover. The audit only cost time.
    sfx("select")
    say_news("audit.scheme")
    return
  end
  drop(id, KINDS[c.kind].owed)
  sfx("hit")
  fx("coins", x, y)
  fx("sparkle", x, y)
  if lesson == "first" then
    say_news("audit.first")
    lesson = "scheme"
  else
    say_news("audit.shell")
  end
  companies[id] = nil
  kill(id)
end

-- ramp is how far into the time the play is, from 0 to 1.
local function ramp()
  return math.min(1, played / TIME_LIMIT)
end

local function spawn_company(kind, door)
  local y = door.y + 1
  local id = spawn(LOOK[kind], door.x + 2, y, {w = 12, h = 14, tag = kind, z = 1})
  companies[id] = {kind = kind, ty = rndi(TOP + 8, BOTTOM - 24), gone = false}
  fx("dust", door.x + 8, y + 8)
  return id
end

local function count()
  local n = 0
  for _ in pairs(companies) do n = n + 1 end
  return n
end

local function spawn_companies()
  next_spawn = next_spawn - 1
  if next_spawn > 0 then return end
  if lesson == "first" then
    -- The first shell company comes alone, by the door nearest the player.
    if count() == 0 and not told["hint.move"] then
      spawn_company("shell", doors[1])
      hint("hint.move")
    end
    next_spawn = 30
    return
  end
  if lesson == "scheme" then
    -- Then one scheme, shown and explained before the pace rises.
    spawn_company("scheme", doors[rndi(1, #doors)])
    lesson = "done"
    next_spawn = 240
    talk({"scheme.1", "scheme.2"})
    return
  end
  local r = ramp()
  next_spawn = math.floor(280 - 150 * r)
  if count() >= 2 + math.floor(3 * r) then return end
  local kind = "shell"
  if rnd() < 0.3 + 0.1 * r then kind = "scheme" end
  spawn_company(kind, doors[rndi(1, #doors)])
end

local function move_companies()
  local s_mult = 1 + 0.7 * ramp()
  for id, c in pairs(companies) do
    local x, y = pos(id)
    local s = KINDS[c.kind].speed * s_mult
    local dx, dy
    if y < TOP then
      dx, dy = 0, s
    elseif y + 14 > BOTTOM then
      dx, dy = 0, -s
    else
      dx = s
      dy = clamp(c.ty - y, -0.7 * s, 0.7 * s)
    end
    move(id, dx, dy)
    x = pos(id)
    if not c.gone and x >= BORDER then
      c.gone = true
      if KINDS[c.kind].fraud then
        escaped = escaped + 1
        say_news("escaped.shell", {n = escaped, max = MAX_ESCAPED})
        sfx("lose")
        if lesson == "first" then lesson = "scheme" end
      else
        say_news("escaped.scheme")
      end
    end
    if x >= GONE_X then
      fx("dust", x + 6, y + 7)
      companies[id] = nil
      kill(id)
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

local function finish_won()
  local secs = math.floor((TIME_LIMIT - played) / 60)
  addscore(secs * SECOND_POINTS)
  news.hide()
  flow.win("won", {score = score(), secs = secs})
end

-- ask pauses the play, lets the milestone's news be read, then asks
-- question n; done runs once the explanation is closed.
local function ask(n, done)
  flow.go("quiz")
  hud()
  timer.after(120, function()
    news.hide()
    flow.ask("quiz" .. n, {choices = 3, answer = ANSWERS[n], done = done})
  end)
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
  else
    spawn(LOOK[what], o.x, o.y, {w = o.w, h = o.h, tag = what})
  end
  fx("sparkle", o.x + o.w / 2, o.y + o.h / 2)
  if what == "school" then
    -- The first milestone is a pause: a question, then back to play.
    say_news("funded.school", {pot = pot})
    ask(1, function() flow.go("play") end)
  elseif what == "road" then
    -- The second tells how countries limit avoidance: the law.
    talk({{"funded.road", {pot = pot}}, "pillar.1", "pillar.2"})
  else
    -- Everything is funded: the last question, then the run is won.
    say_news("funded.hospital", {pot = pot})
    ask(2, finish_won)
  end
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
        return
      end
    end
  end
end

local function check_end()
  if escaped >= MAX_ESCAPED then
    news.hide()
    flow.lose("lost.escaped", {pot = pot})
  elseif played >= TIME_LIMIT then
    news.hide()
    flow.lose("lost.time", {pot = pot, target = TARGET})
  end
end

function _update()
  timer.update()
  news.update()
  if flow.paused() then return end
  if not flow.is("play") then return end
  played = played + 1
  walk()
  audit()
  spawn_companies()
  if not flow.is("play") then return end
  move_companies()
  move_coins()
  pick_up()
  if flow.is("play") then check_end() end
  hud()
end
