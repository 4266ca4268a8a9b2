-- Tax budget: what taxes pay for. The player shares out a small town's
-- budget, in credits (the coins piled in front of each building), between
-- four public services. Residents walk from their homes to the school, the
-- health centre and the court and queue at the door; a service serves its
-- queue as fast as its credits allow, and a resident who finds five people
-- waiting gives up, which costs satisfaction. The roads crew fills
-- potholes, which slow everyone down. Four years, each busier, with events
-- (a flu epidemic, a storm, the start of the school year) that call for
-- moving credits around. Between years: how a town can share its tax
-- (flat or progressive, with worked numbers and arguments on both sides)
-- and two questions. Win by ending the fourth year with satisfaction at
-- 50 % or more; lose at 0 % or below 50 % at the end.
local flow = require("flow")
local dialogue = require("dialogue")
local note = require("fleeting_note")

local YEARS = 4
local YEAR_TICKS = 40 * 60 -- ticks in a year of play
local WIN_AT = 50 -- satisfaction needed at the end of the term
local START_SAT = 60
local MAXQ = 5 -- a resident who finds this many waiting gives up
local MAX_CREDITS = 7 -- per service
local REPAIR = 480 -- ticks of one credit's work to fill a pothole
local WALK = 0.9 -- pixels per tick on a road without potholes
local ROAD_ROW = 8 -- map row of the street
local POTHOLE, ROAD = 5, 4 -- tile ids in tiles.png
local SERVED_POINTS = 10
local SAT_POINTS = 10 -- score per point of satisfaction at the end

