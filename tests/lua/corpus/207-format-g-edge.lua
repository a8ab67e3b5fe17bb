for _, v in ipairs({0, 1, -1, 0.5, 100, 1e5, 1e6, 1e15, 1e16, 123456789, 0.1, 1e-4, 1e-5, 2^63, 1/3}) do
  print(string.format("%g|%.3g|%10.4g|", v, v, v))
end
