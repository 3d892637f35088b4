// The real Temporal server for development and tests: find the CLI, build it if needed, start
// `temporal server start-dev`, wait until it answers, stop it cleanly.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const CLI_VERSION = 'v1.5.1'; // later tags carry a `replace` directive that `go install` refuses
// An idle worker's poll lasts this long on the dev servers started here (the server's default is
// 60 s), so a worker that stopped polling shows within seconds (KJ_WORKER_SEEN_SECONDS).
const DEV_LONG_POLL_SECONDS = 5;
const CACHE_DIR = path.join(
  process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'),
  'kjflow',
  `temporal-${CLI_VERSION.slice(1)}`,
);

function onPath(cmd) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const full = path.join(dir, cmd);
    try {
      fs.accessSync(full, fs.constants.X_OK);
      return full;
    } catch {
      /* keep looking */
    }
  }
  return null;
}

/** TEMPORAL_CLI, else `temporal` on PATH, else the cache folder; null when none exists. */
function findBinary() {
  if (process.env.TEMPORAL_CLI && fs.existsSync(process.env.TEMPORAL_CLI)) return process.env.TEMPORAL_CLI;
  const cached = path.join(CACHE_DIR, 'temporal');
  return onPath('temporal') || (fs.existsSync(cached) ? cached : null);
}

const HOW_TO_INSTALL = `The Temporal CLI is needed to run a local Temporal server. Install one of:
  - Go >= 1.25, then run this again (it builds: GOBIN=${CACHE_DIR} go install github.com/temporalio/cli/cmd/temporal@${CLI_VERSION})
  - Homebrew: brew install temporal
  - the release archive from https://github.com/temporalio/cli/releases, with \`temporal\` on PATH
  - or point TEMPORAL_ADDRESS at an existing cluster (nothing is started then).`;

/** Find the CLI or build it with `go install` into the cache folder (once; a few minutes). */
function ensureBinary({ log = console.log } = {}) {
  const found = findBinary();
  if (found) return found;
  const go = onPath('go') || (fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
  if (!go) throw new Error(HOW_TO_INSTALL);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  log(
    `[temporal] building the Temporal CLI ${CLI_VERSION} with go install into ${CACHE_DIR} (first run only, a few minutes)…`,
  );
  const res = spawnSync(go, ['install', `github.com/temporalio/cli/cmd/temporal@${CLI_VERSION}`], {
    env: { ...process.env, GOBIN: CACHE_DIR, GOFLAGS: process.env.GOFLAGS || '-mod=mod' },
    stdio: 'inherit',
  });
  const built = path.join(CACHE_DIR, 'temporal');
  if (res.status !== 0 || !fs.existsSync(built))
    throw new Error(`go install failed (exit ${res.status}).\n${HOW_TO_INSTALL}`);
  return built;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** True when a Temporal frontend answers at `address` (a real gRPC call, not just a TCP port). */
async function isHealthy(address, timeoutMs = 2000) {
  const { Connection } = require('@temporalio/client');
  let conn;
  try {
    conn = await Connection.connect({ address, connectTimeout: timeoutMs });
    await conn.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await conn?.close().catch(() => undefined);
  }
}

async function waitHealthy(address, { timeoutMs = 60000, child, tail = () => '' } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null))
      throw new Error(
        `the Temporal dev server exited (${child.signalCode || `code ${child.exitCode}`}) before ${address} answered${tail()}`,
      );
    if (await isHealthy(address, 1000)) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`Temporal at ${address} did not become healthy within ${timeoutMs} ms${tail()}`);
}

/**
 * The last lines a child wrote, for error messages: read back from its log file, or kept from
 * its output stream when it has no file.
 */
function outputTail({ logFile, streams = [], lines = 15 } = {}) {
  let kept = '';
  for (const stream of streams) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => (kept = (kept + chunk).slice(-8000)));
  }
  return () => {
    let text = kept;
    if (logFile) {
      try {
        text = fs.readFileSync(logFile, 'utf8').slice(-8000);
      } catch {
        text = '';
      }
    }
    const last = text.trimEnd().split('\n').slice(-lines).join('\n    ');
    return last ? `; its last output:\n    ${last}` : '';
  };
}

/**
 * Start `temporal server start-dev` (or reuse a healthy server already on the port).
 * Returns { address, uiUrl, started, longPollSeconds (null when reused), stop }. `onSpawn(child)`
 * sees the process as soon as it exists, so a caller can stop it while it is still starting.
 */
async function startDevServer({
  port,
  uiPort,
  dbFile,
  ui = false,
  searchAttributes = [],
  logFile,
  log = console.log,
  onSpawn = () => undefined,
} = {}) {
  port = port || (await freePort());
  const address = `127.0.0.1:${port}`;
  if (await isHealthy(address, 1000)) {
    log(`[temporal] reusing the server already running at ${address}`);
    return {
      address,
      uiUrl: ui ? `http://127.0.0.1:${uiPort || port + 1000}` : null,
      started: false,
      longPollSeconds: null,
      stop: async () => undefined,
    };
  }
  const bin = ensureBinary({ log });
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'];
  args.push('--dynamic-config-value', `matching.longPollExpirationInterval="${DEV_LONG_POLL_SECONDS}s"`);
  if (ui) args.push('--ui-port', String(uiPort || port + 1000));
  else args.push('--headless');
  if (dbFile) {
    fs.mkdirSync(path.dirname(dbFile), { recursive: true });
    args.push('--db-filename', dbFile);
  }
  for (const sa of searchAttributes) args.push('--search-attribute', sa);
  const out = logFile ? fs.openSync(logFile, 'a') : 'pipe';
  const child = spawn(bin, args, { stdio: ['ignore', out, out], detached: false });
  if (logFile) fs.closeSync(out);
  onSpawn(child);
  const tail = outputTail({ logFile, streams: logFile ? [] : [child.stdout, child.stderr] });
  try {
    await waitHealthy(address, { child, tail });
  } catch (err) {
    await stopProcess(child);
    throw err;
  }
  log(
    `[temporal] dev server ${address} (pid ${child.pid})${dbFile ? `, data in ${path.relative(process.cwd(), dbFile)}` : ', in memory'}`,
  );
  return {
    address,
    uiUrl: ui ? `http://127.0.0.1:${uiPort || port + 1000}` : null,
    started: true,
    longPollSeconds: DEV_LONG_POLL_SECONDS,
    pid: child.pid,
    stop: () => stopProcess(child),
  };
}

/** SIGTERM, then SIGKILL after a grace period. */
function stopProcess(child, graceMs = 5000) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

module.exports = {
  CLI_VERSION,
  DEV_LONG_POLL_SECONDS,
  CACHE_DIR,
  findBinary,
  ensureBinary,
  startDevServer,
  isHealthy,
  freePort,
  stopProcess,
  outputTail,
};

if (require.main === module) {
  // `node tools/temporal.js` builds or finds the CLI and prints its path (used by .ci/run).
  console.log(ensureBinary());
}
