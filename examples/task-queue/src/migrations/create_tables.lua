return require("migration").define(function()
  migration("tasks and failures tables", function()
    database("sqlite", function()
      up(function(db)
        local _, err = db:execute([[
          CREATE TABLE results (task TEXT PRIMARY KEY, output TEXT NOT NULL, attempts INTEGER NOT NULL);
          CREATE TABLE failures (task TEXT PRIMARY KEY, attempts INTEGER NOT NULL)
        ]])
        if err then error(err) end
      end)
      down(function(db)
        db:execute("DROP TABLE results; DROP TABLE failures")
      end)
    end)
  end)
end)
