-- golden: lua5.4
print("\x41\x42\x43", "\x7a", #"\xff")
print("\u{48}\u{49}", #"\u{20AC}", "\u{20AC}" == "\xE2\x82\xAC")
print(#"\u{10FFFF}", "\u{7F}" == "\127")
print("a\z
       b", "c\z    d")
print("\065\x42\u{43}")
print(("\xe4"):byte(), ("\u{e4}"):byte(1, -1))
