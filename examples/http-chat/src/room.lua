-- The chat room: tracks connected clients and broadcasts every message to all of them.
-- Connections arrive as ws.join / ws.message / ws.leave messages from their client
-- processes (the websocket_relay middleware); sending to a client PID writes a frame.
local logger = require("logger")

local function broadcast(clients, topic, data)
    for pid in pairs(clients) do
        process.send(pid, topic, data)
    end
end

local function main()
    process.registry.register("chat.room")
    local clients = {}
    local inbox, events = process.inbox(), process.events()
    while true do
        local r = channel.select({ inbox:case_receive(), events:case_receive() })
        if r.channel == events then
            if r.value.kind == process.event.CANCEL then return end
            goto continue
        end
        local msg = r.value
        local topic, data = msg:topic(), msg:payload():data()
        if topic == "ws.join" then
            clients[data.client_pid] = data.metadata.name
            broadcast(clients, "joined", { name = data.metadata.name })
            logger:info("joined", { name = data.metadata.name })
        elseif topic == "ws.message" then
            local name = clients[msg:from()]
            if name then broadcast(clients, "said", { name = name, text = data }) end
        elseif topic == "ws.leave" then
            local name = clients[data.client_pid]
            clients[data.client_pid] = nil
            if name then broadcast(clients, "left", { name = name }) end
        end
        ::continue::
    end
end

return { main = main }
