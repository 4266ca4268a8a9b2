-- The four freedoms: a small top-down maze. Pick up the freedoms one after
-- another (0, 1, 2, 3); each one makes the maze harder. Licence walls patrol
-- the gaps between rooms, the pre-installed shrink-wrap chases you and sticks.
-- With the four freedoms (and a stop at the shop about tied sales), the
-- source chest opens: reach it to win.
local timer = require("timer")
local dialogue = require("dialogue")
local quiz = require("quiz")
local steering = require("steer")

local SPEED = 1.5
local TIME_LIMIT = 120 * 60 -- ticks of play (pauses do not count)
local MAX_CATCHES = 3
local FREEZE = 40           -- ticks stuck in the shrink-wrap
local SAFE = 120            -- ticks of protection after a catch

local player, chest
local wraps = {}            -- {id, hx, hy, speed}
local walls = {}            -- licence walls: {id, lo, hi, speed}
local token                 -- the freedom on the floor
local got = 0               -- freedoms collected
local catches = 0
local playt = 0             -- ticks of play
local frozen, safe = 0, 0
local open = false
local over = false

-- Where each freedom appears, in order.
local SPOTS = {
  {x = 60, y = 50, sprite = "token_freedom_0_run"},
  {x = 150, y = 156, sprite = "star_freedom_1_study"},
  {x = 150, y = 46, sprite = "token_freedom_2_share"},
  {x = 280, y = 156, sprite = "token_freedom_3_improve"},
}

local function wall(x, y, w, h)
  spawn("wall_brick", x, y, {w = w, h = h, solid = true, tag = "wall"})
end

local function build()
  -- Border (the HUD line sits above y = 30).
  wall(0, 30, 320, 4)
  wall(0, 176, 320, 4)
  wall(0, 30, 4, 150)
  wall(316, 30, 4, 150)
  -- Two inner walls make three rooms: gap at the bottom, then at the top.
  wall(104, 34, 6, 96)
  wall(210, 80, 6, 96)
  -- A few shelves to hide behind.
  wall(40, 100, 40, 5)
  wall(135, 100, 50, 5)
  wall(240, 110, 50, 5)
end

