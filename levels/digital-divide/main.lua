-- Digital divide: the player is a digital adviser at a public help point.
-- Citizens come in with an administrative procedure to do. Their bubble
-- says where they stand: at ease online, unsure how to do it, or without a
-- device or internet at all. Take each one (A) to the right seat: a public
-- computer (fast, but forms, passwords and timeouts get people stuck), the
-- digital mediator (steady help) or the paper counter (the non-digital
-- route). Unstick people at the computers with A. Win: 12 procedures done.
-- Lose: 5 citizens give up (their rights go unclaimed), or time runs out.
-- Arrivals and snags come faster as time goes on.
local flow = require("flow")
local bulletin = require("bulletin")
local dialogue = require("dialogue")
local cellwalk = require("cellwalk")

local T = 16
local GOAL = 18 -- procedures to complete
local MAX_GIVEUPS = 5
local TIME_LIMIT = 240 * 60 -- ticks of play (4 min)
local STEP = 10 -- ticks the adviser takes per cell
local FLOOR = 1 -- the only tile the adviser walks on

-- Citizens' needs: the bubble frame, how many ticks each seat takes to
-- finish their procedure, and how often per tick they get stuck at a
-- public computer (the other seats have someone to help at every step).
local NEEDS = {
  online = {bubble = 0, ticks = {terminal = 660, mediator = 1080, counter = 1140}, snag = 1 / 700},
  unsure = {bubble = 1, ticks = {terminal = 720, mediator = 900, counter = 1080}, snag = 1 / 150},
  offline = {bubble = 2, ticks = {terminal = 900, mediator = 1080, counter = 900}, snag = 1 / 45},
}
local BEST = {online = "terminal", unsure = "mediator", offline = "counter"}
local BUBBLE_STUCK, BUBBLE_DONE, BUBBLE_GONE = 3, 4, 5
local SNAGS = {"timeout", "password", "scan", "captcha", "field"}

local player
local door -- cell of the door
local seats = {} -- {cx, cy, station, who}
local spots = {} -- queue spots: {cx, cy, who}
local people = {} -- citizens in the room, in arrival order
local escort -- the citizen following the adviser
-- The run's phases (flow): intro, play, talk, quiz, over.
local played = 0
local done_n, gave_up = 0, 0
local next_arrival = 60
local told = {}
local asked = 0
local hud_text

local news = bulletin.news

local function hud()
  local time = bulletin.clock(TIME_LIMIT - played)
  local text = done_n .. "|" .. gave_up .. "|" .. time
  if text == hud_text then return end
  hud_text = text
  panel("hud", "hud", {args = {done = done_n, goal = GOAL, out = gave_up, max = MAX_GIVEUPS, time = time}, x = 4, y = 18})
end

-- ramp goes from 0 to 1 over the time allowed.
local function ramp()
  return math.min(1, played / TIME_LIMIT)
end

local function walkable(cx, cy)
  return mget(cx, cy, "room") == FLOOR
end

local function near(ax, ay, bx, by)
  return math.abs(ax - bx) <= 1 and math.abs(ay - by) <= 1
end

-- label keeps the citizen's tag in step with its state, so that a reader of
-- the world (a replay viewer, a test) can tell who is who.
local function label(c)
  tag(c.id, "citizen:" .. c.need .. ":" .. c.state)
end

-- dress places a citizen's bubble above it and its gauge below it.
local function dress(c)
  local x, y = pos(c.id)
  setpos(c.bubble, x + 9, y - 9)
  setpos(c.gauge, x, y + 15)
  local f
  if c.state == "seated" or c.state == "stuck" then
    sprite(c.gauge, "progress", math.floor(c.progress * 7.99))
  else
    sprite(c.gauge, "patience", math.floor(c.patience * 7.99))
  end
  if c.state == "stuck" then f = BUBBLE_STUCK
  elseif c.state == "done" then f = BUBBLE_DONE
  elseif c.state == "gone" then f = BUBBLE_GONE
  else f = NEEDS[c.need].bubble end
  sprite(c.bubble, "bubble", f)
  show(c.gauge, c.state ~= "done" and c.state ~= "gone")
end

local function free_spot()
  for _, s in ipairs(spots) do
    if not s.who then return s end
  end
  return nil
end

local function free_seat(station)
  for _, s in ipairs(seats) do
    if not s.who and (station == nil or s.station == station) then return s end
  end
  return nil
end

