-- golden: lua5.4
-- hexadecimal floats with many digits, and a '+' sign with a base
print(tonumber('0xe03' .. string.rep('0', 1000) .. 'p-4000') == 3587)
print(tonumber('0x.' .. string.rep('0', 1000) .. '74p4004') == 0x7.4)
print(tonumber('0x0.' .. string.rep('0', 500) .. "1") == 2.0^(-4*501))
print(tonumber('0x' .. string.rep('0', 1000) .. 'a'))
print(tonumber('0x1p4') == 16, tonumber('0x.8') == 0.5, tonumber('0x1P-1') == 0.5)
print(tonumber('  +1Z  ', 36), tonumber('  -1z  ', 36), tonumber('+', 36), tonumber('+7', 8))
