-- expect: error
print("before the error")
local function fail() error("fatal problem") end
fail()
print("never reached")
