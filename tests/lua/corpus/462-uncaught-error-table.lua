-- golden: lua5.4
-- expect: error
print("partial output")
error({code = 1})
