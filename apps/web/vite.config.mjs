// The portal's build (tools/build.js runs it; `npx vite --config apps/web/vite.config.mjs` serves it
// with hot reload, proxying the API at KJ_API_URL or http://127.0.0.1:3000).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const api = process.env.KJ_API_URL || 'http://127.0.0.1:3000';
const apiPaths = [
  '/auth',
  '/public',
  '/applications',
  '/calls',
  '/guides',
  '/demands',
  '/demand-campaigns',
  '/projects',
  '/reviews',
  '/panel-reviews',
  '/awards',
  '/agreements',
  '/events',
  '/experts',
  '/program-templates',
  '/topics',
  '/credit-records',
  '/misconduct-cases',
  '/outcomes',
  '/plan-indicators',
  '/inbox',
  '/health',
];

export default defineConfig({
  root: here,
  // The API serves the build under /portal/ (apps/api/src/common/portal.ts).
  base: '/portal/',
  plugins: [react()],
  build: {
    outDir: path.join(here, '../../dist/apps/web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: { proxy: Object.fromEntries(apiPaths.map((p) => [p, api])) },
});
