-- RGPD / GDPR: cross the web from left to right without letting trackers
-- collect too much of your data. Consent pop-ups drift down: their huge
-- button is "accept all", the tiny one refuses. Rights of the data subject
-- (GDPR Art. 15 to 21) are power-ups: pick them up, press A to use one,
-- B to pick which. Three rounds, each with more and faster trackers; a quiz
-- after the first two. Lose at 100 data collected; the exit opens below 50.
local flow = require("flow")
local dialogue = require("dialogue")
local note = require("fleeting_note")

-- Places come from the map's object layer "places" (map.tmj), in world
-- pixels. Each round (the property round) has its road, where the player,
-- the trackers and the rights move, whose length is the distance to cross,
-- and its exit; the exit of round 0 stands at the end of the view during
-- the introduction. The player starts every round at the object of class
-- "player", whose size is the player's.
local ROADS, EXITS = {}, {} -- ROADS[round], EXITS[round]: map objects
local START                 -- the player's start: a map object
for _, o in ipairs(objects()) do
  if o.class == "road" then
    ROADS[o.props.round] = o
  elseif o.class == "goal" then
    EXITS[o.props.round] = o
  elseif o.class == "player" then
    START = o
  end
end
local XMIN = 2 -- pixels kept between the world's left edge and whoever moves
local TOP, BOTTOM = ROADS[1].y, ROADS[1].y + ROADS[1].h -- the road's edges, set by start_round
local XMAX = ROADS[1].x + ROADS[1].w -- where the road ends, set by start_round
local camx = 0
local LOSE_AT, OPEN_BELOW = 100, 50
local PSIZE = START.w
-- The questions after rounds 1 and 2 (quiz1, quiz2): the right choice.
local ANSWERS = {2, 3}

local RIGHTS = {
  access = "right_access_card",
  rectify = "right_rectify_star",
  erase = "right_erasure_power",
  port = "right_portability_power",
  object = "right_objection_power",
}
local RIGHT_ORDER = {"access", "rectify", "erase", "port", "object"}

-- The run's phases (flow): intro, play, talk, over.
local round = 0
local ptick = 0 -- ticks of play in this round
local player, goal
local trackers = {} -- {id, held, hidden, objected, cool, wx, wy}
local popups = {}   -- {big, small}
local tokens = {}   -- {id, kind}
local decor = {}    -- scenery ids: lane borders and distance posts
local inventory = {}
local reveal, boost = 0, 0
local next_popup, next_token = 0, 0

local function clamp(v, lo, hi) return math.max(lo, math.min(hi, v)) end

local function data()
  local n = 0
  for _, t in ipairs(trackers) do n = n + t.held end
  return n
end

-- flash shows a line at the bottom for two and a half seconds.
local function flash(key, args)
  note.show(key, args, {name = "flash", x = 4, y = 166, ticks = 150})
end

