-- Tables: constructors, length, insert/remove/sort/concat, next and pairs.
local function show(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b)
    if type(a) == type(b) then return a < b end
    return type(a) < type(b)
  end)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = tostring(k) .. "=" .. tostring(t[k]) end
  return "{" .. table.concat(parts, ",") .. "}"
end
local t = {1, 2, 3, x = "a", ["y z"] = 4; 6}
print(#t, show(t), t.x, t["y z"], t[10], t[4])
table.insert(t, 7) table.insert(t, 1, 0)
print(show(t), #t, table.remove(t), table.remove(t, 1), #t, table.getn(t), table.maxn(t))
local s = {5, 2, 8, 1, 9, 3}
table.sort(s) print(table.concat(s, " "))
table.sort(s, function(a, b) return a > b end) print(table.concat(s, " "))
local names = {"pear", "Apple", "fig", "banana"}
table.sort(names) print(table.concat(names, ","))
print(table.concat({}), table.concat({1, 2, 3}), table.concat({1, 2, 3}, ", ", 2), table.concat({"a", "b", "c"}, "-", 2, 3), table.concat({1.5, 1/3}, ";"))
print((pcall(table.concat, {1, {}, 3})))
print(next({}), type(next), rawequal(t, t), rawget({a = 1}, "a"), rawlen == nil)
local r = {} rawset(r, "k", "v") print(show(r))
local holes = {} holes[1] = 1 holes[2] = 2 holes[4] = 4
print(#holes == 2 or #holes == 4, select("#", unpack({1, 2, nil, 4}, 1, 4)), unpack({1, 2, 3}, 2))
local n = 0 for k, v in pairs({a = 1, b = 2, c = 3, 10, 20}) do n = n + 1 end print(n)
for i, v in ipairs({"a", "b", nil, "d"}) do print(i, v) end
print(table.foreach({10}, function(k, v) return v * 2 end), table.foreachi({5, 6}, function(i, v) if i == 2 then return v end end))
local nested = {a = {b = {c = 42}}} print(nested.a.b.c, #{{}, {}, {}})
local m = {} m[1.0] = "one" m[2^53] = "big" print(m[1], m[2^53])
print(pcall(function() local x = {} x[nil] = 1 end))
print(show({[1] = "a", [2] = "b", [3] = "c"}), #"", #{n = 1})