local function remove(c)
  for i, p in ipairs(people) do
    if p == c then
      table.remove(people, i)
      break
    end
  end
  kill(c.id)
  kill(c.bubble)
  kill(c.gauge)
end

-- leave sends a citizen out through the door, done or not.
local function leave(c, state)
  if c.spot then c.spot.who = nil c.spot = nil end
  if c.seat then c.seat.who = nil c.seat = nil end
  if escort == c then escort = nil end
  c.state = state
  label(c)
  local cx, cy = cellwalk.cell(c.id)
  local dist = math.abs(cx - door.cx) + math.abs(cy - door.cy)
  cellwalk.step(c.id, door.cx - cx, door.cy - cy, 8 * dist + 20, function() remove(c) end)
end

local function give_up(c, why)
  gave_up = gave_up + 1
  sfx("lose")
  news(why, {n = gave_up, max = MAX_GIVEUPS})
  leave(c, "gone")
end

local function arrive()
  local r = ramp()
  local roll = rnd()
  local need = "online"
  if roll < 0.3 + 0.1 * r then need = "offline"
  elseif roll < 0.6 + 0.1 * r then need = "unsure" end
  local id = spawn("citizen", door.cx * T, door.cy * T, {w = T, h = T, z = 2, frame = rndi(0, 5)})
  local c = {id = id, need = need, state = "queue", patience = 1, progress = 0}
  -- uncovered: the news line that explains the bubbles never hides one.
  c.bubble = spawn("bubble", 0, 0, {w = 10, h = 10, z = 4, uncovered = true})
  c.gauge = spawn("patience", 0, 0, {w = T, h = 3, z = 4})
  cellwalk.place(id, door.cx, door.cy, T)
  people[#people + 1] = c
  label(c)
  local s = free_spot()
  if not s then
    dress(c)
    give_up(c, "full")
    return
  end
  s.who, c.spot = c, s
  cellwalk.step(id, s.cx - door.cx, s.cy - door.cy, 30)
  sfx("blip")
  if not told[need] then
    told[need] = true
    news("need." .. need)
  end
end

-- act is the A button: seat the citizen who follows, or unstick someone,
-- or take a waiting citizen along.
local function act()
  local px, py = cellwalk.cell(player)
  if escort then
    for _, s in ipairs(seats) do
      if not s.who and near(px, py, s.cx, s.cy) then
        local c = escort
        escort = nil
        s.who, c.seat = c, s
        c.state, c.station, c.patience = "seated", s.station, 1
        local cx, cy = cellwalk.cell(c.id)
        cellwalk.step(c.id, s.cx - cx, s.cy - cy, 12)
        label(c)
        sfx("select")
        if BEST[c.need] ~= s.station and not told["wrong." .. c.need] then
          told["wrong." .. c.need] = true
          news("wrong." .. c.need)
        end
        return
      end
    end
  end
  for _, c in ipairs(people) do
    if c.state == "stuck" and near(px, py, c.seat.cx, c.seat.cy) then
      c.state = "seated"
      c.patience = math.min(1, c.patience + 0.5)
      label(c)
      addscore(20)
      sfx{wave = "sine", freq = 660, slide = 440, decay = 0.2, volume = 0.4}
      fx("sparkle", c.seat.cx * T + 8, c.seat.cy * T + 4)
      news("fixed." .. c.snag)
      return
    end
  end
  if escort then return end
  for _, c in ipairs(people) do
    if c.state == "queue" and not cellwalk.busy(c.id) then
      local cx, cy = cellwalk.cell(c.id)
      if near(px, py, cx, cy) then
        c.spot.who, c.spot = nil, nil
        c.state = "follow"
        escort = c
        label(c)
        sfx("pickup")
        return
      end
    end
  end
end

local function finish(c)
  done_n = done_n + 1
  local points = 100 + math.floor(50 * c.patience)
  if BEST[c.need] == c.station then points = points + 50 end
  addscore(points)
  sfx("coin")
  fx("sparkle", c.seat.cx * T + 8, c.seat.cy * T + 4)
  leave(c, "done")
end

-- tend runs the citizens: patience in the queue, progress in a seat, snags
-- at the public computers.
local function tend()
  local r = ramp()
  for i = #people, 1, -1 do
    local c = people[i]
    if c.state == "queue" or c.state == "follow" then
      -- Waiting wears patience down, faster as the day gets busier.
      c.patience = c.patience - 1 / (2100 - 900 * r)
      if c.patience <= 0 then give_up(c, "tired") end
    elseif c.state == "seated" and not cellwalk.busy(c.id) then
      local need = NEEDS[c.need]
      c.progress = c.progress + 1 / need.ticks[c.station]
      if c.station == "terminal" and rnd() < need.snag * (1 + r) then
        c.state = "stuck"
        c.snag = SNAGS[rndi(1, #SNAGS)]
        label(c)
        sfx{wave = "square", freq = 220, slide = -80, decay = 0.25, volume = 0.35}
        news("snag." .. c.snag)
      elseif c.progress >= 1 then
        finish(c)
      end
    elseif c.state == "stuck" then
      c.patience = c.patience - 1 / 420
      if c.patience <= 0 then give_up(c, "stuck") end
    end
  end
  for _, c in ipairs(people) do
    if alive(c.id) then dress(c) end
  end
end

-- The questions quiz1 to quiz3: the number of each one's right choice.
local ANSWERS = {2, 3, 1}

local function finish_won()
  -- Five points for every second left on the clock.
  addscore(5 * math.floor((TIME_LIMIT - played) / 60))
  bulletin.clear()
  flow.win("won", {score = score()})
end

-- ask holds the help point still for a second, then asks question n.
local function ask(n, done)
  flow.go("quiz")
  bulletin.ask("quiz" .. n, {choices = 3, answer = ANSWERS[n], done = done}, 60)
end

local function back_to_work()
  flow.go("play")
end

-- The facts each question asks about, told (the game paused) before it is
-- asked: after 3, 9 and 15 residents helped.
local FACTS = {
  {at = 3, lines = {"fact.insee1", "fact.insee2"}},
  {at = 9, lines = {"fact.ddd1", "fact.ddd2"}},
  {at = 15, lines = {"fact.law1", "fact.law2", "fact.law3"}},
}
local told = 0

local function check()
  local fact = FACTS[told + 1]
  if fact and done_n >= fact.at then
    told = told + 1
    flow.go("talk")
    dialogue.start(fact.lines, back_to_work, {consume = true})
  elseif done_n >= GOAL then
    ask(3, finish_won)
  elseif asked == 0 and done_n >= 6 then
    asked = 1
    ask(1, back_to_work)
  elseif asked == 1 and done_n >= 12 then
    asked = 2
    ask(2, back_to_work)
  elseif gave_up >= MAX_GIVEUPS then
    bulletin.clear()
    flow.lose("lost.gaveup", {n = gave_up})
  elseif played >= TIME_LIMIT then
    bulletin.clear()
    flow.lose("lost.time", {n = done_n, goal = GOAL})
  end
end

function _init()
  for _, o in ipairs(objects()) do
    local cx, cy = math.floor(o.x / T), math.floor(o.y / T)
    if o.class == "seat" then
      seats[#seats + 1] = {cx = cx, cy = cy, station = o.name}
    elseif o.class == "queue" then
      spots[#spots + 1] = {cx = cx, cy = cy}
    elseif o.class == "door" then
      door = {cx = cx, cy = cy}
    elseif o.class == "npc" then
      spawn(o.name, o.x, o.y, {w = T, h = T, z = 1})
    elseif o.class == "player" then
      player = spawn("adviser", o.x, o.y, {w = T, h = T, z = 3, tag = "player"})
      cellwalk.place(player, cx, cy, T)
    end
  end
  hud()
  dialogue.start({"intro.1", "intro.2", "intro.3", "intro.4", "intro.5", "intro.6"}, function() flow.go("play") end)
end

function _update()
  bulletin.update()
  if flow.paused() then return end
  if not flow.is("play") then return end
  cellwalk.update()
  played = played + 1
  local px, py = cellwalk.cell(player)
  local dx, dy = cellwalk.drive(player, STEP, walkable)
  if dx then
    anim(player, {0, 1}, 5)
    if escort and not cellwalk.busy(escort.id) then
      -- The citizen follows one cell behind, into the cell just left.
      local cx, cy = cellwalk.cell(escort.id)
      cellwalk.step(escort.id, px - cx, py - cy, STEP)
    end
  elseif not cellwalk.busy(player) then
    sprite(player, "adviser", 0)
  end
  if btnp(A) then act() end
  next_arrival = next_arrival - 1
  if next_arrival <= 0 then
    arrive()
    next_arrival = math.floor(420 - 220 * ramp())
  end
  tend()
  if flow.is("play") then check() end
  hud()
end
