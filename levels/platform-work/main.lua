-- Platform work: a delivery rider on a bike, managed by an app. Pick up
-- each order at a restaurant, deliver it to a home before its deadline,
-- and dodge the cars. After every delivery the app changes your
-- reliability index and sets your pay. In the first evening shift it never
-- says why: some drops are not your fault (the restaurant was late, a GPS
-- glitch), and there is no one to ask. Then the rules of Directive (EU)
-- 2024/2831 apply: each decision shows its reason and the pay formula is
-- known (transparency, art. 9), a decision can be contested with B and is
-- reviewed by a person (art. 11), and a suspension must be decided by a
-- human (art. 10). Three shifts, each with more cars and tighter
-- deadlines. Lose when the index falls below 70 %; win by finishing the
-- third shift.
local flow = require("flow")
local dialogue = require("dialogue")
local steer = require("steer")

local SHIFT_TICKS = 60 * 60
local START_REL, MIN_REL = 90, 70 -- reliability index, in %
local SPEED = 1.2 -- the bike's pixels per tick
local CELL = 16
local STUN = 75 -- ticks a crash costs
local SAFE = 60 -- ticks after a crash before the next one can happen
local CONTEST_TICKS = 6 * 60 -- how long a decision can be contested
local REVIEW_TICKS = 2 * 60 -- how long a person takes to look at it
local MONEY_POINTS, REL_POINTS = 10, 10

-- The shifts: cars per street, their speed, the slack added to an order's
-- deadline, how often the restaurant keeps you waiting, how often a drop
-- that is not your fault happens, and whether the directive's rules apply.
local SHIFTS = {
  {h = 1, v = 1, car = 0.6, slack = 360, wait = 0.3, unfair = 0.3, rules = false, vans = 1, van_every = 900},
  {h = 2, v = 1, car = 0.8, slack = 330, wait = 0.3, unfair = 0.35, rules = true, vans = 2, van_every = 600},
  {h = 2, v = 2, car = 1.0, slack = 300, wait = 0.35, unfair = 0.35, rules = true, vans = 3, van_every = 420},
}
local VAN_TICKS = 12 * 60 -- how long a van stays parked on the bike lane
local FLAG_AT = 20 * 60 -- in the second shift (the rules apply), the algorithm flags the route

