-- The same work the plain-Node and fastify servers do in their loadUser function.
local function load(id)
    local roles = {}
    for i = 1, 3 do roles[i] = "role" .. i end
    return { id = id, name = "user" .. id, email = "user" .. id .. "@example.com", active = id % 2 == 0, roles = roles }
end

return { load = load }
