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
    rolldownOptions: {
      output: {
        // Modules run in their import order across chunks: split by size, G2's modules otherwise
        // ran before what they import from a sibling chunk ("… is not a function" on the charts).
        strictExecutionOrder: true,
        // Each role's pages are their own chunks (routes.tsx). The libraries every page needs are
        // split into chunks under Vite's 500 kB warning, loaded in parallel and cached across
        // releases of the portal's own code; the charting library (G2, ~1.6 MB) likewise, and
        // only on a page with a chart.
        codeSplitting: {
          groups: [
            // Vite's helper for lazy imports (used by the shell and the charts alike) on its own.
            { name: 'preload', test: /preload-helper/, priority: 4 },
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack)[\\/]/,
              priority: 3,
            },
            // First what the first page needs, so no module it shares with the charts lands in theirs.
            { name: 'ui', test: /node_modules[\\/]/, tags: ['$initial'], priority: 2, maxSize: 1_200_000 },
            {
              name: 'charts-lib',
              test: /node_modules[\\/](@antv|@ant-design[\\/](plots|charts-util)|d3-[a-z-]+|lodash|html2canvas|gl-matrix)[\\/]/,
              priority: 1,
              maxSize: 1_200_000,
            },
          ],
        },
      },
    },
  },
  server: { proxy: Object.fromEntries(apiPaths.map((p) => [p, api])) },
});
