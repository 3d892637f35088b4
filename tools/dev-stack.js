#!/usr/bin/env node
// `npm start`: build, then Temporal + migrations + demo seed + worker + API. Ctrl-C stops it all.
// Flags: --ui (Temporal Web UI on :8233). Env: DATABASE_URL, TEMPORAL_ADDRESS, PORT.
const path = require('node:path');
const { root } = require('./swc');
const { build } = require('./build');
const { startStack } = require('./stack');

async function main() {
  await build();
  const ui = process.argv.includes('--ui') || process.env.KJ_TEMPORAL_UI === '1';
  const stack = await startStack({
    databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kjflow',
    apiPort: Number(process.env.PORT || 3000),
    temporalPort: 7233,
    temporalDbFile: path.join(root, '.data/temporal.db'),
    ui,
  });
  // The demo scenario runs through the API (real workflows), once per database.
  const { playDemo } = require(path.join(root, 'dist/seeds/src/demo-scenario.js'));
  process.env.KJ_API_URL = stack.apiUrl;
  console.log(`[demo] ${await playDemo()}`);
  const demo = require(path.join(root, 'seeds/data/demo.json'));
  console.log(`
kjflow is running
  API          ${stack.apiUrl}
  API docs     ${stack.apiUrl}/docs   (OpenAPI: ${stack.apiUrl}/openapi.json)
  Temporal     ${stack.temporalAddress}${stack.uiUrl ? `\n  Temporal UI  ${stack.uiUrl}` : '   (Web UI: npm start -- --ui)'}
  Database     ${stack.databaseUrl}
  Demo logins (password "${demo.password}"):
${demo.users.map((u) => `    ${u.username.padEnd(12)} ${u.roles.join(',').padEnd(18)} ${u.displayName}`).join('\n')}
  Try (no login): ${stack.apiUrl}/public/guides   ${stack.apiUrl}/public/challenges
Ctrl-C stops everything.`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(err.message || err);
  process.exit(1);
});
