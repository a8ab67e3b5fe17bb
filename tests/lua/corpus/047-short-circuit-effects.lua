local log = {}
local function t(name) log[#log + 1] = name return true end
local function f(name) log[#log + 1] = name return false end
local function n(name) log[#log + 1] = name return nil end
local r1 = t("a") and f("b") and t("c")
local r2 = f("d") or n("e") or t("f") or t("g")
local r3 = (t("h") or t("i")) and (f("j") or t("k"))
local r4 = not (n("l") and t("m"))
print(r1, r2, r3, r4)
print(table.concat(log, ""))
log = {}
if t("1") and (f("2") or t("3")) then log[#log + 1] = "then" end
while f("w") do end
repeat until t("r") or t("x")
print(table.concat(log, ","))
