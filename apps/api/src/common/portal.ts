import * as fs from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Where the portal's client routes live: one prefix, so no portal URL collides with an API path. */
export const PORTAL_PREFIX = '/portal';

/** The repository root, from here in the sources (apps/api/src/common) or in dist/ (dist/apps/api/src/common). */
function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** The built portal (Vite's output, tools/build.js), or KJ_WEB_DIR. */
export function portalDir(): string {
  return process.env.KJ_WEB_DIR || path.join(repoRoot(), 'dist/apps/web');
}

/**
 * Serves the built portal: its files under /portal/, index.html for any other GET under /portal/
 * (client routes, so a reload of a portal URL gives the page, not API JSON), and / redirects to
 * /portal/. Without a build (tests that start the API from source) the API runs without it.
 */
export async function servePortal(app: NestFastifyApplication): Promise<boolean> {
  const root = portalDir();
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    new Logger('Portal').warn(`no built portal at ${root} (npm run build): serving the API only`);
    return false;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: `${PORTAL_PREFIX}/`,
    // Files are routed one by one (the build is there before the API starts), so the fallback
    // below answers every other GET under the prefix.
    wildcard: false,
    index: false,
    // Vite names assets by content hash: cache them for good; index.html is always revalidated.
    cacheControl: false,
    setHeaders: (reply, file) => {
      reply.header(
        'cache-control',
        file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  const fastify = app.getHttpAdapter().getInstance();
  const sendIndex = (_req: FastifyRequest, reply: FastifyReply) => reply.sendFile('index.html');
  fastify.get(`${PORTAL_PREFIX}/*`, sendIndex);
  fastify.get(`${PORTAL_PREFIX}/`, sendIndex);
  fastify.get(PORTAL_PREFIX, (_req, reply) => reply.redirect(`${PORTAL_PREFIX}/`, 302));
  fastify.get('/', (_req, reply) => reply.redirect(`${PORTAL_PREFIX}/`, 302));
  return true;
}
