-- Net neutrality: packets from four senders race along four lanes through
-- routers toward the users. The operator puts gates on routers: red
-- "brake" gates throttle the senders who did not pay, orange "fastlane"
-- gates boost the paying streaming platform and squeeze every other lane.
-- The player (the regulator) moves between routers and removes the gates,
-- keeping every queue moving. Three waves, each faster, with more gates;
-- a quiz between waves. Lose when too many packets are dropped.
local flow = require("flow")
local dialogue = require("dialogue")

local DEBUG = false

local PAYER = 3                             -- the streaming platform's lane
local INSET = 4                             -- pixels of cable before the packets' start and after their arrival
local MAX_DROPS = 10
local DROP_DELAY = 240                      -- ticks of delay before a drop
local GAP = 11                              -- spacing kept between packets

local WAVES = {
  {len = 1800, every = 55, speed = 0.7, gates = 300, paid = 0},
  {len = 2100, every = 42, speed = 0.8, gates = 210, paid = 0.45},
  {len = 2400, every = 32, speed = 0.9, gates = 150, paid = 0.4},
}

-- Reasonable traffic management (Regulation (EU) 2015/2120, art. 3(3)):
-- once, in wave 2, the network is congested and the operator slows every
-- lane by the same factor for a while. It is allowed and there is no gate
-- to remove; packets slowed this way stay fair and gather no delay.
local MANAGE = {wave = 2, at = 600, len = 480, factor = 0.7}
local managing = false

