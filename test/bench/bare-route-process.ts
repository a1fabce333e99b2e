// The floor for a route: a bare Fastify server with one route that answers a fixed body, nothing else (no hooks,
// no database, no logging). Arguments: the body, then optionally its Content-Type (JSON by default) and the
// route (the pin poll's by default). Prints `{"url": …}` once it listens.
import Fastify from 'fastify';

const body = process.argv[2] ?? '{}';
const contentType = process.argv[3] ?? 'application/json; charset=utf-8';
const route = process.argv[4] ?? '/api/v2/pins/:id';
const app = Fastify({ logger: false });
app.get(route, async (_request, reply) => reply.type(contentType).send(body));
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
