import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The headers helmet sets for these options, computed once. With no CSP nonce and no directive
 * given as a function they are the same on every response, so there is nothing to work out per
 * request (@fastify/helmet built helmet's middleware, CSP parsing included, again for every
 * request: about a quarter of the API's cheapest read; bench/README.md, API throughput).
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const directives =
    typeof options.contentSecurityPolicy === 'object' ? options.contentSecurityPolicy.directives : {};
  for (const [name, value] of Object.entries(directives ?? {}))
    if (value && typeof value !== 'symbol' && [...value].some((v) => typeof v === 'function'))
      throw new Error(`CSP directive ${name} is computed per request; these headers are computed once`);
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: () => undefined, // X-Powered-By, which Fastify never sets
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

/**
 * Every response (the API's, the docs', the portal's) carries the headers, refusals included; set
 * on the raw response, as helmet does, so a hijacked one (the event stream) has them too.
 */
export function registerSecurityHeaders(fastify: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const headers = Object.entries(securityHeaders(options));
  fastify.addHook('onRequest', (_req, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
