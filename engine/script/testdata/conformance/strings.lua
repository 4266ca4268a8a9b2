-- The string library and patterns.
local s = "Hello, World"
print(#s, s:len(), s:upper(), s:lower(), s:reverse(), s:sub(1, 5), s:sub(-5), s:sub(3, -3), s:sub(0), s:sub(20))
print(s:byte(1), s:byte(-1), s:byte(1, 3), string.char(72, 105), s:rep(2, "x"), ("ab"):rep(0), ("ab"):rep(-1))
print(s:find("o"), s:find("o", 6), s:find("l+"), s:find(".", 1, true), s:find("xyz"), s:find(""), s:find("", 20))
print(s:match("(%a+), (%a+)"), s:match("%d"), s:match("()ll()"), ("key = value"):match("^(%w+)%s*=%s*(%w+)$"))
print(string.gsub("hello world", "o", "0"), string.gsub("hello world", "(%w+)", "<%1>"), string.gsub("abc", "", "-"))
print(string.gsub("hello world", "%w+", "%0 %0", 1), string.gsub("abc", "%w", {a = 1, b = false}), string.gsub("abc", "%w", function(c) if c == "b" then return 2.5 end end))
print(string.gsub("$x and $y", "%$(%w+)", {x = 1/3, y = "why"}))
local words = {}
for w in string.gmatch("one two  three", "%a+") do words[#words + 1] = w end
print(table.concat(words, ","), #words)
for k, v in string.gmatch("a=1, b=2", "(%w+)=(%w+)") do print(k, v) end
print(("%d"):format(7), ("x"):rep(3), ("  trim  "):match("^%s*(.-)%s*$") .. "|")
print(string.find("a.b", ".", 1, true), string.find("a+b", "+", 1, true), string.match("2024-01-05", "(%d+)-(%d+)-(%d+)"))
print(string.match("[tag]", "%[(.-)%]"), string.match("f(a(b)c)", "%b()"), string.match("THE (quick) fox", "%f[%a]%a+"))
print(string.len(1/3), string.rep(1.5, 2), string.upper(12), string.sub(12345, 2, "3"), ("x"):rep("2"))
print(string.byte("A"), string.char(), (pcall(string.char, 256)), (pcall(string.char, -1)), (pcall(string.rep)))
print(("abc"):upper():lower(), #"\0a\0", "\65\066\x43" == "AB\x43", "tab\tend", "a\
b")
print(string.format("%s", "x") == "x", "abc" == "abc", "a" .. "b" == "ab")
