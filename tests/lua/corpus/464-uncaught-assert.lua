-- expect: error
print("checking")
assert(1 + 1 == 3, "arithmetic is broken")
