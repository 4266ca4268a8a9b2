-- Open map: the town has no free map, so its people draw one together, like
-- a collaborative map on the web. The surveyor walks the streets cell by
-- cell; every cell next to the path goes from pencil sketch to coloured map.
-- Buildings marked "?" are places to survey with A. As the map grows and
-- becomes useful, neighbours join and map on their own (a commons grows with
-- its community); vandals scribble false edits, which A reverts from the
-- history. Win: the whole map right (100 %) before time runs out. Lose: time
-- runs out, or too many false edits stand at once.
local flow = require("flow")
local bulletin = require("bulletin")
local dialogue = require("dialogue")
local cellwalk = require("cellwalk")

local T = 16 -- pixels per cell
local W_VIEW, H_VIEW = W, H -- the view, before W and H name the map's size
local TOP = 2 -- rows 0 and 1 are the map's frame, under the HUDs
local TIME_LIMIT = 240 * 60 -- ticks of play (4 min)
local STEP = 14 -- ticks the surveyor takes per cell
local HELPER_STEP = 30 -- ticks a contributor takes per cell
local MAX_FALSE = 10 -- this many false edits standing at once loses
local SECOND_POINTS = 5 -- score per second left on winning

-- Tile ids of tiles.png: each sketch tile has a mapped twin.
local MAPPED = {[1] = 2, [3] = 4, [5] = 6, [7] = 8, [9] = 10, [11] = 12, [21] = 22, [23] = 24}
local WALK = {[1] = true, [5] = true, [9] = true, [21] = true} -- street, park, bridge, square
local POI = 11
local ICON = {school = 13, bakery = 14, library = 15, pharmacy = 16, townhall = 17, busstop = 18,
  bikeshop = 25, toilets = 26}
local SCRIBBLE = 19

-- Neighbours join when the map is this complete (per cent).
local JOIN_AT = {15, 30, 45, 60, 75}
local VANDALS_FROM = 25 -- per cent mapped when vandals start coming
local VANDAL_EDITS = 2 -- false edits a vandal makes before leaving

local W, H -- map size in cells
local cells = {} -- cells[cy][cx] = {kind, mapped, false_edit, poi, surveyed}
local total = 0 -- cells to map
local entries = {} -- where contributors come in
local player, pointer
local helpers = {} -- {id, px, py (previous cell)}
local vandals = {} -- {id, cx, cy, left, edits}
-- The run's phases (flow): intro, play, quiz, over.
local played = 0
local correct, false_edits = 0, 0
local complete = false -- every cell mapped and every place surveyed: no new vandals
local next_vandal = 0
local asked, told_vandal, told_company, told_directive = false, false, false, false
local hud_text

local function cell(cx, cy)
  if cy < TOP then return nil end -- the band under the HUDs is not town
  local row = cells[cy]
  return row and row[cx]
end

local function walkable(cx, cy)
  local c = cell(cx, cy)
  return c ~= nil and WALK[c.kind] == true
end

-- good tells whether a cell is right on the map: mapped, not vandalised,
-- and, for a place, surveyed.
local function good(c)
  return c.mapped and not c.false_edit and (not c.poi or c.surveyed)
end

-- draw puts the cell's look on the map: sketch, map or place icon, and the
-- scribble of a false edit on the layer above.
local function draw(cx, cy)
  local c = cells[cy][cx]
  local tile = c.kind
  if c.mapped then tile = MAPPED[c.kind] end
  if c.poi and c.surveyed then tile = ICON[c.poi] end
  mset(cx, cy, tile, "town")
  mset(cx, cy, c.false_edit and SCRIBBLE or 0, "edits")
end

-- The tallies follow every change of a cell (see change) rather than
-- being counted over the whole town each tick, which cost more than the
-- rest of the level together.
local known = 0 -- cells mapped, and surveyed for a place
local edits = {} -- the standing false edits, {cx, cy} each, in no order

local function tally(c, sign)
  if good(c) then correct = correct + sign end
  if c.mapped and (not c.poi or c.surveyed) then known = known + sign end
end

