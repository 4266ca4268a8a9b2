-- The library that locks itself: a book club fills its shelf with e-books.
-- Every readable book on the shelf earns pages; reach the target before
-- closing time. Books come from three lawful places: a shop that sells
-- books under DRM (cheap and near, but locked), a press that publishes
-- DRM-free EPUB books, and, later, the public library, which lends books
-- for a while. Two events lock the shop's books: the club's reader breaks
-- and its replacement is another brand (a device lock), then the shop shuts
-- its servers and its books vanish. Last, an accessible-format service
-- (the exception of the Marrakesh Treaty) makes copies for a club member
-- who is blind. The level never shows a way to break a lock: only lawful
-- routes.
local flow = require("flow")
local dialogue = require("dialogue")
local steer = require("steer")
local fleeting = require("fleeting_note")

local TARGET = 2200        -- pages to read
local LIMIT = 240 * 60     -- ticks of play before closing time (4 min)
local DEVICE_AT = 45 * 60  -- the reader breaks
local CLOSE_AT = 100 * 60  -- the shop shuts its servers
local PAGE_TICKS = 12      -- ticks a readable book needs per page
local BOOK_PAGES = 40      -- pages in a book: read, it leaves the shelf
local SHOP_PAGES = 25      -- the shop sells short books
local LOAN_TICKS = 30 * 60 -- how long a library loan lasts
local SLOTS = 6
local SPEED = 1.5
local COPY_POINTS, COPY_PAGES = 100, 40 -- the texts say +40 pages
local SECOND_POINTS = 20   -- score per second left on winning

