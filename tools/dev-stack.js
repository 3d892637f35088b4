#!/usr/bin/env node
// `npm start`: build, then Temporal + migrations + demo seed + worker + API, then the demo scenario
// through the API. Ctrl-C stops it all, also while it is still starting; a failure names the step
// and its cause, stops what was started and exits 1. A worker or API that dies is restarted.
// Flags: --ui (Temporal Web UI on the Temporal port + 1000).
// Env: DATABASE_URL, TEMPORAL_ADDRESS, PORT, KJ_TEMPORAL_PORT (7233), KJ_TEMPORAL_DB.
const path = require('node:path');
const { root } = require('./swc');
const { build } = require('./build');
const { Stack, describeError, redactUrl } = require('./stack');

let stack = null;
let running = false;
let exiting = false;

/** Stops whatever was started, then exits; the first reason wins. */
async function exit(code, message) {
  if (exiting) return;
  exiting = true;
  if (message) console.error(message);
  await stack?.stop();
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    console.log(running ? '\nstopping…' : `\n${signal} during start-up: stopping what was started…`);
    void exit(running ? 0 : 130);
  });
process.on('uncaughtException', (err) => void exit(1, `[start] unexpected error: ${err.stack || err}`));
process.on('unhandledRejection', (err) => void exit(1, `[start] unexpected error: ${describeError(err)}`));

async function main() {
  try {
    await build({ ifStale: true });
  } catch (err) {
    throw new Error(`build: ${describeError(err)}`);
  }
  if (exiting) return;
  const temporalPort = Number(process.env.KJ_TEMPORAL_PORT || 7233);
  stack = new Stack({
    databaseUrl: process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kjflow',
    apiPort: Number(process.env.PORT || 3000),
    temporalPort,
    // One state file per server port, so a second stack never shares the first one's file.
    temporalDbFile:
      process.env.KJ_TEMPORAL_DB ||
      path.join(root, temporalPort === 7233 ? '.data/temporal.db' : `.data/temporal-${temporalPort}.db`),
    ui: process.argv.includes('--ui') || process.env.KJ_TEMPORAL_UI === '1',
    onFatal: (err) => void exit(1, `[stack] ${err.message}\n[stack] stopping everything.`),
  });
  await stack.start();

  // The demo scenario runs through the API (real workflows), once per database.
  const { playDemo } = require(path.join(root, 'dist/seeds/src/demo-scenario.js'));
  try {
    console.log(`[demo] ${await playDemo(stack.apiUrl)}`);
  } catch (err) {
    throw new Error(`the demo scenario through ${stack.apiUrl}: ${describeError(err)}`);
  }
  const demo = require(path.join(root, 'seeds/data/demo.json'));
  running = true;
  const { pids } = stack;
  console.log(`
kjflow is running
  API          ${stack.apiUrl}
  API docs     ${stack.apiUrl}/docs   (OpenAPI: ${stack.apiUrl}/openapi.json)
  Temporal     ${stack.temporalAddress}${stack.uiUrl ? `\n  Temporal UI  ${stack.uiUrl}` : '   (Web UI: npm start -- --ui)'}
  Database     ${redactUrl(stack.databaseUrl)}
  E-mail       ${stack.mailDir ? `${path.relative(root, stack.mailDir)}/*.eml   (the stack's own SMTP mailbox)` : `SMTP ${process.env.SMTP_HOST}`}
  Processes    ${Object.entries(pids)
    .filter(([, pid]) => pid)
    .map(([name, pid]) => `${name} ${pid}`)
    .join(', ')}   (a worker or API that dies is restarted)
  Demo logins (password "${demo.password}"):
${demo.users.map((u) => `    ${u.username.padEnd(12)} ${u.roles.join(',').padEnd(18)} ${u.displayName}`).join('\n')}
  Try (no login): ${stack.apiUrl}/public/guides   ${stack.apiUrl}/public/challenges
Ctrl-C stops everything.`);
}

main().catch((err) => {
  if (err.interrupted) return; // a signal stopped start-up; exit() is already under way
  void exit(1, `[start] failed: ${err.message}\n[start] every process it started has been stopped.`);
});
