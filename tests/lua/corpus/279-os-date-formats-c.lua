local t = 1234567890
print(os.date("!%c", t))
print(os.date("!%x", t))
print(os.date("!%X", t))
print(os.date("!%y %Y %m %d", t))
print(os.date("!%H%M%S", t))
