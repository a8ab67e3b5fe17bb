local function run(code)
  local stack, sp, pc, out = {}, 0, 1, {}
  local function push(v) sp = sp + 1; stack[sp] = v end
  local function pop() local v = stack[sp]; stack[sp] = nil; sp = sp - 1; return v end
  local vars = {}
  while pc <= #code do
    local ins = code[pc]
    local op, arg = ins[1], ins[2]
    pc = pc + 1
    if op == "push" then push(arg)
    elseif op == "add" then local b, a = pop(), pop() push(a + b)
    elseif op == "sub" then local b, a = pop(), pop() push(a - b)
    elseif op == "mul" then local b, a = pop(), pop() push(a * b)
    elseif op == "lt" then local b, a = pop(), pop() push(a < b)
    elseif op == "load" then push(vars[arg])
    elseif op == "store" then vars[arg] = pop()
    elseif op == "jmp" then pc = arg
    elseif op == "jz" then if not pop() then pc = arg end
    elseif op == "print" then out[#out + 1] = tostring(pop())
    elseif op == "halt" then break
    else error("bad op " .. op) end
  end
  return table.concat(out, " ")
end
print(run({{"push", 2}, {"push", 3}, {"add"}, {"push", 4}, {"mul"}, {"print"}}))
-- factorial of 10 with a loop
print(run({
  {"push", 1}, {"store", "acc"}, {"push", 1}, {"store", "i"},
  {"load", "i"}, {"push", 11}, {"lt"}, {"jz", 18},
  {"load", "acc"}, {"load", "i"}, {"mul"}, {"store", "acc"},
  {"load", "i"}, {"push", 1}, {"add"}, {"store", "i"}, {"jmp", 5},
  {"load", "acc"}, {"print"},
}))
print(run({{"push", "x"}, {"halt"}, {"print"}}) == "")
local prog = {}
prog[#prog + 1] = {"push", 0}; prog[#prog + 1] = {"store", "n"}
prog[#prog + 1] = {"load", "n"}; prog[#prog + 1] = {"print"}
prog[#prog + 1] = {"load", "n"}; prog[#prog + 1] = {"push", 1}; prog[#prog + 1] = {"add"}; prog[#prog + 1] = {"store", "n"}
prog[#prog + 1] = {"load", "n"}; prog[#prog + 1] = {"push", 5}; prog[#prog + 1] = {"lt"}; prog[#prog + 1] = {"jz", 14}
prog[#prog + 1] = {"jmp", 3}
print(run(prog))
print(pcall(run, {{"bogus"}}))
