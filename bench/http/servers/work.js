// The work behind /users/{id}, shared by the plain-Node and fastify servers; the wippy app
// does the same in Lua (app/src/load_user.lua).
export function loadUser(id) {
  const roles = [];
  for (let i = 1; i <= 3; i++) roles.push('role' + i);
  return { id, name: 'user' + id, email: 'user' + id + '@example.com', active: id % 2 === 0, roles };
}
