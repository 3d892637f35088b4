import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { registerSecurityHeaders, securityHeaders } from './security-headers';

const options: HelmetOptions = {
  contentSecurityPolicy: {
    directives: { upgradeInsecureRequests: null, imgSrc: ["'self'", 'data:', 'blob:'] },
  },
};

/** What helmet's own middleware sets on one response. */
function helmetPerRequest(opts: HelmetOptions): Record<string, string> {
  const set: Record<string, string> = {};
  const res = {
    setHeader: (n: string, v: string) => (set[n.toLowerCase()] = String(v)),
    removeHeader: () => undefined,
  };
  helmet(opts)({} as IncomingMessage, res as unknown as ServerResponse, () => undefined);
  return set;
}

describe('security headers', () => {
  it('are the headers helmet sets on a response, with the API’s CSP', () => {
    const headers = securityHeaders(options);
    expect(headers).toEqual(helmetPerRequest(options));
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

  it('go on every response: a route’s, a 404 and a refusal', async () => {
    const app = Fastify();
    registerSecurityHeaders(app, options);
    app.get('/ok', async () => ({ ok: true }));
    app.get('/refused', async (_req, reply) => reply.code(403).send({ refused: true }));
    const expected = securityHeaders(options);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      for (const url of ['/ok', '/missing', '/refused']) {
        const res = await fetch(base + url);
        for (const [name, value] of Object.entries(expected))
          expect([url, name, res.headers.get(name)]).toEqual([url, name, value]);
      }
    } finally {
      await app.close();
    }
  });
});
