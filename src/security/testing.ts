// A permission probe for tests: app:main runs app:probe twice, once as actor "reader:1" in
// the named scope app:readers and once as the app itself (no identity), so one run shows
// what a policy lets an actor do next to what the app may do.

/** Entries (to append to an `entries:` list) and files of the probe. `body` is the Lua of
 *  probe's main; it sees `who` ("actor" or "app") and `kind(v, err)`: "ok" or the error kind. */
export function readerProbe(probeModules: string[], body: string): { entries: string; files: Record<string, string> } {
  return {
    entries: `  - name: main
    kind: process.lua
    source: file://main.lua
    method: main
    modules: [io, security]
  - name: probe
    kind: process.lua
    source: file://probe.lua
    method: main
    modules: [${['io', ...probeModules].join(', ')}]
`,
    files: {
      'src/main.lua': `return { main = function()
      process.with_context({}):with_actor(security.new_actor("reader:1")):with_scope(security.named_scope("app:readers"))
        :exec("app:probe", "app:terminal", "actor")
      process.exec("app:probe", "app:terminal", "app")
    end }`,
      'src/probe.lua': `return { main = function(who)
  local function kind(v, err) return v and "ok" or err:kind() end
${body}
end }`,
    },
  };
}
