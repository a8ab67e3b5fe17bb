local rows = {
  {dept = "eng", name = "zed", salary = 100},
  {dept = "ops", name = "amy", salary = 90},
  {dept = "eng", name = "bob", salary = 120},
  {dept = "ops", name = "cal", salary = 90},
  {dept = "eng", name = "dan", salary = 100},
}
table.sort(rows, function(a, b)
  if a.dept ~= b.dept then return a.dept < b.dept end
  if a.salary ~= b.salary then return a.salary > b.salary end
  return a.name < b.name
end)
for _, r in ipairs(rows) do print(r.dept, r.salary, r.name) end
