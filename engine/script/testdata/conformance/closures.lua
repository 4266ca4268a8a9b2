-- Closures, upvalues, varargs, errors and pcall.
local function counter()
  local n = 0
  return function() n = n + 1 return n end, function() return n end
end
local inc, get = counter()
inc() inc() print(get(), inc(), get())
local fs = {}
for i = 1, 3 do fs[i] = function() return i end end
print(fs[1](), fs[2](), fs[3]())
local gs = {}
local j = 1
while j <= 3 do local k = j gs[j] = function() return k end j = j + 1 end
print(gs[1](), gs[2](), gs[3]())
-- An upvalue stays shared after pcall catches an error elsewhere.
local x = 0
local function bump() x = x + 1 end
pcall(error, "e") bump() print(x)
pcall(function() pcall(function() end) error("inner") end) bump() print(x)
-- Closures made in the function that failed keep their values.
local keep
local function boom() local v = "kept" keep = function() return v end error("boom") end
print(pcall(boom)) print(keep())
local keep2
local function deep(n) if n == 0 then local w = {n = 42} keep2 = function() return w.n end error({code = 7}) end deep(n - 1) end
local ok, e = pcall(deep, 5) print(ok, type(e), e.code, keep2())
local ok2, e2 = xpcall(function() local z = "z" keep = function() return z end error("x", 0) end, function(m) return "handled: " .. m end)
print(ok2, e2, keep())
-- error values and levels
print(pcall(error)) print(select("#", pcall(error)))
print(pcall(error, nil)) print(pcall(error, 42)) print(pcall(error, "msg", 0))
print(pcall(error, {1, 2}) == false, type(select(2, pcall(error, {}))))
print(pcall(error, true))
local function lvl() error("where", 2) end
local ok3, e3 = pcall(function() lvl() end) print(ok3, (string.gsub(e3, "^.-:(%d+): ", "L%1: ")))
print(pcall(assert, false)) print(pcall(assert, nil, "why")) print(pcall(assert, 1, 2))
print(select("#", pcall(assert, false, 42)), (select(2, pcall(assert, false, 42))))
print(xpcall(function() return 1, 2 end, print))
print((pcall(pcall))) print(pcall(pcall, error))
-- varargs
local function va(...) return select("#", ...), ... end
print(va()) print(va(nil)) print(va(1, nil, 3)) print(va(nil, nil))
local function pack(...) return {n = select("#", ...), ...} end
local p = pack(1, nil, 3, nil) print(p.n, p[1], p[2], p[3], p[4])
print(select(2, "a", "b", "c"), select(-1, "a", "b", "c"))
print((pcall(select, 0, "a")))
local function tail(n) if n == 0 then return "done" end return tail(n - 1) end
print(tail(10000))
local function fix(...) local a, b = ... return a, b end print(fix(1, 2, 3))
print((va(1, 2, 3)))
local function rec(n) if n <= 1 then return 1 end return n * rec(n - 1) end print(rec(10), rec(20))
do local a, b, c = (function() return 1, 2, 3 end)() print(a, b, c) end
do local t = {(function() return 1, 2, 3 end)(), (function() return 1, 2, 3 end)()} print(#t) end
print(type(print), type(nil), type({}), type("s"), type(2), type(true), type(coroutine.create(function() end)))
