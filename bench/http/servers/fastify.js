// The anchor endpoints on fastify.
import Fastify from 'fastify';
import { loadUser } from './work.js';
import { openUsers } from './users-db.js';

const findUser = openUsers();

const port = Number(process.env.PORT ?? 18082);
const app = Fastify({ logger: false });
app.get('/hello', async () => ({ message: 'hello world' }));
app.get('/users/:id', async (req) => loadUser(Number(req.params.id)));
app.get('/db/users/:id', async (req, reply) => {
  const user = findUser(Number(req.params.id));
  if (user === undefined) return reply.code(404).send({ error: 'no such user' });
  return user;
});
await app.listen({ port, host: '127.0.0.1' });
console.log('ready');
