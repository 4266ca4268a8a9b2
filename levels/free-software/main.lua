-- The four freedoms: four rooms, one per freedom of free software, each a
-- small game that shows what the freedom lets you do.
--   0 run:     run the program on computers of every purpose;
--   1 study:   watch the black box's lights (its recipe), then replay them;
--   2 share:   copy the program for free and hand copies to neighbours;
--   3 improve: fix bugs and publish the fixes at the shared forge.
-- Licence walls patrol and the pre-installed shrink-wrap chases; both get
-- faster from room to room and within a room. Three lives; each room has a
-- clock (running out costs a life). After the four freedoms, a stop at the
-- shop (tied sales: facts, then the debate), then the source chest opens.
local flow = require("flow")
local timer = require("timer")
local dialogue = require("dialogue")
local note = require("fleeting_note")
local steering = require("steer")
local sentry = require("sentry")

-- Places come from the map's object layer "places" (map.tmj), in view
-- pixels (the camera never moves). An object's property room says where it
-- belongs: 1 to 4 the rooms of the freedoms, 5 the run to the chest, none
-- what stays from room to room (the border, the chest, the player's start,
-- the play area) and the shop. Licence walls patrol from where they stand
-- to the point (to_x, to_y) and back, shrink-wraps chase from where they
-- stand, each at its property speed (pixels per tick).
local PLACES = {} -- PLACES[room][class]: the map's objects, in the map's order (room 0: no room)
for _, o in ipairs(objects()) do
  local room = o.props.room or 0
  PLACES[room] = PLACES[room] or {}
  PLACES[room][o.class] = PLACES[room][o.class] or {}
  table.insert(PLACES[room][o.class], o)
end

-- places lists the objects of a class in a room (0: in none).
local function places(room, class)
  return PLACES[room] and PLACES[room][class] or {}
end

local AREA = places(0, "area")[1]
local TOP, BOTTOM, LEFT, RIGHT = AREA.y, AREA.y + AREA.h, AREA.x, AREA.x + AREA.w -- the play area inside the border
local START = places(0, "player")[1]
local SPEED = 1.5
local ROUND_TIME = 70 * 60  -- ticks of play per room
local EXTRA_TIME = 30 * 60  -- given back, for a life, when the clock runs out
local LIVES = 3
-- Every dialogue uses up the A that closes it: that tick is still a pause.
local PAUSE = {consume = true}
local FREEZE = 40           -- ticks stuck in the shrink-wrap
local SAFE = 120            -- ticks of protection after a catch
local TASK_X = 176          -- the room's task, right of the HUD line

local player, chest
local round = 0             -- 1 to 4, then 5 for the run to the chest
local lives = LIVES
local clock = 0             -- ticks left in this room
local frozen, safe = 0, 0
local hurt = false          -- lost a life in this room (no care bonus)
local got = 0               -- freedoms collected
local props = {}            -- entities of this room, killed when it ends
local enemies = {}          -- licence walls and wraps of this room
local token                 -- the freedom, once the room's task is done
local task                  -- the room's own state and functions

