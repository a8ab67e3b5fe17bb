local function handler()
  return { utc = time.now():utc():format("2006-01-02 15:04:05") }
end

return { handler = handler }