-- The services, left to right. cost: ticks of one credit's work per
-- resident served (a court case takes longer than a consultation). Their
-- buildings are objects of the map's layer "places" (map.tmj), named by key.
local SERVICES = {
  {key = "school", cost = 300, weight = 3, walker = "pupil", credits = 2},
  {key = "health", cost = 300, weight = 3, walker = "patient", credits = 2},
  {key = "roads", credits = 1},
  {key = "justice", cost = 420, weight = 2, walker = "litigant", credits = 1},
}
local START_RESERVE = 2
local SLOT_Y, SLOT_GAP = 82, 9 -- the queue, from the door down to the street
local STREET_Y = 131 -- where residents walk
-- From the map: the buildings' top and size, each service's x, and the
-- houses (x of each; HOUSE_Y their top).
local TOP, SIZE, HOUSE_Y
local HOUSES = {}
for _, o in ipairs(objects()) do
  if o.class == "house" then
    HOUSES[#HOUSES + 1] = o.x
    HOUSE_Y = o.y
  else
    for _, s in ipairs(SERVICES) do
      if s.key == o.name then s.x = o.x end
    end
    TOP, SIZE = o.y, o.w
  end
end

-- Each year: a resident sets out every `every` ticks, a pothole opens
-- every `holes` ticks, and the taxes bring `revenue` more credits.
local YEAR = {
  {every = 72, holes = 420, revenue = 0},
  {every = 56, holes = 360, revenue = 2},
  {every = 44, holes = 300, revenue = 1},
  {every = 37, holes = 260, revenue = 2},
}

-- Events, by year: when (seconds into the year) and what. A rush
-- multiplies one service's demand for RUSH_TICKS; a storm opens potholes.
local RUSH_TICKS, RUSH = 12 * 60, 4
local STORM_HOLES = 4
local EVENTS = {
  {{at = 15, kind = "school"}},
  {{at = 10, kind = "health"}, {at = 28, kind = "storm"}},
  {{at = 8, kind = "justice"}, {at = 24, kind = "school"}},
  {{at = 6, kind = "storm"}, {at = 14, kind = "health"}, {at = 28, kind = "justice"}},
}

-- The questions after years 2 and 3 (quiz1, quiz2): the right choice.
local ANSWERS = {2, 1}

-- The run's phases (flow): intro, play, report, vote, quiz, over.
local year, t = 1, 0 -- the year, and ticks played in it
local sel = 1 -- the selected service
local reserve = START_RESERVE
local sat = START_SAT
local served, gaveup = 0, 0
local year_served, year_gaveup = 0, 0
local residents = {} -- list of {id, s (service index), path, state, ready}
local queues = {} -- queues[s]: residents waiting, front first
local work = {} -- work[s]: ticks of work done towards the next resident
local rush = {} -- rush[s]: ticks of rush left
local holes = {} -- holes[col] = true where the street has a pothole
local nholes = 0
local next_hole, next_event = 0, 1
local piles = {} -- piles[s]: coin entity ids, bottom first
local cursor
local gauge = {}
local hud_text, sel_text
local told = {} -- which one-off hints were shown

-- ---- display ------------------------------------------------------------

-- news shows a line above the houses for four seconds.
local function news(key, args)
  note.show(key, args, {name = "news", x = 4, y = 150, ticks = 240})
end

local function seconds_left()
  return math.ceil(math.max(0, YEAR_TICKS - t) / 60)
end

local function hud()
  local pct = math.floor(sat)
  local text = year .. "|" .. seconds_left() .. "|" .. reserve .. "|" .. pct
  if text ~= hud_text then
    hud_text = text
    panel("hud", "hud", {args = {year = year, years = YEARS, secs = seconds_left(), reserve = reserve, sat = pct}, x = 4, y = 16})
    -- The gauge: ten lamps, green when things go well, red near the end.
    local frame = 1
    if pct < WIN_AT then frame = 2 end
    if pct < 25 then frame = 3 end
    for i, id in ipairs(gauge) do
      if pct >= i * 10 then sprite(id, "gauge", frame) else sprite(id, "gauge", 0) end
    end
  end
  local s = SERVICES[sel]
  local q = queues[sel] and #queues[sel] or nholes
  text = sel .. "|" .. s.credits .. "|" .. q
  if text ~= sel_text then
    sel_text = text
    panel("sel", "sel." .. s.key, {args = {n = s.credits, q = q, max = MAXQ}, x = 4, y = 167})
  end
end

local function place_cursor()
  local s = SERVICES[sel]
  setpos(cursor, s.x - 4, TOP - 4)
end

-- pile shows a service's credits as a pile of coins in front of it.
local function pile(i)
  local s = SERVICES[i]
  local p = piles[i]
  while #p < s.credits do
    local n = #p + 1
    p[n] = spawn("credit", s.x + 2, 127 - 4 * n, {w = 10, h = 4, z = 3})
  end
  while #p > s.credits do
    kill(p[#p])
    p[#p] = nil
  end
end

-- ---- residents ----------------------------------------------------------

local function door_x(s)
  return SERVICES[s].x + 17
end

local function slot_y(k)
  return SLOT_Y + (k - 1) * SLOT_GAP
end

local function speed()
  return WALK * math.max(0.4, 1 - 0.08 * nholes)
end

local function pick_service()
  local total = 0
  for i, s in ipairs(SERVICES) do
    if s.weight then total = total + s.weight * ((rush[i] or 0) > 0 and RUSH or 1) end
  end
  local r = rnd(total)
  for i, s in ipairs(SERVICES) do
    if s.weight then
      r = r - s.weight * ((rush[i] or 0) > 0 and RUSH or 1)
      if r < 0 then return i end
    end
  end
  return 1
end

local function set_out()
  local s = pick_service()
  local hx = HOUSES[rndi(1, #HOUSES)] + 13
  local id = spawn(SERVICES[s].walker, hx, HOUSE_Y + 14, {w = 6, h = 10, z = 4})
  anim(id, {0, 1}, 10)
  residents[#residents + 1] = {
    id = id, s = s, state = "going", home = hx,
    path = {{hx, STREET_Y}, {door_x(s), STREET_Y}, {door_x(s), slot_y(MAXQ) + 2}},
  }
end

local function give_up(r)
  r.state = "leaving"
  r.path = {{r.home, STREET_Y}, {r.home, HOUSE_Y + 14}}
  sprite(r.id, SERVICES[r.s].walker, 2)
  gaveup = gaveup + 1
  year_gaveup = year_gaveup + 1
  sat = math.max(0, sat - 3)
  sfx{wave = "triangle", freq = 330, slide = -200, decay = 0.25, volume = 0.35}
  local key = SERVICES[r.s].key
  if not told[key] then
    told[key] = true
    news("gaveup." .. key)
  end
end

local function arrive(r)
  if r.state == "going" then
    local q = queues[r.s]
    if #q >= MAXQ then
      give_up(r)
    else
      q[#q + 1] = r
      r.state = "queued"
      r.path = {{door_x(r.s), slot_y(#q)}}
    end
  elseif r.state == "queued" then
    r.ready = true
    sprite(r.id, SERVICES[r.s].walker, 0)
  elseif r.state == "leaving" then
    r.state = "gone"
    kill(r.id)
  end
end

local function walk()
  local v = speed()
  local kept = {}
  for _, r in ipairs(residents) do
    local p = r.path[1]
    if p then
      local x, y = pos(r.id)
      local step = v
      if r.state == "queued" then step = 1 end
      if x ~= p[1] then
        local d = p[1] - x
        if math.abs(d) <= step then x = p[1] elseif d > 0 then x = x + step else x = x - step end
        flip(r.id, d < 0)
      else
        local d = p[2] - y
        if math.abs(d) <= step then y = p[2] elseif d > 0 then y = y + step else y = y - step end
      end
      setpos(r.id, x, y)
      if x == p[1] and y == p[2] then
        table.remove(r.path, 1)
        if #r.path == 0 then arrive(r) end
      end
    end
    if r.state ~= "gone" and r.state ~= "in" then kept[#kept + 1] = r end
  end
  residents = kept
end

local function serve(i)
  local q = queues[i]
  local r = table.remove(q, 1)
  r.state = "in"
  local x, y = pos(r.id)
  kill(r.id)
  fx("sparkle", x + 3, y)
  sfx{wave = "sine", freq = 660 + 110 * i, slide = 300, decay = 0.12, volume = 0.3}
  served = served + 1
  year_served = year_served + 1
  addscore(SERVED_POINTS)
  sat = math.min(100, sat + 0.25)
  for k, o in ipairs(q) do
    o.ready = false
    o.path = {{door_x(i), slot_y(k)}}
  end
end

local function services()
  for i, s in ipairs(SERVICES) do
    if s.cost then
      local q = queues[i]
      work[i] = math.min(s.cost, work[i] + s.credits)
      if work[i] >= s.cost and q[1] and q[1].ready then
        work[i] = 0
        serve(i)
      end
    end
  end
end

-- ---- the street ---------------------------------------------------------

local function open_hole()
  local free = {}
  for c = 0, 19 do
    if not holes[c] then free[#free + 1] = c end
  end
  if #free == 0 then return end
  local c = free[rndi(1, #free)]
  holes[c] = true
  nholes = nholes + 1
  mset(c, ROAD_ROW, POTHOLE)
end

-- repair fills the pothole nearest the roads depot.
local function repair()
  local depot = math.floor(door_x(3) / 16)
  local best
  for c = 0, 19 do
    if holes[c] and (not best or math.abs(c - depot) < math.abs(best - depot)) then best = c end
  end
  if not best then return false end
  holes[best] = nil
  nholes = nholes - 1
  mset(best, ROAD_ROW, ROAD)
  fx("sparkle", best * 16 + 8, ROAD_ROW * 16 + 8)
  sfx{wave = "square", freq = 180, slide = 120, decay = 0.1, volume = 0.25}
  return true
end

local function street()
  local y = YEAR[year]
  next_hole = next_hole - 1
  if next_hole <= 0 then
    next_hole = y.holes
    open_hole()
  end
  local roads = SERVICES[3]
  work[3] = math.min(REPAIR, work[3] + roads.credits)
  if work[3] >= REPAIR and repair() then work[3] = 0 end
  -- Potholes wear on everyone's patience.
  if t % 120 == 0 and nholes > 0 then
    sat = math.max(0, sat - 0.25 * nholes)
    if nholes >= 4 and not told.holes then
      told.holes = true
      news("holes")
    end
  end
end

local function events()
  for i = 1, #SERVICES do
    if (rush[i] or 0) > 0 then rush[i] = rush[i] - 1 end
  end
  local e = EVENTS[year][next_event]
  if not e or t < e.at * 60 then return end
  next_event = next_event + 1
  if e.kind == "storm" then
    for _ = 1, STORM_HOLES do open_hole() end
    sfx{wave = "noise", freq = 120, decay = 0.8, volume = 0.4}
  else
    for i, s in ipairs(SERVICES) do
      if s.key == e.kind then rush[i] = RUSH_TICKS end
    end
    sfx{wave = "saw", freq = 520, slide = -60, decay = 0.3, volume = 0.3}
  end
  news("event." .. e.kind)
end

-- ---- the budget ---------------------------------------------------------

local function budget()
  if btnp(LEFT) then sel = (sel - 2) % #SERVICES + 1; place_cursor(); sfx("blip") end
  if btnp(RIGHT) then sel = sel % #SERVICES + 1; place_cursor(); sfx("blip") end
  local s = SERVICES[sel]
  if btnp(UP) then
    if reserve > 0 and s.credits < MAX_CREDITS then
      reserve = reserve - 1
      s.credits = s.credits + 1
      pile(sel)
      sfx("coin")
    else
      sfx{wave = "square", freq = 150, decay = 0.08, volume = 0.3}
      news(reserve == 0 and "empty" or "full")
    end
  end
  if btnp(DOWN) then
    if s.credits > 0 then
      reserve = reserve + 1
      s.credits = s.credits - 1
      pile(sel)
      sfx{wave = "triangle", freq = 700, slide = -400, decay = 0.1, volume = 0.3}
    else
      sfx{wave = "square", freq = 150, decay = 0.08, volume = 0.3}
    end
  end
end

-- ---- years, interludes and the end --------------------------------------

-- report shows a text with numbers, which A closes.
local function report(key, args, done)
  flow.go("report")
  note.hide()
  dialogue.start({{key, args}}, done, {consume = true})
end

local function start_year()
  flow.go("play")
  t, next_event = 0, 1
  year_served, year_gaveup = 0, 0
  next_hole = YEAR[year].holes
  local r = YEAR[year].revenue
  reserve = reserve + r
  if r > 0 then
    sfx("powerup")
    news("revenue", {year = year, n = r})
  end
  hud()
end

local function finish()
  note.hide()
  local pct = math.floor(sat)
  if pct >= WIN_AT then
    addscore(pct * SAT_POINTS)
    flow.win("won", {sat = pct, served = served, score = score()})
  else
    flow.lose("lost.end", {sat = pct, need = WIN_AT, score = score()})
  end
end

local function ask(n)
  flow.go("quiz")
  flow.ask("quiz" .. n, {choices = 3, answer = ANSWERS[n], done = function()
    year = year + 1
    start_year()
  end})
end

-- The tax vote: two ways to raise the same revenue; the choice shows the
-- worked example, then the other one, then arguments on both sides. It
-- changes nothing in the game: it is a debate, not a right answer.
local vote_sel = 0 -- none until the player moves: a mashed A does not vote
local VOTE = {"vote.flat", "vote.prog"}
local function vote()
  flow.go("vote")
  vote_sel = 0
  panel("vote", "vote.q", {choices = VOTE, sel = 0})
end

local function voting()
  if btnp(UP) or btnp(DOWN) then
    if vote_sel == 0 then
      vote_sel = btnp(UP) and 2 or 1
    else
      vote_sel = 3 - vote_sel
    end
    sfx("blip")
    panel("vote", "vote.q", {choices = VOTE, sel = vote_sel})
  end
  if btnp(A) and vote_sel > 0 then
    panel("vote", nil)
    sfx("select")
    local lines = {"tax.flat", "tax.prog"}
    if vote_sel == 2 then lines = {"tax.prog", "tax.flat"} end
    for _, k in ipairs({"tax.same", "tax.brackets", "tax.for_prog", "tax.for_flat", "tax.for_flat2", "tax.france"}) do
      lines[#lines + 1] = k
    end
    flow.go("quiz")
    dialogue.start(lines, function()
      year = year + 1
      start_year()
    end)
  end
end

local function end_year()
  local key = "report.year"
  if year == YEARS then key = "report.last" end
  report(key, {year = year, served = year_served, gaveup = year_gaveup, sat = math.floor(sat)}, function()
    if year == 1 then
      vote()
    elseif year < YEARS then
      ask(year - 1)
    else
      finish()
    end
  end)
end

function _init()
  for i, s in ipairs(SERVICES) do
    spawn("building-" .. s.key, s.x, TOP, {w = SIZE, h = SIZE, z = 1})
    panel("label" .. i, "label." .. s.key, {x = s.x + 2, y = TOP - 11})
    piles[i] = {}
    work[i] = 0
    if s.cost then queues[i] = {} end
    pile(i)
  end
  for i, x in ipairs(HOUSES) do
    local h = spawn("house", x, HOUSE_Y, {w = 32, h = 32, z = 1})
    sprite(h, "house", (i - 1) % 4)
  end
  cursor = spawn("cursor", 0, 0, {w = SIZE + 8, h = SIZE + 8, z = 0})
  place_cursor()
  for i = 1, 10 do
    gauge[i] = spawn("gauge", 249 + 7 * (i - 1), 18, {w = 6, h = 8, z = 5})
  end
  hud()
  dialogue.start({"intro.1", "intro.2", "intro.3", "intro.4", "intro.5", "intro.6"}, function()
    start_year()
  end)
end

function _update()
  note.update()
  if flow.paused() then return end
  if flow.is("vote") then
    voting()
    return
  end
  if not flow.is("play") then return end
  t = t + 1
  budget()
  events()
  if t % YEAR[year].every == 0 or t == 1 then set_out() end
  walk()
  services()
  street()
  hud()
  if sat <= 0 then
    note.hide()
    flow.lose("lost.zero", {score = score()})
  elseif t >= YEAR_TICKS then
    end_year()
  end
end
