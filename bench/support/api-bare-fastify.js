// The baseline of bench/api.bench.ts: a bare Fastify hello-world, in a process of its own as the
// API is, on a port given as the first argument. Says "listening" on stdout once it accepts.
const fastify = require('fastify')({ logger: false });

fastify.get('/', async () => ({ hello: 'world' }));
fastify.listen({ port: Number(process.argv[2]), host: '127.0.0.1' }).then(
  () => console.log('listening'),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
process.on('SIGTERM', () => fastify.close().then(() => process.exit(0)));
