import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { registerSecurityHeaders, securityHeaders } from './security-headers';

const options: HelmetOptions = {
  contentSecurityPolicy: {
    directives: { upgradeInsecureRequests: null, imgSrc: ["'self'", 'data:', 'blob:'] },
  },
};

/** The headers of a response of a plain Node server that runs helmet's own middleware per request. */
async function helmetPerRequest(): Promise<Headers> {
  const middleware = helmet(options);
  const server = http.createServer((req, res) => middleware(req, res, () => res.end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)).headers;
  } finally {
    server.close();
  }
}

describe('security headers', () => {
  it('are the API’s CSP and helmet’s other headers', () => {
    const headers = securityHeaders(options);
    expect(headers['content-security-policy']).toContain("img-src 'self' data: blob:");
    expect(headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['strict-transport-security']).toMatch(/^max-age=\d+/);
  });

  it('refuses a directive computed per request (a nonce), which a header computed once cannot carry', () => {
    expect(() =>
      securityHeaders({
        contentSecurityPolicy: { directives: { scriptSrc: ["'self'", () => "'nonce-x'"] } },
      }),
    ).toThrow(/scriptSrc/);
  });

  it('go on every response (a route’s, a 404, a refusal) as helmet’s own middleware sets them', async () => {
    const byHelmet = await helmetPerRequest();
    const app = Fastify();
    registerSecurityHeaders(app, options);
    app.get('/ok', async () => ({ ok: true }));
    app.get('/refused', async (_req, reply) => reply.code(403).send({ refused: true }));
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      for (const url of ['/ok', '/missing', '/refused']) {
        const res = await fetch(base + url);
        for (const name of Object.keys(securityHeaders(options)))
          expect([url, name, res.headers.get(name)]).toEqual([url, name, byHelmet.get(name)]);
      }
    } finally {
      await app.close();
    }
  });
});
