// The anchor endpoints on fastify.
import Fastify from 'fastify';
import { loadUser } from './work.js';

const port = Number(process.env.PORT ?? 18082);
const app = Fastify({ logger: false });
app.get('/hello', async () => ({ message: 'hello world' }));
app.get('/users/:id', async (req) => loadUser(Number(req.params.id)));
await app.listen({ port, host: '127.0.0.1' });
console.log('ready');
