-- Metatables and metamethods.
local V = {}
V.__index = V
local function vec(x, y) return setmetatable({x = x, y = y}, V) end
V.__add = function(a, b) return vec(a.x + b.x, a.y + b.y) end
V.__sub = function(a, b) return vec(a.x - b.x, a.y - b.y) end
V.__mul = function(a, b) if type(a) == "number" then return vec(a * b.x, a * b.y) end return vec(a.x * b, a.y * b) end
V.__div = function(a, b) return vec(a.x / b, a.y / b) end
V.__mod = function(a, b) return vec(a.x % b, a.y % b) end
V.__pow = function(a, b) return vec(a.x ^ b, a.y ^ b) end
V.__unm = function(a) return vec(-a.x, -a.y) end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return a.x < b.x end
V.__le = function(a, b) return a.x <= b.x end
V.__concat = function(a, b)
  local function s(v) if type(v) == "table" then return "(" .. v.x .. "," .. v.y .. ")" end return tostring(v) end
  return s(a) .. s(b)
end
V.__tostring = function(v) return "vec(" .. v.x .. ", " .. v.y .. ")" end
V.__call = function(v, k) return v.x * k end
V.__len = function() return 99 end
function V:len2() return self.x * self.x + self.y * self.y end
local a, b = vec(1, 2), vec(3, 4)
print(tostring(a + b), tostring(a - b), tostring(a * 2), tostring(2 * a), tostring(b / 2), tostring(b % 2), tostring(a ^ 2), tostring(-a))
print(a == vec(1, 2), a ~= b, a < b, a <= b, a > b, a >= b, a .. b, a .. "!", "!" .. a, a(10), a:len2())
print(#a, rawlen == nil, getmetatable(a) == V, getmetatable("x").__index == string)
local log = {}
local proxy = setmetatable({}, {
  __index = function(t, k) log[#log + 1] = "get " .. tostring(k) return k .. "!" end,
  __newindex = function(t, k, v) log[#log + 1] = "set " .. tostring(k) rawset(t, k, v) end,
})
print(proxy.foo, proxy[1], proxy[1.5]) proxy.bar = 1 proxy.bar = 2
print(table.concat(log, ","), proxy.bar)
local defaults = setmetatable({}, {__index = {color = "red", size = 3}})
print(defaults.color, defaults.size, defaults.other, rawget(defaults, "color"))
local ro = setmetatable({}, {__newindex = function() error("read-only", 2) end})
print(pcall(function() ro.x = 1 end))
print(select(2, pcall(setmetatable, 1, {})) ~= nil, getmetatable(setmetatable({}, {__metatable = "locked"})))
print((pcall(setmetatable, setmetatable({}, {__metatable = 1}), {})))
local cnt = setmetatable({}, {__index = function(t, k) return 0 end})
cnt.a = cnt.a + 1 cnt.a = cnt.a + 1 print(cnt.a, cnt.b)
local S = setmetatable({}, {__add = function(x, y) return "added" end})
print(S + 1, 1 + S, "1" + S, S + "x")
print((pcall(function() return {} + 1 end)))
print(pcall(function() return "a" + 1 end))
print((pcall(function() return {} < {} end)))
print(pcall(function() return 1 < "2" end))
print(tostring(setmetatable({}, {__tostring = function() return "custom" end})))
