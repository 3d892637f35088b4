// The whole product as processes: Temporal (unless TEMPORAL_ADDRESS), database migrations and the
// demo seed, the worker and the API. Used by `npm start` (tools/dev-stack.js) and by the
// end-to-end test set-up (test/support/global-setup.ts), so tests run what users run.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { root } = require('./swc');
const { startDevServer, freePort, stopProcess } = require('./temporal');

const dist = (p) => path.join(root, 'dist', p);

function searchAttributeFlags() {
  return require(dist('libs/temporal/src/search-attributes.js')).searchAttributeFlags();
}

function migrateAndSeed(env, { seed = true } = {}) {
  const res = spawnSync(process.execPath, [dist('seeds/src/cli.js'), ...(seed ? [] : ['--migrate-only'])], {
    env,
    stdio: 'inherit',
  });
  if (res.status !== 0) throw new Error(`migrations/seed failed (exit ${res.status})`);
}

function startNode(name, script, env, logFile) {
  const out = logFile ? fs.openSync(logFile, 'a') : 'inherit';
  const child = spawn(process.execPath, ['--enable-source-maps', dist(script)], {
    env,
    stdio: ['ignore', out, out],
  });
  child.on('exit', (code, signal) => {
    if (!child.stopping) console.error(`[${name}] exited unexpectedly (code ${code}, signal ${signal})`);
  });
  return child;
}

async function waitForHttp(url, child, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`process exited with code ${child.exitCode} before ${url} answered`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/**
 * Start everything. Options: databaseUrl, apiPort, temporalPort, temporalDbFile, ui, taskQueue,
 * logDir (child output to files instead of this terminal), seed.
 */
async function startStack(opts) {
  const log = opts.log || console.log;
  const stoppers = [];
  const stop = async () => {
    for (const s of stoppers.reverse()) await s().catch((err) => console.error(err));
  };
  try {
    if (opts.logDir) fs.mkdirSync(opts.logDir, { recursive: true });
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let uiUrl = null;
    if (temporalAddress) {
      log(`[temporal] using TEMPORAL_ADDRESS=${temporalAddress} (nothing started)`);
    } else {
      const server = await startDevServer({
        port: opts.temporalPort,
        dbFile: opts.temporalDbFile,
        ui: opts.ui,
        searchAttributes: searchAttributeFlags(),
        logFile: opts.logDir ? path.join(opts.logDir, 'temporal.log') : undefined,
        log,
      });
      stoppers.push(server.stop);
      temporalAddress = server.address;
      uiUrl = server.uiUrl;
    }
    const apiPort = opts.apiPort || (await freePort());
    const env = {
      ...process.env,
      DATABASE_URL: opts.databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      PORT: String(apiPort),
      ...(opts.taskQueue ? { KJ_TASK_QUEUE: opts.taskQueue } : {}),
    };
    migrateAndSeed(env, { seed: opts.seed !== false });
    const logFile = (n) => (opts.logDir ? path.join(opts.logDir, `${n}.log`) : undefined);
    const worker = startNode('worker', 'apps/worker/src/main.js', env, logFile('worker'));
    stoppers.push(() => ((worker.stopping = true), stopProcess(worker, 15000)));
    const api = startNode('api', 'apps/api/src/main.js', env, logFile('api'));
    stoppers.push(() => ((api.stopping = true), stopProcess(api)));
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitForHttp(`${apiUrl}/health`, api);
    return {
      apiUrl,
      temporalAddress,
      uiUrl,
      databaseUrl: opts.databaseUrl,
      pids: { api: api.pid, worker: worker.pid },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

module.exports = { startStack };
