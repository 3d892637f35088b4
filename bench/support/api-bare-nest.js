// The framework's own floor beside bench/api.bench.ts's bare Fastify: a NestJS hello-world on the
// Fastify adapter (one controller, no middleware, hooks, guards or interceptors), in a process of
// its own, on a port given as the first argument. Says "listening" on stdout once it accepts.
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { FastifyAdapter } = require('@nestjs/platform-fastify');

class HelloController {
  hello() {
    return { hello: 'world' };
  }
}
Controller()(HelloController);
Get()(
  HelloController.prototype,
  'hello',
  Object.getOwnPropertyDescriptor(HelloController.prototype, 'hello'),
);
class HelloModule {}
Module({ controllers: [HelloController] })(HelloModule);

NestFactory.create(HelloModule, new FastifyAdapter(), { logger: false })
  .then(async (app) => {
    await app.listen(Number(process.argv[2]), '127.0.0.1');
    console.log('listening');
    process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
  })
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