-- The room (view pixels; the camera never moves): the HUD takes the top
-- two lines; the room is below.
local TOP, BOTTOM, RIGHT = 44, 176, 316
-- Where things stand comes from the map's object layer "places" (map.tmj):
-- the player, the bookcases, the shelf and its six slots, the stalls with
-- their labels and the spots where each puts its books down, the club
-- friend and their request bubble.
local PLACES = {}    -- the one object of each other class, by class
local BOOKCASES = {} -- objects
local SLOT_XY = {}   -- {x, y} of each shelf slot, in order
local STALLS = {}    -- by name: x, y and the label's lx, ly
local SPOTS = {}     -- by stall name: the {x, y} where it puts books down
for _, o in ipairs(objects()) do
  if o.class == "stall" or o.class == "label" then
    local s = STALLS[o.name] or {}
    STALLS[o.name] = s
    if o.class == "stall" then
      s.x, s.y = o.x, o.y
    else
      s.lx, s.ly = o.x, o.y
    end
  elseif o.class == "spot" then
    SPOTS[o.name] = SPOTS[o.name] or {}
    table.insert(SPOTS[o.name], {o.x, o.y})
  elseif o.class == "slot" then
    SLOT_XY[#SLOT_XY + 1] = {o.x, o.y}
  elseif o.class == "bookcase" then
    BOOKCASES[#BOOKCASES + 1] = o
  else
    PLACES[o.class] = o
  end
end

-- The run's phases (flow): intro, play, talk, over.
local played = 0
local reading = 0   -- pages read from the shelf
local finished = 0  -- books read to the end
local bonus_pages = 0
local player, carry -- carry: nil or {kind, brand}
local hand          -- the entity showing the carried book
local shelf = {}    -- one per slot: nil or {id, kind, brand, locked, left}
local floor_books = {} -- {id, kind, place, spot}
local next_drop = {shop = 60, press = 120, library = 0}
local open = {shop = true, press = true, library = false, access = false}
local brand = 1     -- the club's reader: 1, then 2 after it breaks
local request = 0   -- ticks until the next accessible-copy request; -1 when one waits
local copies = 0
local friend, bubble

local function pages() return reading + bonus_pages end

local function note(key, args)
  fleeting.show(key, args, {x = 4, y = 28, ticks = 240})
end

local function time_left()
  return flow.clock(math.max(0, math.ceil((LIMIT - played) / 60)))
end

local function shelved()
  local n = 0
  for i = 1, SLOTS do
    if shelf[i] then
      n = n + 1
    end
  end
  return n
end

local function hud()
  panel("hud", "hud", {args = {pages = pages(), target = TARGET, time = time_left(), n = shelved(), slots = SLOTS}, x = 4, y = 15})
end

-- The sprite of a book, from its kind and state.
local function look(kind, locked)
  if locked then return "book_locked" end
  return "book_" .. kind
end

local function build_stall(name)
  local s = STALLS[name]
  s.id = spawn("stall_" .. name, s.x, s.y, {w = 32, h = 32, z = 0, tag = "stall_" .. name})
  panel("label_" .. name, "label." .. name, {x = s.lx, y = s.ly})
end

local function drop_book(place)
  local used = {}
  for _, b in ipairs(floor_books) do
    if b.place == place then used[b.spot] = true end
  end
  for i, xy in ipairs(SPOTS[place]) do
    if not used[i] then
      local kind = place == "shop" and "shop" or (place == "press" and "open" or "loan")
      local id = spawn(look(kind), xy[1], xy[2], {w = 10, h = 12, z = 1, tag = "book"})
      floor_books[#floor_books + 1] = {id = id, kind = kind, place = place, spot = i}
      return
    end
  end
end

-- How many ticks until a place puts down its next book: the press speeds
-- up as the evening goes on, the shop is always quick.
local function drop_delay(place)
  if place == "shop" then return 150 end
  if place == "press" then return math.max(200, 330 - math.floor(played / 60)) end
  return 260
end

local function stalls_update()
  for _, place in ipairs({"shop", "press", "library"}) do
    if open[place] then
      next_drop[place] = next_drop[place] - 1
      if next_drop[place] <= 0 then
        drop_book(place)
        next_drop[place] = drop_delay(place)
      end
    end
  end
end

local function take_books()
  if carry then return end
  local got = hit(player, "book")
  if not got then return end
  for i, b in ipairs(floor_books) do
    if b.id == got then
      kill(b.id)
      table.remove(floor_books, i)
      carry = {kind = b.kind, brand = brand}
      hand = spawn(look(b.kind), 0, 0, {w = 10, h = 12, z = 3, tag = "hand"})
      sfx("pickup")
      note("took." .. b.kind, {secs = LOAN_TICKS / 60})
      return
    end
  end
end

-- Puts the carried book on the shelf: in a free slot, or in place of a
-- locked book (which goes to recycling).
local function shelve()
  local slot
  for i = 1, SLOTS do
    if not shelf[i] then
      slot = i
      break
    end
  end
  if not slot then
    for i = 1, SLOTS do
      if shelf[i].locked then
        kill(shelf[i].id)
        shelf[i] = nil
        slot = i
        break
      end
    end
  end
  if not slot then
    if not fleeting.active() then note("shelf_full") end
    return
  end
  local xy = SLOT_XY[slot]
  local id = spawn(look(carry.kind), xy[1], xy[2], {w = 10, h = 12, z = 1})
  shelf[slot] = {id = id, kind = carry.kind, brand = carry.brand, locked = false, left = LOAN_TICKS, read = 0}
  kill(hand)
  carry, hand = nil, nil
  sfx{wave = "triangle", freq = 520, slide = 300, decay = 0.15, volume = 0.4}
  fx("sparkle", xy[1] + 5, xy[2] + 6)
end

-- Readable books are read one page every PAGE_TICKS ticks; a book read
-- to its end leaves the shelf, and a loan goes back when it runs out.
local function shelf_update()
  for i = 1, SLOTS do
    local b = shelf[i]
    if b and b.kind == "loan" then
      b.left = b.left - 1
      if b.left <= 0 then
        kill(b.id)
        shelf[i] = nil
        note("loan_over")
        sfx{wave = "sine", freq = 660, slide = -200, decay = 0.3, volume = 0.35}
        b = nil
      end
    end
    if b and not b.locked then
      b.read = b.read + 1
      if b.read % PAGE_TICKS == 0 then
        reading = reading + 1
        addscore(1)
      end
      if b.read >= (b.kind == "shop" and SHOP_PAGES or BOOK_PAGES) * PAGE_TICKS then
        kill(b.id)
        shelf[i] = nil
        finished = finished + 1
        fx("sparkle", SLOT_XY[i][1] + 5, SLOT_XY[i][2] + 6)
        sfx{wave = "square", freq = 880, slide = 440, decay = 0.12, volume = 0.3}
      end
    end
  end
end

-- The club's reader breaks; the new one is another brand. Books locked to
-- the old brand can no longer be opened.
local function device_breaks()
  brand = 2
  for i = 1, SLOTS do
    local b = shelf[i]
    if b and b.kind == "shop" and b.brand == 1 then
      b.locked = true
      sprite(b.id, "book_locked")
    end
  end
  if carry and carry.kind == "shop" then carry.brand = 2 end
  sfx{wave = "saw", freq = 300, slide = -250, decay = 0.5, volume = 0.4}
  flow.go("talk")
  dialogue.start({"event.device"}, function()
    flow.ask("quiz1", {choices = 3, answer = 2, done = function()
      open.library = true
      build_stall("library")
      dialogue.start({"event.library"}, function() flow.go("play") end, {consume = true})
    end})
  end, {consume = true})
end

-- The shop shuts its servers: every book it sold vanishes.
local function shop_closes()
  open.shop = false
  for i = 1, SLOTS do
    local b = shelf[i]
    if b and b.kind == "shop" then
      kill(b.id)
      shelf[i] = nil
    end
  end
  local keep = {}
  for _, b in ipairs(floor_books) do
    if b.kind == "shop" then kill(b.id) else keep[#keep + 1] = b end
  end
  floor_books = keep
  if carry and carry.kind == "shop" then
    kill(hand)
    carry, hand = nil, nil
  end
  sprite(STALLS.shop.id, "stall_shop", 1)
  panel("label_shop", "label.shut", {x = STALLS.shop.lx + 18, y = STALLS.shop.ly})
  sfx{wave = "noise", freq = 200, slide = -100, decay = 0.6, volume = 0.5}
  flow.go("talk")
  dialogue.start({"event.shut"}, function()
    flow.ask("quiz2", {choices = 3, answer = 3, done = function()
      open.access = true
      build_stall("access")
      local f = PLACES.friend
      friend = spawn("club_friend", f.x, f.y, {w = f.w, h = f.h, z = 1})
      request = 60
      dialogue.start({"event.access"}, function() flow.go("play") end, {consume = true})
    end})
  end, {consume = true})
end

local function access_update()
  if not open.access then return end
  if request > 0 then
    request = request - 1
    if request == 0 then
      request = -1
      local b = PLACES.bubble
      bubble = spawn("request_bubble", b.x, b.y, {w = b.w, h = b.h, z = 2})
      anim(bubble, {0, 1}, 20)
      note("request")
      sfx("blip")
    end
  elseif carry and hit(player, "stall_access") then
    request = 40 * 60 - math.min(20 * 60, copies * 300)
    copies = copies + 1
    bonus_pages = bonus_pages + COPY_PAGES
    addscore(COPY_POINTS + COPY_PAGES)
    kill(bubble)
    bubble = nil
    sfx("powerup")
    local f = PLACES.friend
    fx("sparkle", f.x + f.w / 2, f.y + f.h / 2)
    if copies == 1 then
      flow.go("talk")
      dialogue.start({"event.copy"}, function()
        flow.ask("quiz3", {choices = 3, answer = 2, done = function() flow.go("play") end})
      end, {consume = true})
    else
      note("copy_again", {n = COPY_PAGES})
    end
  end
end

local function finish(won)
  fleeting.hide()
  if won then
    local secs = math.floor((LIMIT - played) / 60)
    addscore(secs * SECOND_POINTS)
    hud()
    flow.win("won", {pages = pages(), books = finished, secs = secs, score = score()})
  else
    hud()
    flow.lose("lost", {n = pages(), target = TARGET, score = score()})
  end
end

function _init()
  local p = PLACES.player
  player = spawn("reader", p.x, p.y, {w = p.w, h = p.h, z = 2, tag = "player"})
  for _, o in ipairs(BOOKCASES) do
    spawn("bookcase", o.x, o.y, {w = o.w, h = o.h, z = -1})
  end
  local s = PLACES.shelf
  spawn("shelf_zone", s.x, s.y, {w = s.w, h = s.h, tag = "shelf", hidden = true})
  build_stall("shop")
  build_stall("press")
  hud()
  dialogue.start({"intro.1", "intro.2", "intro.3"}, function() flow.go("play") end, {consume = true})
end

function _update()
  -- The press of A that closes a line must not also answer the question
  -- that the line opens: that tick ends here.
  if flow.paused() then return end
  if not flow.is("play") then return end

  played = played + 1
  local dx, dy = steer.dir(SPEED)
  local x, y = pos(player)
  if dx ~= 0 then flip(player, dx < 0) end
  setpos(player, math.min(RIGHT - 10, math.max(4, x + dx)), math.min(BOTTOM - 12, math.max(TOP, y + dy)))
  if dx ~= 0 or dy ~= 0 then anim(player, {0, 1}, 8) else sprite(player, "reader", 0) end
  x, y = pos(player)
  if hand then setpos(hand, x, y - 11) end

  stalls_update()
  take_books()
  if carry and hit(player, "shelf") then shelve() end
  shelf_update()
  access_update()
  fleeting.update()
  hud()

  if pages() >= TARGET then
    finish(true)
  elseif played >= LIMIT then
    finish(false)
  elseif played == DEVICE_AT then
    device_breaks()
  elseif played == CLOSE_AT then
    shop_closes()
  end
end