local function keep(id)
  props[#props + 1] = id
  return id
end

local function flash(key, args)
  note.show(key, args, {name = "flash", x = 4, y = 164, ticks = 150})
end

local function hud()
  panel("hud", "hud", {args = {f = got, t = math.floor((clock + 59) / 60), c = lives}, x = 4, y = 16})
  if task and task.hud and not token then
    task.hud()
  else
    panel("task", nil)
  end
end

local function border()
  -- The HUD lines sit above the border.
  for _, o in ipairs(places(0, "border")) do
    spawn("wall_brick", o.x, o.y, {w = o.w, h = o.h, solid = true, tag = "wall"})
  end
end

-- walls, licences and wraps put a room's walls and enemies in place.
local function walls(room)
  for _, o in ipairs(places(room, "wall")) do
    keep(spawn("wall_brick", o.x, o.y, {w = o.w, h = o.h, solid = true, tag = "wall"}))
  end
end

local function licences(room)
  for _, o in ipairs(places(room, "licence")) do
    local id = spawn("licence_wall", o.x, o.y, {w = o.w, h = o.h, tag = "licence", z = 4})
    sentry.patrol(id, o.x, o.y, o.props.to_x, o.props.to_y, o.props.speed)
    enemies[#enemies + 1] = id
  end
end

local function wraps(room)
  for _, o in ipairs(places(room, "wrap")) do
    local id = spawn("shrinkwrap_preinstalled", o.x, o.y, {w = o.w, h = o.h, tag = "wrap", z = 4})
    sentry.chase(id, player, o.props.speed)
    enemies[#enemies + 1] = id
  end
end

local function clear_room()
  for _, id in ipairs(props) do kill(id) end
  for _, id in ipairs(enemies) do kill(id) end
  props, enemies = {}, {}
  sentry.clear()
  timer.clear()
  if token then
    kill(token)
    token = nil
  end
  panel("task", nil)
  note.hide()
end

-- ---- room 1: run ----------------------------------------------------------
-- Computers of every purpose wait for the program: run it on ten of them.

local RUN_SPOTS = places(1, "spot") -- where computers wait, in the map's order
local PURPOSES = {"school", "work", "art", "science", "game", "music", "shop", "repair", "home", "research"}
local RUN_GOAL = 14

local function run_room()
  local t = {done = 0, next = 1, slots = {}}
  local function free_spot()
    local px, py = pos(player)
    local options = {}
    for i, s in ipairs(RUN_SPOTS) do
      local used = false
      for _, sl in ipairs(t.slots) do
        if sl.spot == i then
          used = true
        end
      end
      local far = math.abs(s.x - px) + math.abs(s.y - py) > 60
      if not used and far then options[#options + 1] = i end
    end
    return options[rndi(1, #options)]
  end
  local function add(n)
    local spot = free_spot()
    local s = RUN_SPOTS[spot]
    local id = keep(spawn("terminal", s.x, s.y, {w = s.w, h = s.h, tag = "terminal", z = 2}))
    local purpose = PURPOSES[(t.next - 1) % #PURPOSES + 1]
    t.next = t.next + 1
    t.slots[n] = {id = id, spot = spot, purpose = purpose, n = n}
  end
  local function label(sl)
    local s = RUN_SPOTS[sl.spot]
    panel("lbl" .. sl.n, "purpose." .. sl.purpose, {x = math.max(4, s.x - 10), y = s.y - 11})
  end
  function t.setup()
    walls(1)
    licences(1)
    wraps(1)
    for n = 1, 3 do add(n) label(t.slots[n]) end
  end
  function t.hud()
    panel("task", "task.run", {args = {d = t.done, n = RUN_GOAL}, x = TASK_X, y = 16})
  end
  function t.update()
    for _, sl in ipairs(t.slots) do
      if sl.id and flow.overlaps(player, sl.id) then
        sprite(sl.id, "terminal", 1)
        tag(sl.id, "")
        sfx("pickup")
        fx("sparkle", pos(sl.id))
        t.done = t.done + 1
        addscore(30)
        sentry.scale(1.05, 1.4)
        local old, n = sl.id, sl.n
        sl.id = nil
        panel("lbl" .. n, nil)
        timer.after(30, function() kill(old) end)
        if t.done + 2 < RUN_GOAL then
          add(n)
          label(t.slots[n])
        end
        if t.done >= RUN_GOAL then return true end
      end
    end
    return false
  end
  function t.finish()
    for n = 1, 3 do panel("lbl" .. n, nil) end
  end
  return t
end

-- ---- room 2: study --------------------------------------------------------
-- A black box lights its pads in an order: its recipe. Watch, then walk the
-- pads in the same order. Three recipes, each one step longer.

local PADS = places(2, "pad") -- top, right, bottom, left, in the map's order
local STUDY_LENGTHS = {3, 4, 5}
local SHOW_ON, SHOW_OFF = 32, 14

local function study_room()
  local t = {done = 0, seq = {}, step = 0, phase = "wait", wait = 60, on = {}, pads = {}, lit = {}}
  local function new_recipe()
    t.seq = {}
    local last = 0
    for i = 1, STUDY_LENGTHS[t.done + 1] do
      local p = rndi(1, 3)
      if p >= last then p = p + 1 end -- never the same pad twice in a row
      if last == 0 then p = rndi(1, 4) end
      t.seq[i] = p
      last = p
    end
  end
  local function light(p, ticks)
    sprite(t.pads[p], "study_pad", (p - 1) * 2 + 1)
    t.lit[p] = ticks
  end
  local function show()
    t.phase, t.step, t.wait = "show", 0, 40
  end
  function t.setup()
    local b = places(2, "blackbox")[1]
    t.box = keep(spawn("machine_blackbox", b.x, b.y, {w = b.w, h = b.h, solid = true, tag = "wall", z = 2}))
    for p, s in ipairs(PADS) do
      t.pads[p] = keep(spawn("study_pad", s.x, s.y, {w = s.w, h = s.h, tag = "pad", frame = (p - 1) * 2, z = 1}))
      t.lit[p] = 0
    end
    licences(2)
    wraps(2)
    new_recipe()
    show()
  end
  function t.hud()
    if t.phase == "play" then
      panel("task", "task.study", {args = {k = t.step, m = #t.seq, d = t.done, n = #STUDY_LENGTHS}, x = TASK_X, y = 16})
    else
      panel("task", "task.watch", {args = {d = t.done, n = #STUDY_LENGTHS}, x = TASK_X, y = 16})
    end
  end
  function t.update()
    for p = 1, 4 do
      if t.lit[p] > 0 then
        t.lit[p] = t.lit[p] - 1
        if t.lit[p] == 0 then sprite(t.pads[p], "study_pad", (p - 1) * 2) end
      end
    end
    -- Which pads the player stands on now; a step counts when it begins.
    local now = {}
    for p = 1, 4 do now[p] = flow.overlaps(player, t.pads[p]) end
    local entered = 0
    for p = 1, 4 do
      if now[p] and not t.on[p] then entered = p end
    end
    t.on = now
    if t.phase == "show" then
      t.wait = t.wait - 1
      if t.wait <= 0 then
        t.step = t.step + 1
        if t.step > #t.seq then
          t.phase, t.step = "play", 0
          sfx("select")
        else
          light(t.seq[t.step], SHOW_ON)
          sfx{wave = "sine", freq = 300 + 120 * t.seq[t.step], decay = 0.3, volume = 0.4}
          t.wait = SHOW_ON + SHOW_OFF
        end
      end
    elseif t.phase == "wait" then
      t.wait = t.wait - 1
      if t.wait <= 0 then
        new_recipe()
        show()
      end
    elseif t.phase == "play" and entered > 0 then
      if entered == t.seq[t.step + 1] then
        t.step = t.step + 1
        light(entered, 15)
        sfx{wave = "sine", freq = 300 + 120 * entered, decay = 0.2, volume = 0.4}
        if t.step == #t.seq then
          t.done = t.done + 1
          addscore(60 + 10 * #t.seq)
          sfx("coin")
          fx("sparkle", pos(t.box))
          sentry.scale(1.1, 1.2)
          if t.done >= #STUDY_LENGTHS then return true end
          flash("study.next")
          t.phase, t.wait = "wait", 60
        end
      else
        addscore(-20)
        sfx("hit")
        flash("study.wrong")
        show()
      end
    end
    return false
  end
  return t
end

-- ---- room 3: share --------------------------------------------------------
-- Neighbours ask for the program. Copy it at the copier (copies cost
-- nothing and the copier never runs out) and hand them copies.

local SHARE_SPOTS = places(3, "spot") -- where neighbours wait, in the map's order
local SHARE_GOAL, BAG = 10, 3

local function share_room()
  local t = {done = 0, bag = 0, folks = {}, gap = 0, every = 170, patience = 660, missed = 0}
  local function waiting()
    local n = 0
    for _, f in ipairs(t.folks) do
      if f.left > 0 then
        n = n + 1
      end
    end
    return n
  end
  local function arrive()
    local px, py = pos(player)
    local options = {}
    for i, s in ipairs(SHARE_SPOTS) do
      local used = false
      for _, f in ipairs(t.folks) do
        if f.spot == i then
          used = true
        end
      end
      if not used and math.abs(s.x - px) + math.abs(s.y - py) > 50 then options[#options + 1] = i end
    end
    if #options == 0 then return end
    local spot = options[rndi(1, #options)]
    local s = SHARE_SPOTS[spot]
    local id = keep(spawn("neighbour", s.x, s.y, {w = s.w, h = s.h, tag = "neighbour", z = 2}))
    t.folks[#t.folks + 1] = {id = id, spot = spot, left = t.patience}
  end
  function t.setup()
    local c = places(3, "copier")[1]
    t.copier = keep(spawn("copier", c.x, c.y, {w = c.w, h = c.h, tag = "copier", z = 2}))
    walls(3)
    licences(3)
    wraps(3)
    arrive()
  end
  function t.hud()
    panel("task", "task.share", {args = {b = t.bag, m = BAG, d = t.done, n = SHARE_GOAL}, x = TASK_X, y = 16})
  end
  function t.update()
    if t.bag < BAG and flow.overlaps(player, t.copier) then
      t.bag = BAG
      sfx("pickup")
      anim(t.copier, {1, 0}, 10)
      timer.after(20, function() sprite(t.copier, "copier", 0) end)
    end
    local still = {}
    for _, f in ipairs(t.folks) do
      local gone = false
      if f.left > 0 then
        f.left = f.left - 1
        if t.bag > 0 and flow.overlaps(player, f.id) then
          t.bag = t.bag - 1
          t.done = t.done + 1
          addscore(40 + math.floor(f.left / 30))
          sfx("coin")
          fx("sparkle", pos(f.id))
          sprite(f.id, "neighbour", 2)
          f.left = 0
          f.bye = 30
          sentry.scale(1.04, 1.3)
          if t.done >= SHARE_GOAL then return true end
        elseif f.left == 0 then
          t.missed = t.missed + 1
          sfx{wave = "triangle", freq = 330, slide = -200, decay = 0.25, volume = 0.3}
          flash("share.missed")
          f.bye = 1
        elseif f.left < 180 then
          sprite(f.id, "neighbour", 1)
        end
      end
      if f.bye then
        f.bye = f.bye - 1
        if f.bye <= 0 then
          kill(f.id)
          gone = true
        end
      end
      if not gone then still[#still + 1] = f end
    end
    t.folks = still
    t.gap = t.gap - 1
    if t.gap <= 0 and waiting() < 3 and t.done + waiting() < SHARE_GOAL + 2 then
      arrive()
      t.gap = t.every
      t.every = math.max(90, t.every - 10)
      t.patience = math.max(420, t.patience - 25)
    end
    return false
  end
  return t
end

-- ---- room 4: improve ------------------------------------------------------
-- Bugs crawl in the program. Catch them to write fixes, then publish the
-- fixes at the forge so that everyone gets the improved version.

local IMPROVE_GOAL, POCKET = 10, 3

local function improve_room()
  local t = {done = 0, held = 0, bugs = {}, gap = 150, speed = 0.5}
  local function add_bug(o)
    local id = keep(spawn("bug", o.x, o.y, {w = o.w, h = o.h, tag = "bug", z = 2}))
    anim(id, {0, 1}, 8)
    t.bugs[#t.bugs + 1] = {id = id, turn = 0, dx = 0, dy = 0}
  end
  function t.setup()
    local f = places(4, "forge")[1]
    t.forge = keep(spawn("forge", f.x, f.y, {w = f.w, h = f.h, tag = "forge", z = 2}))
    walls(4)
    licences(4)
    wraps(4)
    for _, o in ipairs(places(4, "bug")) do add_bug(o) end
  end
  function t.hud()
    panel("task", "task.improve", {args = {b = t.held, m = POCKET, d = t.done, n = IMPROVE_GOAL}, x = TASK_X, y = 16})
  end
  function t.update()
    local still = {}
    for _, b in ipairs(t.bugs) do
      b.turn = b.turn - 1
      if b.turn <= 0 then
        local a = rnd(2 * math.pi)
        b.dx, b.dy = math.cos(a) * t.speed, math.sin(a) * t.speed
        b.turn = rndi(50, 110)
      end
      local x, y = pos(b.id)
      if x + b.dx < LEFT or x + b.dx > RIGHT - 8 then b.dx = -b.dx end
      if y + b.dy < TOP + 20 or y + b.dy > BOTTOM - 8 then b.dy = -b.dy end
      local bx, by = move(b.id, b.dx, b.dy)
      if bx then b.dx = -b.dx end
      if by then b.dy = -b.dy end
      if t.held < POCKET and t.done + t.held < IMPROVE_GOAL and flow.overlaps(player, b.id) then
        t.held = t.held + 1
        sfx("pickup")
        fx("sparkle", pos(b.id))
        kill(b.id)
      else
        still[#still + 1] = b
      end
    end
    t.bugs = still
    if t.held > 0 and flow.overlaps(player, t.forge) then
      t.done = t.done + t.held
      addscore(50 * t.held)
      t.held = 0
      sfx("coin")
      anim(t.forge, {1, 0}, 8)
      timer.after(32, function() sprite(t.forge, "forge", 0) end)
      t.speed = t.speed + 0.06
      sentry.scale(1.06, 1.3)
      flash("improve.published", {d = t.done, n = IMPROVE_GOAL})
      if t.done >= IMPROVE_GOAL then return true end
    end
    t.gap = t.gap - 1
    if t.gap <= 0 then
      t.gap = 170
      if #t.bugs < 4 and t.done + t.held + #t.bugs < IMPROVE_GOAL + 2 then
        local nests = places(4, "nest") -- where new bugs come in
        add_bug(nests[rndi(1, #nests)])
      end
    end
    return false
  end
  return t
end

-- ---- the rooms in order, the shop and the chest ------------------------------

local ROOMS = {run_room, study_room, share_room, improve_room}
local TOKENS = {"token_freedom_0_run", "star_freedom_1_study", "token_freedom_2_share", "token_freedom_3_improve"}
local start_room

local function shop_scene()
  -- The shop: a counter, a shopkeeper and a laptop sold with its software.
  -- Each object of class "shop" is named by its sprite; its property z
  -- says what is drawn over what.
  local shop = {}
  for _, o in ipairs(places(0, "shop")) do
    shop[#shop + 1] = spawn(o.name, o.x, o.y, {w = o.w, h = o.h, z = o.props.z})
  end
  dialogue.start({"shop.1", "shop.2", "shop.3", "shop.4", "shop.5"}, function()
    for _, id in ipairs(shop) do kill(id) end
    flow.ask("quiz2", {choices = 3, answer = 2, done = function() start_room(5) end})
  end, PAUSE)
end

local function room_done()
  if task.finish then task.finish() end
  local bonus = math.floor(clock / 60) * 2
  addscore(bonus)
  if not hurt then addscore(100) end
  sentry.clear()
  for _, id in ipairs(enemies) do kill(id) end
  enemies = {}
  flash(hurt and "room_done" or "room_clean", {t = bonus})
  sfx("powerup")
  -- The freedom appears on a free spot of the room.
  local s = places(round, "freedom")[1]
  token = spawn(TOKENS[round], s.x, s.y, {w = s.w, h = s.h, tag = "freedom", z = 3})
  anim(token, {0, 1}, 15)
end

local function collect()
  kill(token)
  token = nil
  got = got + 1
  addscore(100)
  sfx("coin")
  fx("sparkle", pos(player))
  local key = "freedom." .. (got - 1)
  clear_room()
  if got == 2 then
    dialogue.start({key}, function()
      flow.ask("quiz1", {choices = 3, answer = 2, done = function() start_room(3) end})
    end, PAUSE)
  elseif got == 4 then
    dialogue.start({key}, shop_scene, PAUSE)
  else
    dialogue.start({key}, function() start_room(got + 1) end, PAUSE)
  end
end

function start_room(n)
  round = n
  clear_room()
  hurt = false
  clock = ROUND_TIME
  setpos(player, START.x, START.y)
  sprite(player, "player_user")
  frozen, safe = 0, 0
  if n <= 4 then
    task = ROOMS[n]()
    task.setup()
    hud()
    dialogue.start({"room" .. n .. ".1", "room" .. n .. ".2"}, nil, PAUSE)
  else
    -- The last run: the chest is open, every wrap is after you.
    task = nil
    sprite(chest, "source_code_chest_open")
    sfx("powerup")
    walls(5)
    wraps(5)
    licences(5)
    hud()
    dialogue.start({"chest_open"}, nil, PAUSE)
  end
end

function _init()
  border()
  local c = places(0, "chest")[1]
  chest = spawn("source_chest_locked", c.x, c.y, {w = c.w, h = c.h, tag = "chest", z = 2})
  player = spawn("player_user", START.x, START.y, {w = START.w, h = START.h, tag = "player", z = 5})
  hud()
  dialogue.start({"intro.1", "intro.2", "intro.3"}, function() start_room(1) end, PAUSE)
end

local function steer()
  if frozen > 0 then
    frozen = frozen - 1
    if frozen == 0 then sprite(player, "player_user") end
    return
  end
  steering.walk(player, SPEED)
end

local function lose_life(key)
  lives = lives - 1
  hurt = true
  addscore(-50)
  sfx("hit")
  fx("burst", pos(player))
  if lives <= 0 then
    panel("task", nil)
    flow.lose("lost", {score = score()})
    return
  end
  flash(key, {c = lives})
end

local function caught(key)
  lose_life(key)
  if flow.over() then return end
  frozen, safe = FREEZE, SAFE
  sprite(player, "user_wrapped")
  sentry.home()
end

function _update()
  timer.update()
  if flow.over() then return end
  -- A pause (dialogue or question) holds the game; the tick that closes
  -- one is still a pause (dialogues use up their last A, PAUSE), so one
  -- press of A never does two things.
  if flow.paused() or round == 0 then
    hud()
    return
  end
  steer()
  sentry.update()
  if safe > 0 then safe = safe - 1 end
  note.update()

  if token then
    if hit(player, "freedom") then collect() end
  elseif round == 5 then
    clock = math.max(0, clock - 1)
    if hit(player, "chest") then
      addscore(lives * 150 + math.floor(clock / 60) * 2)
      flow.win("won", {score = score()})
      hud()
      return
    end
  else
    clock = clock - 1
    if task.update() then room_done() end
  end
  if not token and not flow.over() then
    if safe == 0 and frozen == 0 and hit(player, "wrap") then
      caught("caught_wrap")
    elseif safe == 0 and frozen == 0 and hit(player, "licence") then
      caught("caught_licence")
    elseif clock <= 0 and round <= 4 then
      lose_life("time_out")
      clock = EXTRA_TIME
    end
  end
  if not flow.over() then hud() end
end
