local s = "abc\200\255XYZ"
print(s:upper():byte(1, -1))
print(s:lower():byte(1, -1))
print(("ÄÖÜ äöü"):upper() == "ÄÖÜ äöü" or ("ÄÖÜ äöü"):upper())
