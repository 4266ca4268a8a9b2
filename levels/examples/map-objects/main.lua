-- Example: objects placed from a Tiled map.
-- map.tmj is made with the Tiled editor (level.toml names it: map = ...).
-- Its "walls" layer has the property solid = true, so its tiles block the
-- player. Its object layer "things" places the player, coins, the exit and
-- a hole: move them in Tiled and the level changes, without touching Lua.
local player
local coins = 0 -- coins still on the map
local worth = {} -- what each coin is worth, by entity id

function _init()
  -- objects() lists the map's objects: {name, class, x, y, w, h, props}.
  for _, o in ipairs(objects()) do
    if o.class == "player" then
      player = spawn("player", o.x, o.y, {w = o.w, h = o.h})
    elseif o.class == "coin" then
      local id = spawn("coin", o.x, o.y, {w = o.w, h = o.h, tag = "coin"})
      -- Custom properties set in Tiled come back in o.props.
      worth[id] = o.props.points
      coins = coins + 1
    else
      -- the exit and the hole: their class is also their tag
      spawn(o.class, o.x, o.y, {w = o.w, h = o.h, tag = o.class})
    end
  end
  say("intro", {n = coins})
end

function _update()
  local dx, dy = 0, 0
  if btn(LEFT) then dx = -2 end
  if btn(RIGHT) then dx = 2 end
  if btn(UP) then dy = -2 end
  if btn(DOWN) then dy = 2 end
  move(player, dx, dy) -- the map's solid tiles stop it
  for _, c in ipairs(hits(player, "coin")) do
    addscore(worth[c])
    kill(c)
    coins = coins - 1
    sfx("coin")
  end
  if hit(player, "hole") then
    say("fell")
    lose()
  elseif hit(player, "exit") then
    if coins == 0 then
      say("won", {score = score()})
      win()
    else
      say("more", {n = coins})
    end
  end
end