local function add_wrap(x, y, speed)
  local id = spawn("shrinkwrap_preinstalled", x, y, {w = 10, h = 10, tag = "wrap"})
  wraps[#wraps + 1] = {id = id, hx = x, hy = y, speed = speed}
end

local function add_licence(x, lo, hi, speed)
  local id = spawn("licence_wall", x, lo, {w = 6, h = 14, tag = "licence", vy = speed})
  walls[#walls + 1] = {id = id, lo = lo, hi = hi, speed = speed, dir = 1}
end

local function hud()
  local left = math.max(0, math.floor((TIME_LIMIT - playt) / 60))
  panel("hud", "hud", {args = {f = got, t = left, c = MAX_CATCHES - catches, s = score()}, x = 4, y = 16})
end

local function place_token()
  local s = SPOTS[got + 1]
  token = spawn(s.sprite, s.x, s.y, {w = 10, h = 10, tag = "freedom"})
  anim(token, {0, 1}, 15)
end

-- Difficulty ramps with each freedom picked up.
local function ramp()
  if got == 1 then
    add_wrap(160, 70, 0.5)
  elseif got == 2 then
    for _, l in ipairs(walls) do l.speed = l.speed * 1.5 end
  elseif got == 3 then
    add_wrap(300, 60, 0.6)
    for _, w in ipairs(wraps) do w.speed = w.speed + 0.1 end
  end
end

local function open_chest()
  open = true
  sprite(chest, "source_code_chest_open")
  sfx("powerup")
  dialogue.start({"chest_open"})
end

local function shop_scene()
  -- The shop: a counter, a shopkeeper and a laptop sold with its software.
  local shop = {
    spawn("shop_stall", 120, 60, {w = 80, h = 40, z = 5}),
    spawn("shopkeeper_archetype", 130, 44, {w = 10, h = 14, z = 6}),
    spawn("laptop_preinstalled", 165, 70, {w = 20, h = 12, z = 8}),
    spawn("shrinkwrap_preinstalled", 163, 68, {w = 24, h = 16, z = 7}),
  }
  dialogue.start({"shop.1", "shop.2", "shop.3", "shop.4", "shop.5"}, function()
    for _, id in ipairs(shop) do kill(id) end
    quiz.ask{question = "q2.question", choices = {"q2.a", "q2.b", "q2.c"}, answer = 2,
             explain = {"q2.why_a", "q2.why_b", "q2.why_c"}, points = 100,
             done = open_chest}
  end)
end

local function collect()
  kill(token)
  token = nil
  got = got + 1
  addscore(100)
  sfx("coin")
  local x, y = pos(player)
  fx("sparkle", x, y)
  ramp()
  local key = "freedom." .. (got - 1)
  if got == 2 then
    dialogue.start({key}, function()
      quiz.ask{question = "q1.question", choices = {"q1.a", "q1.b", "q1.c"}, answer = 2,
               explain = {"q1.why_a", "q1.why_b", "q1.why_c"}, points = 100,
               done = function() place_token() end}
    end)
  elseif got == 4 then
    dialogue.start({key}, shop_scene)
  else
    dialogue.start({key}, place_token)
  end
end

function _init()
  build()
  chest = spawn("source_chest_locked", 290, 42, {w = 16, h = 12, tag = "chest"})
  player = spawn("player_user", 16, 156, {w = 8, h = 8, tag = "player"})
  add_wrap(60, 140, 0.4)
  add_licence(104, 130, 162, 0.6)
  add_licence(210, 34, 66, 0.7)
  hud()
  dialogue.start({"intro.1", "intro.2", "intro.3"}, place_token)
end

local function steer()
  if frozen > 0 then
    frozen = frozen - 1
    if frozen == 0 then sprite(player, "player_user") end
    return
  end
  steering.walk(player, SPEED)
end

local function chase()
  local px, py = pos(player)
  for _, w in ipairs(wraps) do
    local x, y = pos(w.id)
    local dx, dy = px - x, py - y
    local d = math.sqrt(dx * dx + dy * dy)
    if d > 1 then
      setvel(w.id, dx / d * w.speed, dy / d * w.speed)
    else
      setvel(w.id, 0, 0)
    end
  end
end

local function patrol()
  for _, l in ipairs(walls) do
    local _, y = pos(l.id)
    if y <= l.lo then l.dir = 1 elseif y >= l.hi then l.dir = -1 end
    setvel(l.id, 0, l.dir * l.speed)
  end
end

local function stop_all()
  for _, w in ipairs(wraps) do setvel(w.id, 0, 0) end
  for _, l in ipairs(walls) do setvel(l.id, 0, 0) end
end

local function caught(key)
  catches = catches + 1
  addscore(-50)
  sfx("hit")
  local x, y = pos(player)
  fx("burst", x, y)
  if catches >= MAX_CATCHES then
    over = true
    stop_all()
    say("lost_caught", {score = score()})
    sfx("lose")
    lose()
    return
  end
  frozen, safe = FREEZE, SAFE
  sprite(player, "user_wrapped")
  -- The wraps go back home, so a catch is not an endless trap.
  for _, w in ipairs(wraps) do setpos(w.id, w.hx, w.hy) end
  dialogue.start({key})
end

function _update()
  timer.update()
  if over then return end
  -- A pause (dialogue or question) holds the game; the tick that closes
  -- one is still a pause, so one press of A never does two things.
  local busy = dialogue.active() or quiz.active()
  if dialogue.active() then dialogue.update() elseif quiz.active() then quiz.update() end
  if busy then
    stop_all()
    hud()
    return
  end
  playt = playt + 1
  steer()
  chase()
  patrol()
  if safe > 0 then safe = safe - 1 end

  if token and hit(player, "freedom") then
    collect()
  elseif safe == 0 and frozen == 0 and hit(player, "wrap") then
    caught("caught_wrap")
  elseif safe == 0 and frozen == 0 and hit(player, "licence") then
    caught("caught_licence")
  elseif open and hit(player, "chest") then
    over = true
    stop_all()
    addscore(math.floor((TIME_LIMIT - playt) / 60) * 5)
    say("won", {score = score()})
    sfx("win")
    win()
  elseif playt >= TIME_LIMIT then
    over = true
    stop_all()
    say("lost_time", {score = score()})
    sfx("lose")
    lose()
  end
  hud()
end
