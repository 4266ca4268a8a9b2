-- Decentralise: keep a messaging network alive. Eight neighbourhoods send
-- messages to each other through one big platform, the hub in the middle,
-- which breaks down more and more often: while it is down, every message
-- through it is lost. The player moves a cursor, hosts small servers on the
-- free spots (each takes in the two neighbourhoods around it) and links
-- servers together (federation: servers that speak the same protocol pass
-- messages on). Halfway, an EU law makes the hub open a bridge to other
-- services on request (Digital Markets Act, art. 7). Deliver enough
-- messages before too many are lost.
local flow = require("flow")
local dialogue = require("dialogue")
local steer = require("steer")
local fleeting = require("fleeting_note")

local GOAL = 150         -- messages delivered to win
local MAX_LOST = 45      -- messages lost to lose
local HOST_COST, LINK_COST = 3, 1
local ENERGY_EVERY = 5   -- one volunteer joins per this many messages delivered
local VOLUNTEER_TICKS = 600 -- and one every ten seconds anyway, so no one gets stuck
local REACH = 62         -- a server takes in the neighbourhoods this close
local LINK_RANGE = 150   -- the longest link a server can make
local LETTER_SPEED = 2.5
local DMA_AT = 50 * 60   -- ticks of play before the law opens the hub

