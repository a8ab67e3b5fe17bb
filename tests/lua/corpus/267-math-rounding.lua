local function round(x) return math.floor(x + 0.5) end
print(round(2.4), round(2.5), round(2.6), round(-2.5), round(-2.6))
local function round_to(x, places) local m = 10 ^ places return math.floor(x * m + 0.5) / m end
print(round_to(3.14159, 2), round_to(2.71828, 3), round_to(1234.5678, 0))
local function trunc(x) return x >= 0 and math.floor(x) or math.ceil(x) end
print(trunc(3.7), trunc(-3.7), trunc(0.2))
print(string.format("%.0f", 0.5), string.format("%.0f", 1.5), string.format("%.2f", 2.675))
