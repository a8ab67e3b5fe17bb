print("double", 'single', "it's", 'say "hi"')
print("tab\there", "nl\\n", "quote\"", 'apos\'')
print("\65\66\67", "\097\098", "a\0b" == "a\000b", #"\0")
print("bell\a" == "bell\7")
print([[long
string]])
print([[
skips first newline]])
print([==[with ]] inside]==])
print([=[a[[b]]c]=])
print(#[[

]])
print("back\\slash", "\\n")
print("line1\
line2")
print("\r" == "\13", "\n" == "\10", "\t" == "\9", "\f" == "\12", "\v" == "\11", "\b" == "\8")
