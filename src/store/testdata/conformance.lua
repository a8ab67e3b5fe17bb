-- The store module against a real backend, the same script for every backend.
local function check(name, cond, why)
  if cond then io.print("ok " .. name) else io.print("FAIL " .. name .. ": " .. tostring(why)) end
end

local function main(id)
  local s, err = store.get(id)
  if not s then io.print("FAIL get: " .. tostring(err)) return end
  local info = s:info()

  check("set", s:set("user:1", {name = "Ann", tags = {"a", "b"}, [3] = true, n = 1.5}) == true, "")
  local v = s:get("user:1")
  check("table_roundtrip", v and v.name == "Ann" and v.tags[2] == "b" and v[3] == true and v.n == 1.5, v)
  v.name = "changed"
  check("stored_copy", s:get("user:1").name == "Ann", "")
  s:set("bytes", "\0\255\1")
  check("bytes", s:get("bytes") == "\0\255\1", "")
  s:set("num", 42) s:set("bool", false)
  check("scalars", s:get("num") == 42 and s:get("bool") == false, "")

  local missing, merr = s:get("nope")
  check("missing", missing == nil and merr and merr:kind() == errors.NOT_FOUND, merr)
  check("has", s:has("num") == true and s:has("nope") == false, "")
  check("delete", s:delete("num") == true and s:delete("num") == false and s:has("num") == false, "")

  local e = s:entry("user:1")
  check("entry", e and e.key == "user:1" and e.value.name == "Ann" and type(e.version) == "string", e)

  for i = 1, 5 do s:set("item:" .. i, i) end
  local page = s:list({prefix = "item:", limit = 2})
  check("list_page", #page.items == 2 and page.items[1].key == "item:1" and page.has_more == true, #page.items)
  local rest = s:list({prefix = "item:", after = page.cursor, limit = 10})
  check("list_rest", #rest.items == 3 and rest.items[3].key == "item:5" and rest.has_more == false, #rest.items)

  s:set("short", "x", 1)
  check("ttl_fresh", s:get("short") == "x", "")
  time.sleep("1100ms")
  local gone, gerr = s:get("short")
  check("ttl_expired", gone == nil and gerr:kind() == errors.NOT_FOUND and s:has("short") == false, gone)
  check("ttl_zero_persists", s:get("bytes") == "\0\255\1", "")

  if info.conditional_put then
    local p1, pe = s:put("lock", "me", {only_if_absent = true})
    check("put_absent", p1 and p1.value == "me", pe)
    local _, pe2 = s:put("lock", "you", {only_if_absent = true})
    check("put_exists", pe2 and pe2:kind() == errors.ALREADY_EXISTS, pe2)
    local p3 = s:put("lock", "v2", {if_version = p1.version})
    check("put_version", p3 and p3.value == "v2", "")
    local _, pe4 = s:put("lock", "v3", {if_version = p1.version})
    check("put_conflict", pe4 and pe4:kind() == errors.CONFLICT and pe4:retryable() == true, pe4)
  else
    local _, pe = s:put("lock", "me", {only_if_absent = true})
    check("put_unsupported", pe and pe:kind() == errors.INVALID, pe)
    local p = s:put("plain", "v")
    check("put_plain", p and p.value == "v" and s:get("plain") == "v", "")
  end
  local _, both = s:put("k", "v", {only_if_absent = true, if_version = "1"})
  check("put_both", both and both:kind() == errors.INVALID, both)

  local _, fe = s:set("f", function() end)
  check("unstorable", fe and fe:kind() == errors.INVALID, fe)
  check("info", info.id == id and (info.backend == store.backend.MEMORY or info.backend == store.backend.SQL), info.backend)
  s:release()
  local _, re = s:get("bytes")
  check("released", re and re:kind() == errors.INVALID, re)
  local _, nf = store.get("app:nothing")
  check("get_missing", nf and nf:kind() == errors.NOT_FOUND, nf)
  io.print("done")
end

return { main = main }
