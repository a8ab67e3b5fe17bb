-- golden: lua5.4
;;; local a = 1;;
;print(a);
do ; end
for i = 1, 2 do ; end
local function f() ; return 2 ; end
print(f())