-- Places on screen come from the map's object layer "places" (map.tmj),
-- each kept by its centre (view pixels; the camera never moves). Nodes are
-- numbered in the map's order: 1 is the hub, 2 to 4 the free spots for
-- servers. The neighbourhoods follow, in the order they take turns; the
-- one at the top right has no spot near it: its friends are on the
-- platform, so it stays there.
local HUB = 1
local NODES, USERS = {}, {}
for _, o in ipairs(objects()) do
  local x, y = o.x + o.w / 2, o.y + o.h / 2
  if o.class == "neighbourhood" then
    USERS[#USERS + 1] = {x = x, y = y}
  else
    NODES[#NODES + 1] = {x = x, y = y, size = o.w, kind = o.class}
  end
end

-- The run's phases (flow): intro, play, talk, over.
local played = 0
local delivered, lost, energy = 0, 0, 9
local returned = 0 -- messages the platform would not pass to another service
local energy_step = 0
local cursor, picked   -- picked: the node chosen as a link's first end
local links = {}       -- {a, b, dots}
local letters = {}     -- {id, path, leg}
local hub_down, next_outage, outage_no = 0, 20 * 60, 0
local spot_down = {0, 0, 0, 0}
local next_spot_fail = 100 * 60
local spot_turn = 0 -- the spot whose turn to break down came last (1 is node 2)
local next_send = 90
local dma = false
local told = {}

local function note(key, args)
  fleeting.show(key, args, {x = 4, y = 27, ticks = 200})
end

local function tell_once(key)
  if not told[key] then
    told[key] = true
    note(key)
  end
end

local function hud()
  panel("hud", "hud", {args = {sent = delivered, goal = GOAL, lost = lost, max = MAX_LOST, energy = energy}, x = 4, y = 15})
end

local function up(n)
  if n == HUB then return hub_down == 0 end
  return NODES[n].kind == "server" and spot_down[n] == 0
end

local function distance(ax, ay, bx, by)
  return math.sqrt((ax - bx) ^ 2 + (ay - by) ^ 2)
end

-- A dotted line between two points: entities every 6 pixels.
local function dotted(ax, ay, bx, by, look)
  local dots = {}
  local n = math.floor(distance(ax, ay, bx, by) / 6)
  for i = 1, n - 1 do
    local t = i / n
    dots[#dots + 1] = spawn(look, ax + (bx - ax) * t - 1, ay + (by - ay) * t - 1, {w = 3, h = 3, z = -1})
  end
  return dots
end

local function recolour(dots, look)
  for _, id in ipairs(dots) do sprite(id, look) end
end

-- Each neighbourhood belongs to one node, its home: the hub at first, then
-- the nearest server that takes it in.
local function attach(u)
  if u.dots then
    for _, id in ipairs(u.dots) do
      kill(id)
    end
  end
  local n = NODES[u.home]
  u.dots = dotted(u.x, u.y, n.x, n.y, u.home == HUB and "dot_hub" or "dot_fed")
end

local function linked(a, b)
  for _, l in ipairs(links) do
    if (l.a == a and l.b == b) or (l.a == b and l.b == a) then return true end
  end
  return false
end

-- The route of a message between two homes: breadth first over the nodes
-- that are up, visiting neighbours in node order, so it is the same on
-- every computer. nil when there is none.
local function route(from, to)
  if not up(from) or not up(to) then return nil end
  if from == to then return {from} end
  local prev = {[from] = from}
  local queue, head = {from}, 1
  while queue[head] do
    local n = queue[head]
    head = head + 1
    for m = 1, #NODES do
      if not prev[m] and up(m) and linked(n, m) then
        prev[m] = n
        if m == to then
          local path = {m}
          while path[1] ~= from do table.insert(path, 1, prev[path[1]]) end
          return path
        end
        queue[#queue + 1] = m
      end
    end
  end
  return nil
end

-- Who writes to whom goes in rounds: in each round every neighbourhood
-- writes one message, in a shuffled order, and receives one (the
-- recipients follow one random cycle through all eight, so no one writes
-- to itself). Every run thus meets the same share of messages from and to
-- the neighbourhood stuck on the platform, spread evenly through the game:
-- independent draws let the seed decide how hard a run was.
local round = {}

local function next_pair()
  if #round == 0 then
    local n = #USERS
    local to, order = {}, {}
    for i = 1, n do to[i], order[i] = i, i end
    for i = n, 2, -1 do
      local j = rndi(1, i - 1) -- Sattolo's shuffle: one cycle through all
      to[i], to[j] = to[j], to[i]
      local k = rndi(1, i)
      order[i], order[k] = order[k], order[i]
    end
    for _, a in ipairs(order) do round[#round + 1] = {a, to[a]} end
  end
  return table.remove(round, 1)
end

local function send()
  local pair = next_pair()
  local ua, ub = USERS[pair[1]], USERS[pair[2]]
  local path = route(ua.home, ub.home)
  if not path then
    fx("burst", ua.x, ua.y)
    sfx{wave = "noise", freq = 300, slide = -200, decay = 0.25, volume = 0.35}
    if not up(ua.home) or not up(ub.home) then
      -- A breakdown: the message is lost.
      lost = lost + 1
      tell_once(hub_down > 0 and (ua.home == HUB or ub.home == HUB) and "why.hub" or "why.server")
    else
      -- No breakdown, but no way through: the platform will not talk to
      -- other services, or two servers are not linked. The message comes
      -- back to its sender: not lost, not delivered either.
      returned = returned + 1
      tell_once(((ua.home == HUB) ~= (ub.home == HUB)) and "why.walled" or "why.cut")
    end
    return
  end
  local points = {{ua.x, ua.y}}
  for _, n in ipairs(path) do points[#points + 1] = {NODES[n].x, NODES[n].y, n} end
  points[#points + 1] = {ub.x, ub.y}
  local id = spawn("letter", ua.x - 3, ua.y - 2, {w = 6, h = 5, z = 3})
  letters[#letters + 1] = {id = id, points = points, leg = 2}
end

local function letters_update()
  local keep = {}
  for _, l in ipairs(letters) do
    local x, y = pos(l.id)
    local p = l.points[l.leg]
    local tx, ty = p[1] - 3, p[2] - 2
    local d = distance(x, y, tx, ty)
    if d <= LETTER_SPEED then
      setpos(l.id, tx, ty)
      l.leg = l.leg + 1
    else
      setpos(l.id, x + (tx - x) / d * LETTER_SPEED, y + (ty - y) / d * LETTER_SPEED)
    end
    if l.leg > #l.points then
      kill(l.id)
      delivered = delivered + 1
      addscore(10)
      energy_step = energy_step + 1
      if energy_step >= ENERGY_EVERY then
        energy_step = 0
        energy = energy + 1
      end
      sfx{wave = "sine", freq = 880, slide = 200, decay = 0.08, volume = 0.25}
    else
      keep[#keep + 1] = l
    end
  end
  letters = keep
end

-- A node going down loses the messages still on their way to it.
local function cut_letters(n)
  local keep = {}
  for _, l in ipairs(letters) do
    local hit_it = false
    for i = l.leg, #l.points do
      if l.points[i][3] == n then hit_it = true end
    end
    if hit_it then
      local x, y = pos(l.id)
      kill(l.id)
      lost = lost + 1
      fx("burst", x + 3, y + 2)
    else
      keep[#keep + 1] = l
    end
  end
  letters = keep
end

-- The node under the cursor, if any.
local function pointed()
  local cx, cy = pos(cursor)
  cx, cy = cx + 5, cy + 5
  for n, node in ipairs(NODES) do
    local r = n == HUB and 14 or 9
    if math.abs(cx - node.x) <= r and math.abs(cy - node.y) <= r then return n end
  end
  return nil
end

local function unpick()
  if picked then sprite(NODES[picked].id, NODES[picked].kind == "hub" and "hub" or "server", 0) end
  picked = nil
end

local function host(n)
  local node = NODES[n]
  if energy < HOST_COST then
    note("need", {n = HOST_COST})
    sfx("blip")
    return
  end
  energy = energy - HOST_COST
  node.kind = "server"
  sprite(node.id, "server", 0)
  for _, u in ipairs(USERS) do
    if distance(u.x, u.y, node.x, node.y) <= REACH then
      u.home = n
      attach(u)
    end
  end
  fx("sparkle", node.x, node.y)
  sfx("powerup")
  tell_once("hosted")
end

local function link(a, b)
  local na, nb = NODES[a], NODES[b]
  if (a == HUB or b == HUB) and not dma then
    note("closed")
    sfx("hit")
    return
  end
  if linked(a, b) then return end
  if distance(na.x, na.y, nb.x, nb.y) > LINK_RANGE then
    note("far")
    sfx("blip")
    return
  end
  if energy < LINK_COST then
    note("need", {n = LINK_COST})
    sfx("blip")
    return
  end
  energy = energy - LINK_COST
  local bridge = a == HUB or b == HUB
  links[#links + 1] = {a = a, b = b, dots = dotted(na.x, na.y, nb.x, nb.y, bridge and "dot_bridge" or "dot_fed")}
  sfx("coin")
  if bridge then
    tell_once("bridged")
  elseif not told.federated then
    told.federated = true
    flow.go("talk")
    dialogue.start({"event.federation"}, function() flow.go("play") end, {consume = true})
  end
end

local function act()
  local n = pointed()
  if not n then
    unpick()
    return
  end
  local kind = NODES[n].kind
  if kind == "spot" then
    unpick()
    host(n)
  elseif not picked then
    picked = n
    sprite(NODES[n].id, kind == "hub" and "hub" or "server", kind == "hub" and 2 or 1)
    sfx("select")
  elseif picked == n then
    unpick()
  else
    local a = picked
    unpick()
    link(a, n)
  end
end

-- The hub breaks down more and more often and for longer; from the second
-- minute, one server at a time may go down for a moment too.
local function outages_update()
  if hub_down > 0 then
    hub_down = hub_down - 1
    if hub_down == 0 then
      sprite(NODES[HUB].id, "hub", picked == HUB and 2 or 0)
      for _, u in ipairs(USERS) do
        if u.home == HUB then
          recolour(u.dots, "dot_hub")
        end
      end
      note("hub_back")
    end
  else
    next_outage = next_outage - 1
    if next_outage <= 0 then
      outage_no = outage_no + 1
      hub_down = math.min(14, 5 + 3 * outage_no) * 60
      next_outage = math.max(18, 30 - 2 * outage_no) * 60
      sprite(NODES[HUB].id, "hub", 1)
      cut_letters(HUB)
      for _, u in ipairs(USERS) do
        if u.home == HUB then
          recolour(u.dots, "dot_down")
        end
      end
      sfx{wave = "saw", freq = 400, slide = -350, decay = 0.6, volume = 0.45}
      note("hub_down", {secs = hub_down / 60})
      if outage_no == 1 then
        flow.go("talk")
        dialogue.start({"event.first_outage"}, function()
          flow.ask("quiz1", {choices = 3, answer = 2, done = function() flow.go("play") end})
        end, {consume = true})
      end
    end
  end
  for n = 2, #NODES do
    if spot_down[n] > 0 then
      spot_down[n] = spot_down[n] - 1
      if spot_down[n] == 0 then sprite(NODES[n].id, "server", picked == n and 1 or 0) end
    end
  end
  if played >= next_spot_fail then
    next_spot_fail = played + 40 * 60
    -- The spots take their turn (left, right, bottom, left...), rather than
    -- a random one: the same breakdowns for every run.
    spot_turn = spot_turn % (#NODES - 1) + 1
    local n = spot_turn + 1
    if NODES[n].kind == "server" then
      spot_down[n] = 3 * 60
      sprite(NODES[n].id, "server", 2)
      cut_letters(n)
      note("server_down")
    end
  end
end

local function finish(won)
  fleeting.hide()
  for _, l in ipairs(letters) do kill(l.id) end
  letters = {}
  hud()
  local share = math.floor(100 * delivered / math.max(1, delivered + lost))
  if won then
    addscore(energy * 20 + (MAX_LOST - lost) * 10)
    flow.win("won", {sent = delivered, share = share, score = score()})
  else
    flow.lose("lost", {sent = delivered, goal = GOAL, score = score()})
  end
end

function _init()
  for _, node in ipairs(NODES) do
    local size = node.size
    node.id = spawn(node.kind, node.x - size / 2, node.y - size / 2, {w = size, h = size, z = 1})
  end
  for _, u in ipairs(USERS) do
    u.home = HUB
    u.id = spawn("neighbourhood", u.x - 6, u.y - 6, {w = 12, h = 12, z = 1})
    attach(u)
  end
  cursor = spawn("cursor", 150, 70, {w = 10, h = 10, z = 5})
  anim(cursor, {0, 1}, 15)
  hud()
  dialogue.start({"intro.1", "intro.2", "intro.3"}, function() flow.go("play") end, {consume = true})
end

function _update()
  -- The press of A that closes a line must not also act in the game or
  -- answer the question the line opens: that tick ends here.
  if flow.paused() then return end
  if not flow.is("play") then return end

  played = played + 1
  if played % VOLUNTEER_TICKS == 0 then energy = energy + 1 end
  local dx, dy = steer.dir(2)
  local x, y = pos(cursor)
  setpos(cursor, math.max(0, math.min(W - 10, x + dx)), math.max(26, math.min(H - 10, y + dy)))
  if btnp(A) then act() end
  if btnp(B) then unpick() end

  outages_update()
  next_send = next_send - 1
  if next_send <= 0 then
    send()
    next_send = math.max(28, 70 - math.floor(played / 240))
  end
  letters_update()
  fleeting.update()
  hud()

  if delivered >= GOAL then
    finish(true)
  elseif lost >= MAX_LOST then
    finish(false)
  elseif played == DMA_AT then
    dma = true
    flow.go("talk")
    dialogue.start({"event.dma"}, function()
      flow.ask("quiz2", {choices = 3, answer = 1, done = function() flow.go("play") end})
    end, {consume = true})
  end
end