-- Places on screen come from the map's object layer "places" (map.tmj),
-- in view pixels (the camera never moves). Every object says its lane
-- (the property lane, 1 to 4 from the top): the lane's cable, its sender
-- (the object's name is the sender's sprite, which its packets share), its
-- users' homes, its three routers and the point where its label goes.
local LANES = {}         -- LANES[lane] = y of the lane's centre
local KINDS = {}         -- KINDS[lane] = the sprite of its sender and packets
local X0, X1             -- where packets start and arrive
local PLACES = {}        -- PLACES[lane] = {cable=, sender=, homes=, label=, routers={…}}: map objects
for _, o in ipairs(objects()) do
  local lane = o.props.lane
  PLACES[lane] = PLACES[lane] or {routers = {}}
  local p = PLACES[lane]
  if o.class == "router" then
    p.routers[#p.routers + 1] = o
  else
    p[o.class] = o
  end
  if o.class == "cable" then
    LANES[lane] = o.y + o.h / 2
    X0, X1 = o.x + INSET, o.x + o.w - INSET
  elseif o.class == "sender" then
    KINDS[lane] = o.name
  end
end
for _, p in ipairs(PLACES) do
  table.sort(p.routers, function(a, b) return a.x < b.x end) -- columns from left to right
end

local wave = 0
local g = 0              -- game ticks inside the current wave
-- The run's phases (flow): intro, play, between (waves), over.
local routers = {}       -- routers[lane][col] = {id=, x=, y= (its centre), gate=, kind=}
local packets = {}       -- list of {id=, lane=, delay=, fair=}
local schedules = {}     -- schedules[w]: the gate spawns of wave w, in order
local schedule = {}
local nexts = 1
local cur = {lane = 1, col = 1}
local cursor
local delivered, fair, dropped, removed = 0, 0, 0, 0
local was_down = false

local function hud()
  panel("hud", "hud", {x = 4, y = 16, args = {wave = math.max(wave, 1), ok = delivered,
    fair = fair, lost = dropped, max = MAX_DROPS}})
end

local function place_cursor()
  local r = routers[cur.lane][cur.col]
  setpos(cursor, r.x - 11, r.y - 11)
end

local function build_scene()
  for l = 1, 4 do
    local p = PLACES[l]
    spawn("cable", p.cable.x, p.cable.y, {w = p.cable.w, h = p.cable.h, z = 0})
    spawn(KINDS[l], p.sender.x, p.sender.y, {w = p.sender.w, h = p.sender.h, z = 1})
    spawn("homes", p.homes.x, p.homes.y, {w = p.homes.w, h = p.homes.h, z = 1})
    routers[l] = {}
    for c = 1, 3 do
      local o = p.routers[c]
      local id = spawn("box_router", o.x, o.y, {w = o.w, h = o.h, z = 4})
      routers[l][c] = {id = id, x = o.x + o.w / 2, y = o.y + o.h / 2}
    end
  end
  for l = 1, 4 do panel("label" .. l, "label." .. l, {x = PLACES[l].label.x, y = PLACES[l].label.y}) end
  cursor = spawn("watcher", 0, 0, {w = 22, h = 22, z = 2})
  place_cursor()
end

-- The gate schedule of a wave is drawn in advance: the operator's plan does
-- not depend on what the player does.
local function plan(w)
  local W = WAVES[w]
  local schedule = {}
  local t = 90
  while t < W.len - 120 do
    local kind, lane = "brake", ({1, 2, 4})[rndi(1, 3)]
    if rnd() < W.paid then kind, lane = "fastlane", PAYER end
    local col = rndi(1, 3)
    schedule[#schedule + 1] = {t = t, kind = kind, lane = lane, col = col}
    if DEBUG then log("gate", w, t, kind, lane, col) end
    t = t + W.gates - 30 + rndi(0, 60)
  end
  schedules[w] = schedule
end

local function fastlane_on()
  for c = 1, 3 do
    if routers[PAYER][c].kind == "fastlane" then return true end
  end
  return false
end

local function remove_gate(r)
  if not r.gate then return end
  kill(r.gate)
  local x, y = pos(r.id)
  fx("sparkle", x + 6, y + 6)
  r.gate, r.kind = nil, nil
  removed = removed + 1
  addscore(5)
  sfx("pickup")
end

local function clear_gates()
  for l = 1, 4 do
    for c = 1, 3 do
      local r = routers[l][c]
      if r.gate then kill(r.gate) r.gate, r.kind = nil, nil end
    end
  end
end

local function put_gate(s)
  local r = routers[s.lane][s.col]
  if r.gate then return end
  local x, y = pos(r.id)
  r.gate = spawn(s.kind, x - 3, y - 3, {w = 18, h = 18, z = 3})
  r.kind = s.kind
  sfx{wave = "saw", freq = s.kind == "brake" and 300 or 700,
      slide = s.kind == "brake" and -400 or 600, decay = 0.15, volume = 0.3}
  panel("note", "note." .. s.kind .. "." .. s.lane, {x = 4, y = 150})
end

local function gate_at(lane, x)
  for c = 1, 3 do
    local r = routers[lane][c]
    if r.gate and math.abs(x - r.x) < 10 then return r.kind end
  end
  return nil
end

local function drop(i)
  local p = packets[i]
  local x, y = pos(p.id)
  fx("burst", x + 4, y + 3)
  kill(p.id)
  table.remove(packets, i)
  dropped = dropped + 1
  sfx("hit")
  hud()
end

local function spawn_packet()
  local lane = rndi(1, 4)
  -- queue full at the entry: the new packet is dropped straight away
  for _, p in ipairs(packets) do
    if p.lane == lane then
      local x = pos(p.id)
      if x < X0 + GAP then
        dropped = dropped + 1
        sfx("hit")
        hud()
        return
      end
    end
  end
  local id = spawn(KINDS[lane], X0, LANES[lane] - 3, {w = 8, h = 6, z = 5})
  packets[#packets + 1] = {id = id, lane = lane, delay = 0, fair = true}
end

local function move_packets()
  local W = WAVES[wave]
  local speed = W.speed
  if managing then speed = W.speed * MANAGE.factor end
  local squeeze = fastlane_on()
  -- the packet ahead in each lane, to keep queues in order
  local ahead = {}
  -- packets are in spawn order, so the first one met in a lane leads it
  for i = 1, #packets do
    local p = packets[i]
    local x = pos(p.id)
    local v = speed
    local kind = gate_at(p.lane, x + 4)
    if kind == "brake" then
      v = 0.1 p.fair = false
    elseif kind == "fastlane" then
      v = speed * 2.5 p.fair = false
    elseif squeeze and p.lane ~= PAYER then
      v = speed * 0.45 p.fair = false
    end
    local lead = ahead[p.lane]
    if lead and x + v > lead - GAP then v = math.max(0, lead - GAP - x) end
    if v < speed then p.delay = p.delay + (1 - v / speed) end
    setpos(p.id, x + v, LANES[p.lane] - 3)
    ahead[p.lane] = x + v
    p.x = x + v
  end
  local i = 1
  while i <= #packets do
    local p = packets[i]
    if p.x >= X1 then
      kill(p.id)
      table.remove(packets, i)
      delivered = delivered + 1
      if p.fair then
        fair = fair + 1
        addscore(10)
        sfx{wave = "sine", freq = 880, decay = 0.06, volume = 0.2}
      else
        addscore(3)
      end
      hud()
    elseif p.delay > DROP_DELAY then
      drop(i)
    else
      i = i + 1
    end
  end
end

local function steer()
  if btnp(UP) then cur.lane = math.max(1, cur.lane - 1) end
  if btnp(DOWN) then cur.lane = math.min(4, cur.lane + 1) end
  if btnp(LEFT) then cur.col = math.max(1, cur.col - 1) end
  if btnp(RIGHT) then cur.col = math.min(3, cur.col + 1) end
  local px, py, down = pointer()
  if down and not was_down then
    for l = 1, 4 do
      for c = 1, 3 do
        local r = routers[l][c]
        if math.abs(px - r.x) <= 12 and math.abs(py - r.y) <= 12 then
          cur.lane, cur.col = l, c
          remove_gate(routers[l][c])
        end
      end
    end
  end
  was_down = down
  place_cursor()
  if btnp(A) then remove_gate(routers[cur.lane][cur.col]) end
end

local start_wave

local function finish()
  panel("note", nil)
  flow.win("won", {score = score(), fair = fair, ok = delivered, lost = dropped})
end

local function between(w)
  flow.go("between")
  if DEBUG then log("end", w, delivered, fair, dropped, score()) end
  clear_gates()
  panel("note", nil)
  if w == 1 then
    dialogue.start({"pause1.a", "pause1.b"}, function()
      flow.ask("quiz1", {choices = 3, answer = 2, done = function() start_wave(2) end})
    end)
  elseif w == 2 then
    dialogue.start({"pause2.a", "pause2.b"}, function()
      flow.ask("quiz2", {choices = 3, answer = 3, done = function() start_wave(3) end})
    end)
  else
    finish()
  end
end

start_wave = function(w)
  wave, g = w, 0
  schedule, nexts = schedules[w], 1
  say(nil)
  hud()
  panel("note", "wave." .. w, {x = 4, y = 150})
  sfx("powerup")
  flow.go("play")
end

function _init()
  build_scene()
  for w = 1, #WAVES do plan(w) end
  hud()
  dialogue.start({"intro.a", "intro.b", "intro.c", "intro.d", "intro.e"}, function() start_wave(1) end)
end

function _update()
  if flow.paused() then return end
  if not flow.is("play") then return end
  if wave == MANAGE.wave and g == MANAGE.at and not managing then
    -- Congestion: the fair kind of traffic management, explained first.
    managing = true
    panel("note", "manage.on", {x = 4, y = 150})
    dialogue.start({"manage.1", "manage.2", "manage.3"}, nil, {consume = true})
    return
  elseif managing and g == MANAGE.at + MANAGE.len then
    managing = false
    panel("note", "manage.off", {x = 4, y = 150})
  end
  steer()
  local W = WAVES[wave]
  while nexts <= #schedule and schedule[nexts].t <= g do
    put_gate(schedule[nexts])
    nexts = nexts + 1
  end
  if g % W.every == 0 then spawn_packet() end
  move_packets()
  if dropped >= MAX_DROPS then
    panel("note", nil)
    flow.lose("lost", {score = score(), n = dropped})
    return
  end
  g = g + 1
  if g >= W.len then between(wave) end
end