-- Streets, as map rows and columns.
local ROWS = {4, 7, 10}
local COLS = {1, 6, 12, 18}
local ROW_DIR = {1, -1, 1} -- cars go right, left, right
local COL_DIR = {nil, 1, -1, nil} -- only the two middle avenues have cars
-- The restaurants, the homes and the rider's start are objects of the
-- map's layer "places" (map.tmj), kept here as cells {column, row}.
local RESTAURANTS, HOMES, START = {}, {}, nil
for _, o in ipairs(objects()) do
  local cell = {math.floor(o.x / CELL), math.floor(o.y / CELL)}
  if o.class == "restaurant" then
    RESTAURANTS[#RESTAURANTS + 1] = cell
  elseif o.class == "home" then
    HOMES[#HOMES + 1] = cell
  elseif o.class == "start" then
    START = cell
  end
end

-- Why the index moves. fair: the rider's own doing; the others can be
-- contested once the rules apply. Their messages are "why.<name>".
local UNFAIR = {"customer", "gps"}

-- The questions quiz1 and quiz2: the number of each one's right choice.
local ANSWERS = {2, 3}

-- The run's phases (flow): intro, play (a shift), talk, over.
local shift, t = 1, 0
local rel, money, delivered = START_REL, 0, 0
local rider, pin
local stun, safe = 0, 0
local order -- {rest, home, state = "pickup"/"wait"/"drop", start, deadline, wait, waited}
local pending -- the last decision, while it can be contested
local review -- {left, decision} while a person looks at it
local flagged = false
local vans = {} -- {id, left}: vans parked on the bike lane
local next_van = 0
local van_told = false
local status_text

-- ---- places -------------------------------------------------------------

local function cell_xy(c)
  return c[1] * CELL, c[2] * CELL
end

-- middle is the middle of the rider's 6-pixel box.
local function middle()
  local x, y = pos(rider)
  return x + 3, y + 3
end

-- at tells whether the rider stands on a cell.
local function at(c)
  local x, y = middle()
  local cx, cy = cell_xy(c)
  return x >= cx and x < cx + CELL and y >= cy and y < cy + CELL
end

local function distance(a, b)
  return math.abs(a[1] - b[1]) * CELL + math.abs(a[2] - b[2]) * CELL
end

local function rider_cell()
  local x, y = middle()
  return {math.floor(x / CELL), math.floor(y / CELL)}
end

-- ---- the app's lines at the top -----------------------------------------

local function status()
  local left = math.ceil(math.max(0, SHIFT_TICKS - t) / 60)
  local text = shift .. "|" .. left .. "|" .. rel .. "|" .. money
  if text == status_text then return end
  status_text = text
  panel("app", "app", {args = {shift = shift, left = left, rel = rel, money = money}, x = 4, y = 16})
end

local function task()
  if stun > 0 then
    panel("task", "crash", {x = 4, y = 29})
  elseif not order then
    panel("task", nil)
  elseif order.state == "pickup" then
    panel("task", "task.pickup", {x = 4, y = 29})
  elseif order.state == "wait" then
    panel("task", "task.wait", {x = 4, y = 29})
  else
    local left = math.ceil((order.deadline - (t - order.start)) / 60)
    if left >= 0 then
      panel("task", "task.drop", {args = {s = left}, x = 4, y = 29})
    else
      panel("task", "task.late", {args = {s = -left}, x = 4, y = 29})
    end
  end
end

-- note shows the app's last decision on the third line.
local function note(key, args)
  panel("note", key, {args = args, x = 4, y = 42})
end

-- ---- cars -----------------------------------------------------------------

local function spawn_cars()
  for _, id in ipairs(find("car")) do kill(id) end
  local s = SHIFTS[shift]
  for i, r in ipairs(ROWS) do
    for k = 1, s.h do
      local x = CELL + ((k - 1) / s.h + 0.15 * i) % 1 * 17 * CELL
      local id = spawn("car-h", x, r * CELL + 8, {w = 14, h = 7, tag = "car", z = 3})
      flip(id, ROW_DIR[i] < 0)
      sprite(id, "car-h", (i + k) % 3)
    end
  end
  for i, c in ipairs(COLS) do
    if COL_DIR[i] then
      for k = 1, s.v do
        local y = 4 * CELL + ((k - 1) / s.v + 0.3 * i) % 1 * 6 * CELL
        spawn("car-v", c * CELL + 8, y, {w = 7, h = 14, tag = "car", z = 3, frame = (i + k) % 3})
      end
    end
  end
end

local function drive()
  local v = SHIFTS[shift].car
  for _, id in ipairs(find("car")) do
    local x, y = pos(id)
    local w = size(id)
    if w > 8 then
      local r = math.floor(y / CELL)
      local dir = 1
      for i, row in ipairs(ROWS) do
        if row == r then dir = ROW_DIR[i] end
      end
      x = x + v * dir
      if x > 19 * CELL then x = CELL - 14 end
      if x < CELL - 14 then x = 19 * CELL end
    else
      local c = math.floor(x / CELL)
      local dir = 1
      for i, col in ipairs(COLS) do
        if col == c and COL_DIR[i] then dir = COL_DIR[i] end
      end
      y = y + v * dir
      if y > 11 * CELL then y = 4 * CELL - 14 end
      if y < 4 * CELL - 14 then y = 11 * CELL end
    end
    setpos(id, x, y)
  end
end

-- ---- vans on the bike lane ---------------------------------------------

local function is_spot(c, r)
  for _, list in ipairs({RESTAURANTS, HOMES, {START}}) do
    for _, p in ipairs(list) do
      if p[1] == c and p[2] == r then return true end
    end
  end
  return false
end

-- park puts a van on the bike lane of a street cell that is neither a
-- crossing nor a place, away from the rider: to pass it, the rider has to
-- swing out into the cars' lane.
local function park()
  local cells = {}
  for _, r in ipairs(ROWS) do
    for c = 2, 17 do
      if c ~= 6 and c ~= 12 and not is_spot(c, r) then cells[#cells + 1] = {c, r, true} end
    end
  end
  for _, c in ipairs(COLS) do
    for _, r in ipairs({5, 6, 8, 9}) do
      if not is_spot(c, r) then cells[#cells + 1] = {c, r, false} end
    end
  end
  local p = cells[rndi(1, #cells)]
  local x, y = p[1] * CELL, p[2] * CELL
  local rx, ry = middle()
  if math.abs(rx - x - 8) + math.abs(ry - y - 8) < 40 then return end
  local id
  if p[3] then
    id = spawn("van-h", x + 1, y, {w = 14, h = 7, tag = "van", solid = true, z = 2})
  else
    id = spawn("van-v", x, y + 1, {w = 7, h = 14, tag = "van", solid = true, z = 2})
  end
  vans[#vans + 1] = {id = id, left = VAN_TICKS}
  if not van_told then
    van_told = true
    note("van")
  end
end

local function traffic()
  local kept = {}
  for _, v in ipairs(vans) do
    v.left = v.left - 1
    if v.left > 0 then kept[#kept + 1] = v else kill(v.id) end
  end
  vans = kept
  next_van = next_van - 1
  if next_van <= 0 then
    local s = SHIFTS[shift]
    next_van = s.van_every
    if #vans < s.vans then park() end
  end
end

-- ---- riding ---------------------------------------------------------------

-- ride moves the bike along the streets. Each street has a bike lane (its
-- top or left half) and a lane for cars. Turning into a side street needs
-- the bike to be lined up with it, so a blocked move slides the bike
-- towards the bike lane of its street: the rider takes the corner.
local function ride()
  if stun > 0 then
    stun = stun - 1
    return
  end
  local dx, dy = steer.dir(SPEED)
  if dx ~= 0 then flip(rider, dx < 0) end
  if dx ~= 0 or dy ~= 0 then anim(rider, {0, 1}, 8) else sprite(rider, "rider", 0) end
  local bx, by = move(rider, dx, dy)
  local x, y = pos(rider)
  if bx and dy == 0 then
    local mid = math.floor((y + 3) / CELL) * CELL + 1
    if y < mid then move(rider, 0, math.min(SPEED, mid - y)) elseif y > mid then move(rider, 0, -math.min(SPEED, y - mid)) end
  end
  if by and dx == 0 then
    local mid = math.floor((x + 3) / CELL) * CELL + 1
    if x < mid then move(rider, math.min(SPEED, mid - x), 0) elseif x > mid then move(rider, -math.min(SPEED, x - mid), 0) end
  end
end

local function crash()
  if safe > 0 then
    safe = safe - 1
    return
  end
  if stun > 0 or not hit(rider, "car") then return end
  stun, safe = STUN, STUN + SAFE
  local x, y = middle()
  fx("dust", x, y)
  sfx("hit")
  sprite(rider, "rider", 2)
end

-- ---- orders and the app's decisions -------------------------------------

local function place_pin(c, kind)
  if pin then kill(pin) end
  local x, y = cell_xy(c)
  pin = spawn("pin", x + 2, y + 2, {w = 12, h = 12, z = 2, frame = kind})
  anim(pin, {kind, kind + 2}, 15)
end

local function new_order()
  local s = SHIFTS[shift]
  local r = rndi(1, #RESTAURANTS)
  local h = rndi(1, #HOMES)
  local here = rider_cell()
  local route = distance(here, RESTAURANTS[r]) + distance(RESTAURANTS[r], HOMES[h])
  local wait = 0
  if rnd() < s.wait then wait = rndi(90, 180) end
  order = {rest = r, home = h, state = "pickup", start = t, wait = wait, waited = 0,
           deadline = math.floor(route / SPEED) + s.slack}
  place_pin(RESTAURANTS[r], 0)
  sfx{wave = "sine", freq = 880, slide = 220, decay = 0.15, volume = 0.3}
end

-- decide is the app's verdict on a delivery: the change of the index, its
-- reason and the pay.
local function decide(late)
  local s = SHIFTS[shift]
  local d = {}
  if late > 0 then
    d.change = -6
    if order.waited > 0 and late <= order.waited then
      d.reason, d.fair = "restaurant", false
    else
      d.reason, d.fair = "late", true
    end
    d.late = math.ceil(late / 60)
  elseif rnd() < s.unfair then
    d.change = -4
    d.reason, d.fair = UNFAIR[rndi(1, #UNFAIR)], false
  else
    d.change, d.reason, d.fair = 2, "ontime", true
  end
  if s.rules then
    d.pay = 3
    if late <= 0 then d.pay = 5 end
  else
    d.pay = rndi(2, 6)
  end
  return d
end

local function deactivated()
  panel("task", nil)
  local key = "lost.opaque"
  if SHIFTS[shift].rules then key = "lost.rules" end
  flow.lose(key, {rel = rel, min = MIN_REL, score = score()})
end

local function deliver()
  local late = (t - order.start) - order.deadline
  local d = decide(late)
  delivered = delivered + 1
  money = money + d.pay
  addscore(d.pay * MONEY_POINTS)
  rel = math.max(0, math.min(100, rel + d.change))
  local x, y = middle()
  fx("sparkle", x, y)
  sfx("coin")
  if d.change < 0 then
    sfx{wave = "saw", freq = 300, slide = -180, decay = 0.25, volume = 0.3}
  end
  if not SHIFTS[shift].rules then
    if d.change < 0 then
      note("opaque.down", {pay = d.pay, d = -d.change})
    else
      note("opaque.up", {pay = d.pay, d = d.change})
    end
    pending = nil
  else
    local args = {pay = d.pay, d = math.abs(d.change), s = d.late or 0}
    note("open." .. d.reason, args)
    pending = nil
    if d.change < 0 then pending = {left = CONTEST_TICKS, d = d} end
  end
  kill(pin)
  pin = nil
  order = nil
  if rel < MIN_REL then deactivated() end
end

-- expire takes back an order left at the restaurant past its deadline:
-- the platform gives it to someone else and marks the rider down.
local function expire()
  kill(pin)
  pin = nil
  order = nil
  rel = math.max(0, rel - 5)
  sfx{wave = "saw", freq = 260, slide = -160, decay = 0.3, volume = 0.3}
  if SHIFTS[shift].rules then
    note("open.expired", {d = 5})
    pending = {left = CONTEST_TICKS, d = {fair = true, reason = "expired", change = -5}}
  else
    note("opaque.expired", {d = 5})
  end
  if rel < MIN_REL then deactivated() end
end

local function orders()
  if not order then
    new_order()
    return
  end
  if order.state == "pickup" and t - order.start > order.deadline then
    expire()
    return
  end
  if order.state == "pickup" and at(RESTAURANTS[order.rest]) then
    if order.wait > 0 then
      order.state = "wait"
    else
      order.state = "drop"
      place_pin(HOMES[order.home], 1)
      sfx("pickup")
    end
  elseif order.state == "wait" then
    order.wait = order.wait - 1
    order.waited = order.waited + 1
    if order.wait <= 0 then
      order.state = "drop"
      place_pin(HOMES[order.home], 1)
      sfx("pickup")
    end
  elseif order.state == "drop" and at(HOMES[order.home]) then
    deliver()
  end
end

-- contest handles B: with the rules, a person reviews the last decision;
-- without them, there is no one to ask.
local function contest()
  if review then
    review.left = review.left - 1
    if review.left <= 0 then
      local d = review.d
      if d.fair then
        note("review.kept." .. d.reason, {s = d.late or 0})
      else
        rel = math.min(100, rel - d.change)
        note("review.fixed." .. d.reason, {d = -d.change})
        sfx("powerup")
      end
      review = nil
    end
  end
  if pending then
    pending.left = pending.left - 1
    if pending.left <= 0 then pending = nil end
  end
  if not btnp(B) then return end
  if not SHIFTS[shift].rules then
    note("nobody")
    sfx{wave = "square", freq = 140, decay = 0.12, volume = 0.3}
  elseif pending and not review then
    review = {left = REVIEW_TICKS, d = pending.d}
    pending = nil
    note("review.asked")
    sfx("select")
  end
end

-- ---- shifts ---------------------------------------------------------------

local function start_shift()
  flow.go("play")
  t = 0
  order, pending, review = nil, nil, nil
  if pin then kill(pin) end
  pin = nil
  local x, y = cell_xy(START)
  setpos(rider, x + 1, y + 1)
  stun, safe = 0, 120
  for _, v in ipairs(vans) do kill(v.id) end
  vans, next_van = {}, 300
  spawn_cars()
  note("shift." .. shift)
  status()
end

local function ask(n, after)
  flow.go("talk")
  flow.ask("quiz" .. n, {choices = 3, answer = ANSWERS[n], done = after})
end

local function next_shift(lines)
  shift = shift + 1
  flow.go("talk")
  dialogue.start(lines, start_shift)
end

local function end_shift()
  flow.go("talk")
  if pin then kill(pin) end
  pin = nil
  order = nil
  panel("task", nil)
  panel("note", nil)
  local args = {shift = shift, n = delivered, money = money, rel = rel}
  if shift == 1 then
    dialogue.start({{"end.shift", args}, "end.opaque.1", "end.opaque.2", "end.opaque.3",
      "end.presume.1", "end.presume.2", "end.presume.3"}, function()
      ask(1, function() next_shift({"rules.1", "rules.2", "rules.3", "rules.4", "rules.5"}) end)
    end, {consume = true})
  elseif shift == 2 then
    dialogue.start({{"end.shift", args}}, function()
      ask(2, function() next_shift({"rush"}) end)
    end, {consume = true})
  else
    addscore(rel * REL_POINTS)
    args.score = score()
    flow.win("won", args)
  end
end

function _init()
  rider = spawn("rider", 0, 0, {w = 6, h = 6, tag = "rider", z = 4})
  local x, y = cell_xy(START)
  setpos(rider, x + 1, y + 1)
  status()
  dialogue.start({"intro.1", "intro.2", "intro.3", "intro.4", "intro.5"}, start_shift)
end

function _update()
  if flow.paused() then return end
  if not flow.is("play") then return end
  t = t + 1
  if shift == 2 and not flagged and t >= FLAG_AT then
    -- The algorithm would suspend the account; with the rules, a person decides.
    flagged = true
    flow.go("talk")
    sfx{wave = "square", freq = 520, slide = -260, decay = 0.4, volume = 0.35}
    dialogue.start({"flag.1", "flag.2", "flag.3"}, function() flow.go("play") end, {consume = true})
    return
  end
  drive()
  traffic()
  ride()
  crash()
  orders()
  if not flow.is("play") then return end
  contest()
  task()
  status()
  if t >= SHIFT_TICKS then end_shift() end
end
