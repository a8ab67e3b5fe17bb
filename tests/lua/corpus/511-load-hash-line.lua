-- golden: lua5.4
-- only files skip a first line starting with '#': load does not
print(load("#=1"))
print(load("# comment\nreturn 1"))
print(type(io.stdin))
