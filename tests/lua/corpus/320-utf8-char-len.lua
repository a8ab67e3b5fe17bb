-- golden: lua5.4
local s = utf8.char(72, 228, 8364, 128512)
print(s, #s, utf8.len(s))
print(utf8.char(), utf8.char(65, 66, 67), #utf8.char(0x7FF), #utf8.char(0x800), #utf8.char(0xFFFF), #utf8.char(0x10000))
print(utf8.len(""), utf8.len("abc"), utf8.len("häh"), utf8.len("€€€"))
print(utf8.len("häh", 2), utf8.len("häh", 3), utf8.len("häh", -1), utf8.len("abc", 4))
print(utf8.len("\xff"), utf8.len("a\x80b"), utf8.len("ab\xe2\x82"))
print(utf8.len("häh", 1, 2), utf8.len("häh", 1, 3))
