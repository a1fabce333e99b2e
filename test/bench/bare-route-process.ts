// The floor for a poll: a bare Fastify server with one route that answers a fixed JSON body, nothing else
// (no hooks, no database, no logging). The body is the first argument. Prints `{"url": …}` once it listens.
import Fastify from 'fastify';

const body = process.argv[2] ?? '{}';
const app = Fastify({ logger: false });
app.get('/api/v2/pins/:id', async (_request, reply) =>
  reply.type('application/json; charset=utf-8').send(body),
);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : 0;
console.log(JSON.stringify({ url: `http://127.0.0.1:${port}` }));
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
