-- bulletin: the small print of a timed level. A news line under the HUD
-- that clears itself (a fleeting_note in the panel "news"), a countdown
-- written m:ss, and a question asked after a short pause (so the news that
-- led to it can be read first).
--   local bulletin = require("bulletin")
--   bulletin.news("joined", {n = 2})          -- shown for 5 seconds
--   panel("hud", "hud", {args = {time = bulletin.clock(limit - played)}})
--   bulletin.ask("quiz1", {choices = 3, answer = 2}, 90) -- flow.ask in 1.5 seconds
--   function _update()
--     bulletin.update()
--     if flow.paused() then return end
--     ...
--   end
local flow = require("flow")
local note = require("fleeting_note")

local M = {}

M.x, M.y = 4, 30 -- where the news line goes, in view pixels
local pending, wait = nil, 0 -- the question to ask, and when

-- news shows key (with args) in the panel "news" for ticks (default 300),
-- replacing the line before.
function M.news(key, args, ticks)
  note.show(key, args, {name = "news", x = M.x, y = M.y, ticks = ticks or 300})
end

-- clear hides the news line now.
M.clear = note.hide

-- clock writes a number of ticks as minutes and seconds, "m:ss", rounding
-- up so that "0:00" means the time is really over.
function M.clock(ticks)
  return flow.clock(math.ceil(math.max(0, ticks) / 60))
end

-- ask opens question name (flow.ask's name and spec) after delay ticks,
-- clearing the news.
function M.ask(name, spec, delay)
  pending, wait = {name = name, spec = spec}, math.max(1, delay or 1)
end

-- waiting tells whether a question is about to be asked.
function M.waiting()
  return pending ~= nil
end

-- update counts the news line down and asks a pending question when due;
-- call it once per _update, before flow.paused().
function M.update()
  note.update()
  if pending then
    wait = wait - 1
    if wait <= 0 then
      local q = pending
      pending = nil
      M.clear()
      flow.ask(q.name, q.spec)
    end
  end
end

return M