-- change sets the fields of the cell at cx, cy (mapped, false_edit,
-- surveyed), keeps the tallies and redraws it.
local function change(cx, cy, fields)
  local c = cells[cy][cx]
  tally(c, -1)
  if fields.false_edit ~= nil and fields.false_edit ~= c.false_edit then
    if fields.false_edit then
      edits[#edits + 1] = {cx, cy}
    else
      for i, e in ipairs(edits) do
        if e[1] == cx and e[2] == cy then
          table.remove(edits, i)
          break
        end
      end
    end
    false_edits = #edits
  end
  for k, v in pairs(fields) do c[k] = v end
  tally(c, 1)
  draw(cx, cy)
end

local function percent()
  return math.floor(100 * correct / total)
end

-- news shows a line under the HUD for a few seconds.
local news = bulletin.news

local function hud()
  local time = bulletin.clock(TIME_LIMIT - played)
  local text = correct .. "|" .. false_edits .. "|" .. #helpers .. "|" .. time
  if text == hud_text then return end
  hud_text = text
  panel("hud", "hud", {args = {pct = percent(), n = #helpers, bad = false_edits, max = MAX_FALSE, time = time}, x = 4, y = 18})
end

-- map_around maps the 3×3 cells around cx, cy and returns how many were new.
-- Contributors also revert the false edits they pass (the community
-- watches the map's history).
local function map_around(cx, cy, reverts)
  local new = 0
  for y = cy - 1, cy + 1 do
    for x = cx - 1, cx + 1 do
      local c = cell(x, y)
      if c and not c.mapped then
        new = new + 1
        change(x, y, {mapped = true})
      elseif c and reverts and c.false_edit then
        change(x, y, {false_edit = false})
        fx("sparkle", x * T + 8, y * T + 8)
      end
    end
  end
  return new
end

local function near(ax, ay, bx, by)
  return math.abs(ax - bx) <= 1 and math.abs(ay - by) <= 1
end

local function remove_vandal(i)
  local v = vandals[i]
  local x, y = pos(v.id)
  fx("dust", x + 8, y + 8)
  kill(v.id)
  table.remove(vandals, i)
end

-- block stops the vandals next to the surveyor.
local function block(cx, cy)
  local i = 1
  while i <= #vandals do
    local v = vandals[i]
    if near(v.cx, v.cy, cx, cy) then
      remove_vandal(i)
      addscore(50)
      sfx{wave = "square", freq = 330, slide = 500, decay = 0.25, volume = 0.4}
      news("blocked")
    else
      i = i + 1
    end
  end
end

local function arrived(cx, cy)
  local new = map_around(cx, cy, false)
  if new > 0 then
    addscore(2 * new)
    sfx{wave = "triangle", freq = 520 + 20 * new, slide = 300, decay = 0.08, volume = 0.25}
  end
  block(cx, cy)
end

-- act is the A button: revert the false edits and survey the places around
-- the surveyor.
local function act()
  local cx, cy = cellwalk.cell(player)
  local reverted, surveyed = 0, nil
  for y = cy - 1, cy + 1 do
    for x = cx - 1, cx + 1 do
      local c = cell(x, y)
      if c and c.false_edit then
        change(x, y, {false_edit = false})
        reverted = reverted + 1
        fx("sparkle", x * T + 8, y * T + 8)
      elseif c and c.poi and c.mapped and not c.surveyed then
        change(x, y, {surveyed = true})
        surveyed = c.poi
        fx("sparkle", x * T + 8, y * T + 8)
      end
    end
  end
  block(cx, cy)
  if reverted > 0 then
    addscore(15 * reverted)
    sfx{wave = "sine", freq = 880, slide = -440, decay = 0.2, volume = 0.4}
    news("reverted", {n = reverted})
  end
  if surveyed then
    addscore(25)
    sfx("pickup")
    news("poi." .. surveyed)
  end
end

-- Contributors walk the streets on their own, heading for the side where
-- the most is still to map or to fix.
local function need(cx, cy)
  local n = 0
  for y = cy - 1, cy + 1 do
    for x = cx - 1, cx + 1 do
      local c = cell(x, y)
      if c and (not c.mapped or c.false_edit) then n = n + 1 end
    end
  end
  return n
end

local DIRS = {{0, -1}, {1, 0}, {0, 1}, {-1, 0}}

local function helper_step(h)
  local cx, cy = cellwalk.cell(h.id)
  local best, best_n, ties = nil, -1, 0
  for _, d in ipairs(DIRS) do
    local x, y = cx + d[1], cy + d[2]
    if walkable(x, y) and not (x == h.px and y == h.py) then
      local n = need(x, y)
      if n > best_n then
        best, best_n, ties = d, n, 1
      elseif n == best_n then
        -- Equal choices: pick one of them evenly, with the seeded dice.
        ties = ties + 1
        if rndi(1, ties) == 1 then best = d end
      end
    end
  end
  if not best then best = {h.px - cx, h.py - cy} end -- dead end: turn back
  h.px, h.py = cx, cy
  cellwalk.step(h.id, best[1], best[2], HELPER_STEP, function(x, y)
    map_around(x, y, true)
  end)
end

local function join()
  local n = #helpers + 1
  local e = entries[(n - 1) % #entries + 1]
  local id = spawn("contributor", e.x, e.y, {w = T, h = T, z = 2, tag = "contributor", frame = (n - 1) % 4})
  cellwalk.place(id, math.floor(e.x / T), math.floor(e.y / T), T)
  helpers[n] = {id = id, px = -1, py = -1}
  fx("sparkle", e.x + 8, e.y + 8)
  sfx("powerup")
  news("joined." .. n)
end

-- A vandal appears on a mapped street or building away from the surveyor,
-- scribbles a few false edits around it, then goes.
local function spawn_vandal()
  local pcx, pcy = cellwalk.cell(player)
  local spots = {}
  for cy = TOP, H - 1 do
    for cx = 0, W - 1 do
      local c = cells[cy][cx]
      local d = math.max(math.abs(cx - pcx), math.abs(cy - pcy))
      -- Near enough to be seen, far enough not to be caught at once.
      if c.mapped and not c.poi and not c.false_edit and d > 3 and d <= 10 then
        spots[#spots + 1] = {cx, cy}
      end
    end
  end
  if #spots == 0 then return end
  local s = spots[rndi(1, #spots)]
  local id = spawn("vandal", s[1] * T, s[2] * T, {w = T, h = T, z = 4, tag = "vandal"})
  anim(id, {0, 1}, 10)
  vandals[#vandals + 1] = {id = id, cx = s[1], cy = s[2], left = 45, edits = 0}
  fx("dust", s[1] * T + 8, s[2] * T + 8)
  if not told_vandal then
    told_vandal = true
    news("vandal")
  end
end

local function scribble(v)
  local options = {}
  for y = v.cy - 1, v.cy + 1 do
    for x = v.cx - 1, v.cx + 1 do
      local c = cell(x, y)
      if c and c.mapped and not c.false_edit and not c.poi then options[#options + 1] = {x, y} end
    end
  end
  if #options == 0 then return end
  local o = options[rndi(1, #options)]
  change(o[1], o[2], {false_edit = true})
  sfx{wave = "noise", freq = 900, slide = -600, decay = 0.15, volume = 0.3}
end

local function vandalise()
  local p = percent()
  if p < VANDALS_FROM then return end
  -- More vandals, more often, as the map gets known (and worth spoiling),
  -- until the whole town is on the map: then so many people watch it that
  -- vandals give up.
  next_vandal = next_vandal - 1
  if not complete and next_vandal <= 0 and #vandals < (p >= 75 and 2 or 1) then
    spawn_vandal()
    next_vandal = 540 - 3 * p
  end
  local i = 1
  while i <= #vandals do
    local v = vandals[i]
    v.left = v.left - 1
    if v.left <= 0 then
      if v.edits >= VANDAL_EDITS then
        remove_vandal(i)
      else
        scribble(v)
        v.edits = v.edits + 1
        v.left = 75
        i = i + 1
      end
    else
      i = i + 1
    end
  end
end

-- The questions quiz1 and quiz2: the number of each one's right choice.
local ANSWERS = {2, 3}

-- ask pauses the play, lets the news be read, then asks question n;
-- done runs once its explanation is closed.
local function ask(n, done)
  flow.go("quiz")
  bulletin.ask("quiz" .. n, {choices = 3, answer = ANSWERS[n], done = done}, 90)
end

-- open_data: the town hall publishes its own data, and the places it
-- knows go onto the map at once.
local function open_data()
  for cy = TOP, H - 1 do
    for cx = 0, W - 1 do
      local c = cells[cy][cx]
      if c.poi == "townhall" or c.poi == "busstop" then
        change(cx, cy, {mapped = true, surveyed = true})
        fx("sparkle", cx * T + 8, cy * T + 8)
      end
    end
  end
  sfx("powerup")
  news("opendata")
  flow.go("play")
end

-- point shows, at the edge of the view, the way to the nearest false edit
-- out of sight, so that vandalism off screen does not go unnoticed.
local function point()
  local pcx, pcy = cellwalk.cell(player)
  local best, bx, by
  for _, e in ipairs(edits) do
    local cx, cy = e[1], e[2]
    local d = math.abs(cx - pcx) + math.abs(cy - pcy)
    -- Ties go to the first in reading order, as a scan of the town would.
    if not best or d < best or (d == best and (cy < by or (cy == by and cx < bx))) then
      best, bx, by = d, cx, cy
    end
  end
  local camx, camy = camera()
  local x, y = bx and bx * T, by and by * T
  if not best or (x >= camx and x + T <= camx + W_VIEW and y >= camy + 28 and y + T <= camy + H_VIEW) then
    show(pointer, false)
    return
  end
  x = math.max(camx + 2, math.min(camx + W_VIEW - T - 2, x))
  y = math.max(camy + 30, math.min(camy + H_VIEW - T - 2, y))
  setpos(pointer, x, y)
  show(pointer, true)
end

local function finish_won()
  local secs = math.floor((TIME_LIMIT - played) / 60)
  addscore(secs * SECOND_POINTS)
  bulletin.clear()
  flow.win("won", {score = score(), secs = secs})
end

local function check()
  if known == total and not complete then
    complete = true
    news("complete")
  end
  local p = percent()
  if #helpers < #JOIN_AT and p >= JOIN_AT[#helpers + 1] then join() end
  if not told_company and p >= 65 then
    told_company = true
    news("company")
  elseif not told_directive and p >= 85 then
    told_directive = true
    news("directive")
  end
  if correct == total then
    ask(2, finish_won)
  elseif not asked and p >= 50 then
    asked = true
    ask(1, open_data)
  elseif false_edits >= MAX_FALSE then
    bulletin.clear()
    flow.lose("lost.vandals", {n = false_edits})
  elseif played >= TIME_LIMIT then
    bulletin.clear()
    flow.lose("lost.time", {pct = p})
  end
end

function _init()
  W, H = mapsize()
  for cy = 0, H - 1 do
    cells[cy] = {}
    for cx = 0, W - 1 do
      cells[cy][cx] = {kind = mget(cx, cy, "town"), mapped = false, false_edit = false}
      if cy >= TOP then total = total + 1 end
    end
  end
  for _, o in ipairs(objects()) do
    local cx, cy = math.floor(o.x / T), math.floor(o.y / T)
    if o.class == "poi" then
      cells[cy][cx].poi = o.name
    elseif o.class == "entry" then
      entries[#entries + 1] = o
    elseif o.class == "player" then
      player = spawn("surveyor", o.x, o.y, {w = T, h = T, z = 3, tag = "player"})
      cellwalk.place(player, cx, cy, T)
    end
  end
  pointer = spawn("pointer", 0, 0, {w = T, h = T, z = 5, hidden = true})
  anim(pointer, {0, 1}, 15)
  follow(player)
  map_around(cellwalk.cell(player))
  hud()
  dialogue.start({"intro.1", "intro.2", "intro.3"}, function() flow.go("play") end)
end

function _update()
  bulletin.update()
  if flow.paused() then return end
  if not flow.is("play") then return end
  played = played + 1
  cellwalk.update()
  if cellwalk.drive(player, STEP, walkable, arrived) then
    anim(player, {0, 1}, 6)
  elseif not cellwalk.busy(player) then
    sprite(player, "surveyor", 0)
  end
  if btnp(A) then act() end
  for _, h in ipairs(helpers) do
    if not cellwalk.busy(h.id) then helper_step(h) end
  end
  vandalise()
  point()
  check()
  hud()
end
