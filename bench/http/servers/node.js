// The anchor endpoints on Node's own http module, no framework.
import { createServer } from 'node:http';
import { loadUser } from './work.js';
import { openUsers } from './users-db.js';

const findUser = openUsers();

const port = Number(process.env.PORT ?? 18081);
createServer((req, res) => {
  const url = req.url ?? '/';
  if (url === '/hello') {
    const body = JSON.stringify({ message: 'hello world' });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
    return;
  }
  const m = /^\/users\/([^/?]+)$/.exec(url);
  if (m !== null && req.method === 'GET') {
    const body = JSON.stringify(loadUser(Number(m[1])));
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
    return;
  }
  const d = /^\/db\/users\/([^/?]+)$/.exec(url);
  if (d !== null && req.method === 'GET') {
    const user = findUser(Number(d[1]));
    const body = JSON.stringify(user ?? { error: 'no such user' });
    res.writeHead(user === undefined ? 404 : 200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
    return;
  }
  res.writeHead(404).end();
}).listen(port, '127.0.0.1', () => console.log('ready'));