local function hud()
  local d = data()
  local door = d < OPEN_BELOW and "hud_open" or "hud_closed"
  panel("hud", "hud", {args = {data = d, max = LOSE_AT, round = round}, x = 4, y = 16})
  panel("door", door, {args = {need = OPEN_BELOW}, x = 200, y = 16})
  if #inventory > 0 then
    panel("inv", "inv." .. inventory[1], {args = {n = #inventory}, x = 4, y = 28})
  else
    panel("inv", "inv.none", {x = 4, y = 28})
  end
end

local function clear_round()
  for _, t in ipairs(trackers) do kill(t.id) end
  for _, p in ipairs(popups) do kill(p.big) kill(p.small) end
  for _, k in ipairs(tokens) do kill(k.id) end
  for _, id in ipairs(decor) do kill(id) end
  trackers, popups, tokens, decor = {}, {}, {}, {}
  for i = 1, 9 do panel("held" .. i, nil) end
  for i = 1, 6 do
    panel("pop" .. i, nil)
    panel("no" .. i, nil)
  end
  panel("exit", nil)
  note.hide()
  reveal, boost = 0, 0
end

local function spawn_token()
  local kind = RIGHT_ORDER[rndi(1, #RIGHT_ORDER)]
  local x = math.min(XMAX - 40, camx + rndi(80, 300))
  local id = spawn(RIGHTS[kind], x, rndi(TOP + 10, BOTTOM - 16), {w = 8, h = 8, tag = "right", z = 1})
  tokens[#tokens + 1] = {id = id, kind = kind}
end

local function start_round(n)
  round, ptick = n, 0
  clear_round()
  local road = ROADS[n]
  TOP, BOTTOM, XMAX = road.y, road.y + road.h, road.x + road.w -- 1400, 1800, 2200 pixels to cross
  setpos(player, START.x, START.y)
  camx = 0
  camera(0, 0)
  setpos(goal, EXITS[n].x, EXITS[n].y)
  -- scenery, so that scrolling shows: the lane's edges and a post every 160 px
  decor[#decor + 1] = spawn("road_border", road.x, TOP - 3, {w = road.w, h = 2, z = -1})
  decor[#decor + 1] = spawn("road_border", road.x, BOTTOM + 1, {w = road.w, h = 2, z = -1})
  for x = 160, XMAX - 100, 160 do
    decor[#decor + 1] = spawn("lane_post", x, TOP, {w = 1, h = BOTTOM - TOP, z = -1})
  end
  local count = 4 + n -- 5, 6, 7 trackers
  for i = 1, count do
    local x = 180 + math.floor((i - 1) * (XMAX - 320) / (count - 1)) + rndi(-30, 30)
    local y = rndi(TOP, BOTTOM - 10)
    local id = spawn("tracker_chasing", x, y, {w = 10, h = 10, tag = "tracker", z = 2})
    -- round 2: every third tracker is invisible; round 3: every other one
    local hidden = (n == 2 and i % 3 == 0) or (n == 3 and i % 2 == 0)
    local t = {id = id, held = 0, hidden = hidden, objected = false, cool = 0, wx = 0, wy = 0}
    show(id, not t.hidden)
    trackers[#trackers + 1] = t
  end
  sprite(goal, "goal_shut")
  spawn_token()
  next_popup = 150 - n * 20
  next_token = 300
  hud()
  flow.go("play")
end

-- wait_then says a line with its args until A, then calls fn; the A is
-- used up.
local function wait_then(key, args, fn)
  flow.go("talk")
  dialogue.start({{key, args}}, fn, {consume = true})
end

-- Nearest tracker still following the player (not objected), and its distance.
local function nearest(include_objected)
  local px, py = pos(player)
  local best, bd
  for _, t in ipairs(trackers) do
    if include_objected or not t.objected then
      local x, y = pos(t.id)
      local d = math.sqrt((x - px) ^ 2 + (y - py) ^ 2)
      if not bd or d < bd then best, bd = t, d end
    end
  end
  return best, bd
end

local function use_right(kind)
  local px, py = pos(player)
  if kind == "access" then
    reveal = 360
    addscore(20)
    flash("used.access")
  elseif kind == "rectify" then
    local removed = 0
    for _, t in ipairs(trackers) do
      local cut = math.floor(t.held * 0.3)
      t.held = t.held - cut
      removed = removed + cut
    end
    addscore(10 + removed * 3)
    flash("used.rectify", {n = removed})
  elseif kind == "erase" then
    local t = nearest(true)
    local n = 0
    if t then
      n = t.held
      t.held = 0
      t.cool = 120
      -- sent far behind the player, with a long pause
      setpos(t.id, math.max(XMIN, px - 300), rndi(TOP, BOTTOM - 10))
      fx("sparkle", px, py)
    end
    addscore(10 + n * 5)
    flash("used.erase", {n = n})
  elseif kind == "port" then
    boost = 300
    addscore(20)
    flash("used.port")
  elseif kind == "object" then
    local t, d = nearest(false)
    if t then
      t.objected = true
      sprite(t.id, "tracker_asleep")
      t.wx, t.wy = (rnd() < 0.5 and -0.4 or 0.4), (rnd() < 0.5 and -0.4 or 0.4)
      addscore(d < 40 and 60 or 30)
    end
    flash("used.object")
  end
  sfx("powerup")
end

local function steer_player()
  local sp = boost > 0 and 2.2 or 1.4
  local dx, dy = 0, 0
  if btn(LEFT) then dx = dx - sp end
  if btn(RIGHT) then dx = dx + sp end
  if btn(UP) then dy = dy - sp end
  if btn(DOWN) then dy = dy + sp end
  local mx, my, down = pointer()
  if down and dx == 0 and dy == 0 and my > TOP then
    local x, y = pos(player)
    local vx, vy = mx + camx - (x + 4), my - (y + 4)
    local d = math.sqrt(vx * vx + vy * vy)
    if d > 2 then dx, dy = vx / d * sp, vy / d * sp end
  end
  if dx ~= 0 then flip(player, dx < 0) end
  local x, y = pos(player)
  setpos(player, clamp(x + dx, XMIN, XMAX - PSIZE), clamp(y + dy, TOP, BOTTOM - PSIZE))
  camx = clamp(math.floor(x + dx - 120), 0, XMAX - W)
  camera(camx, 0)
end

local function move_trackers()
  local px, py = pos(player)
  local speed = math.min(1.3, 0.6 + 0.15 * round + ptick / 4000)
  for i, t in ipairs(trackers) do
    local x, y = pos(t.id)
    local dx, dy = 0, 0
    if t.objected then
      dx, dy = t.wx, t.wy
      if x + dx < XMIN or x + dx > XMAX - 10 then t.wx = -t.wx end
      if y + dy < TOP or y + dy > BOTTOM - 10 then t.wy = -t.wy end
    elseif math.abs(px - x) > 230 then
      dx, dy = 0, 0 -- too far away to notice the player yet
    else
      local vx, vy = px - x, py - y
      local d = math.max(1, math.sqrt(vx * vx + vy * vy))
      if t.cool > 0 then
        t.cool = t.cool - 1
        dx, dy = -vx / d * speed * 0.8, -vy / d * speed * 0.8
      else
        dx, dy = vx / d * speed, vy / d * speed
      end
    end
    setpos(t.id, clamp(x + dx, XMIN, XMAX - 10), clamp(y + dy, TOP, BOTTOM - 10))
    show(t.id, (not t.hidden) or reveal > 0)
    if reveal > 0 then
      local nx, ny = pos(t.id)
      local vx = math.floor(nx) - camx
      if vx > -10 and vx < W then
        panel("held" .. i, "held", {args = {n = t.held}, x = clamp(vx, 4, 300), y = clamp(math.floor(ny) - 11, 40, 170)})
      else
        panel("held" .. i, nil)
      end
    else
      panel("held" .. i, nil)
    end
  end
end

local function contacts()
  for _, t in ipairs(trackers) do
    if not t.objected and t.cool == 0 and flow.overlaps(player, t.id) then
      t.held = t.held + 5 + 2 * round
      t.cool = 50
      sfx("hit")
      local x, y = pos(player)
      fx("burst", x, y)
      if t.hidden and reveal == 0 then flash("caught_hidden") end
    end
  end
end

local function popups_update()
  ptick = ptick + 1
  next_popup = next_popup - 1
  if next_popup <= 0 then
    local x = math.min(XMAX - 100, camx + rndi(60, 230))
    local vy = 0.35 + 0.12 * round + ptick / 8000
    local big = spawn("consent_popup", x, TOP - 4, {w = 64, h = 26, tag = "accept", vy = vy})
    local small = spawn("popup_refuse", x + 66, TOP + 12, {w = 8, h = 6, tag = "refuse", vy = vy})
    popups[#popups + 1] = {big = big, small = small}
    next_popup = math.max(110, 300 - 50 * round - math.floor(ptick / 15))
  end
  local keep = {}
  for _, p in ipairs(popups) do
    local _, y = pos(p.big)
    local gone = false
    if y > BOTTOM then
      gone = true
    elseif hit(player, "refuse") == p.small then
      gone = true
      addscore(25)
      sfx("select")
      flash("refused")
    elseif hit(player, "accept") == p.big then
      gone = true
      for _, t in ipairs(trackers) do t.held = t.held + 3 end
      sfx("hit")
      flash("accepted", {n = 3 * #trackers})
    end
    if gone then
      kill(p.big)
      kill(p.small)
    else
      keep[#keep + 1] = p
    end
  end
  popups = keep
  -- labels: the huge button says "accept all", the tiny one "refuse"
  for i = 1, 6 do
    local p = popups[i]
    local shown = false
    if p then
      local x, y = pos(p.big)
      local vx = math.floor(x) - camx
      if vx > 0 and vx < W - 70 then
        panel("pop" .. i, "popup_label", {x = vx + 2, y = math.floor(y) + 8})
        panel("no" .. i, "refuse_label", {x = vx + 76, y = math.floor(y) + 13})
        shown = true
      end
    end
    if not shown then
      panel("pop" .. i, nil)
      panel("no" .. i, nil)
    end
  end
end

local function tokens_update()
  next_token = next_token - 1
  if next_token <= 0 then
    if #tokens < 3 then spawn_token() end
    next_token = 280
  end
  local keep = {}
  for _, k in ipairs(tokens) do
    if #inventory < 3 and flow.overlaps(player, k.id) then
      kill(k.id)
      inventory[#inventory + 1] = k.kind
      addscore(10)
      sfx("pickup")
      flash("got." .. k.kind)
    else
      keep[#keep + 1] = k
    end
  end
  tokens = keep
  if btnp(A) and #inventory > 0 then
    use_right(table.remove(inventory, 1))
  elseif btnp(B) and #inventory > 1 then
    -- Take the first right out before counting: `t[#t + 1] = table.remove(t, 1)`
    -- would count first and leave a hole in the list.
    local first = table.remove(inventory, 1)
    inventory[#inventory + 1] = first
    sfx("blip")
  end
end


local function round_won()
  local kept = LOSE_AT - data()
  addscore(kept * 3)
  sfx("coin")
  clear_round()
  panel("hud", nil)
  panel("door", nil)
  panel("inv", nil)
  if round < 3 then
    -- After rounds 1 and 2, a question (quiz1, quiz2), then the next round.
    local n = round
    wait_then("round_done", {n = n, kept = kept}, function()
      flow.ask("quiz" .. n, {choices = 3, answer = ANSWERS[n], points = 150, done = function()
        wait_then("round" .. (n + 1), nil, function() start_round(n + 1) end)
      end})
    end)
  else
    flow.win("won", {score = score(), kept = kept})
  end
end

function _init()
  -- an invisible first line, so that panels placed by default (the quiz's
  -- explanations) start below the game's HUD bar
  panel("spacer", "spacer")
  player = spawn("citizen", START.x, START.y, {w = START.w, h = START.h, tag = "player", z = 3})
  goal = spawn("goal_shut", EXITS[0].x, EXITS[0].y, {w = EXITS[0].w, h = EXITS[0].h, tag = "goal"})
  panel("hud", "hud", {args = {data = 0, max = LOSE_AT, round = 1}, x = 4, y = 16})
  dialogue.start({"intro.1", "intro.2", "intro.3", "intro.4"}, function() start_round(1) end)
end

function _update()
  if flow.paused() then return end
  if not flow.is("play") then return end

  steer_player()
  move_trackers()
  contacts()
  popups_update()
  tokens_update()
  if reveal > 0 then reveal = reveal - 1 end
  if boost > 0 then boost = boost - 1 end
  note.update()

  local gx = EXITS[round].x - camx
  if gx < W then panel("exit", "exit_label", {x = math.max(1, gx - 30), y = 80}) else panel("exit", nil) end
  local d = data()
  sprite(goal, d < OPEN_BELOW and "harbor_open" or "goal_shut")
  hud()
  if d >= LOSE_AT then
    flow.lose("lost", {score = score(), data = d})
  elseif d < OPEN_BELOW and hit(player, "goal") then
    round_won()
  end
end
