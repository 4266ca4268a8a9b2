-- Loops, blocks and coroutines.
local out = {}
for i = 1, 3 do out[#out + 1] = i end
for i = 10, 1, -3 do out[#out + 1] = i end
for i = 1, 0 do out[#out + 1] = "never" end
for i = 0.5, 2, 0.5 do out[#out + 1] = i end
for i = 1, 3 do local i = i * 10 out[#out + 1] = i end
print(table.concat(out, " "))
local n = 0 while true do n = n + 1 if n > 5 then break end end print(n)
repeat local r = n n = n - 1 until r <= 3 print(n)
local i = 1 repeat i = i * 2 until i > 100 print(i)
for k = 1, 3 do for l = 1, 3 do if l == 2 then break end print(k, l) end end
print(pcall(function() for i = 1, 10, 0 do return "zero step" end end))
local t = {} for i = 1, 5 do if i % 2 == 0 then t[#t + 1] = i end end print(#t, t[1], t[2])
if false then print("no") elseif nil then print("no") else print("else") end
do local a = 1 do local a = 2 print(a) end print(a) end
local acc = 0 for i = 1, 100 do acc = acc + i end print(acc)
-- coroutines
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got", d, e)
  return "end", 1
end)
print(coroutine.status(co), coroutine.resume(co, 1, 2))
print(coroutine.status(co), coroutine.resume(co, 10))
print(coroutine.resume(co, "x", "y"))
print(coroutine.status(co), coroutine.resume(co))
local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end return "last" end)
print(gen(), gen(), gen(), gen())
print((pcall(gen)))
local bad = coroutine.create(function() error("oops", 0) end)
print(coroutine.resume(bad)) print(coroutine.status(bad))
local bad2 = coroutine.create(function() error({why = 1}) end)
local okb, eb = coroutine.resume(bad2) print(okb, type(eb), eb.why)
print(coroutine.running() == nil)
local inner = coroutine.create(function() return coroutine.running() ~= nil, coroutine.status(coroutine.running()) end)
print(coroutine.resume(inner))
local function producer() return coroutine.wrap(function() for _, w in ipairs({"a", "b", "c"}) do coroutine.yield(w) end end) end
local got = {} for w in producer() do got[#got + 1] = w end print(table.concat(got))
print((pcall(coroutine.yield)))
local y = coroutine.wrap(function(...) local a = {...} while true do a = {coroutine.yield(#a)} end end)
print(y(1, 2, 3), y(), y(nil, nil))
local keepc
local c2 = coroutine.create(function() local v = "cv" keepc = function() return v end coroutine.yield() error("e") end)
coroutine.resume(c2) coroutine.resume(c2) print(keepc(), coroutine.status(c2))
