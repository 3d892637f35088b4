// The whole product as processes: Temporal (unless TEMPORAL_ADDRESS), database migrations and the
// demo seed, the worker and the API. Used by `npm start` (tools/dev-stack.js) and by the
// end-to-end test set-up (test/support/global-setup.ts), so tests run what users run.
//
// Start-up either reaches a healthy API with a polling worker or fails naming the step and its
// cause, having stopped what it began. Once running, a worker or API that dies is restarted
// (supervise below); a crash loop stops everything.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { root } = require('./swc');
const { startDevServer, freePort, stopProcess, outputTail } = require('./temporal');
const { startMailbox } = require('./mailbox');

const dist = (p) => path.join(root, 'dist', p);

/** Restart policy: backoff doubles from `backoffMs`; more than `maxRestarts` within `windowMs` gives up. */
const SUPERVISION = { backoffMs: 500, maxBackoffMs: 8000, maxRestarts: 5, windowMs: 60000 };

function searchAttributeFlags() {
  return require(dist('libs/temporal/src/search-attributes.js')).searchAttributeFlags();
}

/** An error's message with its causes: `fetch failed` alone does not say what failed. */
function describeError(err) {
  const parts = [];
  for (let e = err, depth = 0; e && depth < 5; e = e.cause, depth++) {
    const msg =
      e instanceof Error
        ? e.message || e.code || (e.errors || []).map((x) => x.message).join('; ') || e.name
        : String(e);
    if (msg && !parts.some((p) => p.includes(msg))) parts.push(msg);
  }
  return parts.join(' ← ');
}

/** The database URL as it may be printed: without its password. */
function redactUrl(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

function exitText(code, signal) {
  return signal ? `signal ${signal}` : `code ${code}`;
}

/** Throws when something already listens on the API's port, before anything is started. */
function assertPortFree(port, host) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', (err) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${port} on ${host} is already in use (set PORT to a free port)`)
          : err,
      ),
    );
    srv.listen(port, host, () => srv.close(() => resolve()));
  });
}

/**
 * One Node process of the stack (worker, API), restarted when it dies unexpectedly once the
 * stack is running: after `backoffMs`, doubling with each crash in the window, up to
 * `maxRestarts` within `windowMs`; then `onGiveUp(error)`. Before `running()` an exit is a
 * start-up failure (`exited` rejects) rather than a restart: a misconfigured stack fails fast.
 */
class Supervised {
  constructor({
    name,
    script,
    env,
    logFile,
    policy = SUPERVISION,
    warn,
    onGiveUp,
    onSpawn = () => undefined,
  }) {
    Object.assign(this, { name, script, env, logFile, policy, warn, onGiveUp, onSpawn });
    this.state = 'starting';
    this.crashes = [];
    this.exited = new Promise((_, reject) => (this.rejectExited = reject));
    this.exited.catch(() => undefined); // observed by whoever waits on start-up
    this.spawn();
  }

  get pid() {
    return this.child?.pid;
  }

  spawn() {
    const out = this.logFile ? fs.openSync(this.logFile, 'a') : 'inherit';
    const script = path.isAbsolute(this.script) ? this.script : dist(this.script);
    const child = spawn(process.execPath, ['--enable-source-maps', script], {
      env: this.env,
      stdio: ['ignore', out, out],
    });
    if (this.logFile) fs.closeSync(out);
    this.child = child;
    child.on('exit', (code, signal) => this.onExit(child, code, signal));
    this.onSpawn(this);
  }

  /** The process's last output (its log file), or where to look for it. */
  tail() {
    return this.logFile ? outputTail({ logFile: this.logFile })() : ' (its output is above)';
  }

  onExit(child, code, signal) {
    if (child !== this.child || !['starting', 'running'].includes(this.state)) return;
    const how = exitText(code, signal);
    if (this.state === 'starting') {
      this.state = 'failed';
      return this.rejectExited(
        new Error(`the ${this.name} (pid ${child.pid}) exited (${how})${this.tail()}`),
      );
    }
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < this.policy.windowMs), now];
    const n = this.crashes.length;
    if (n > this.policy.maxRestarts) {
      this.state = 'gave-up';
      return this.onGiveUp(
        new Error(
          `the ${this.name} died ${n} times within ${this.policy.windowMs / 1000} s (last: pid ${child.pid}, ${how}); ` +
            `not restarting it again${this.tail()}`,
        ),
      );
    }
    const delay = Math.min(this.policy.backoffMs * 2 ** (n - 1), this.policy.maxBackoffMs);
    this.warn(
      `[stack] ${this.name} (pid ${child.pid}) exited unexpectedly (${how}); restarting in ${delay} ms ` +
        `(restart ${n} of at most ${this.policy.maxRestarts} within ${this.policy.windowMs / 1000} s)`,
    );
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.state !== 'running') return;
      this.spawn();
      this.warn(`[stack] ${this.name} restarted (pid ${this.child.pid})`);
    }, delay);
  }

  running() {
    if (this.state === 'starting') this.state = 'running';
  }

  stop(graceMs) {
    this.state = 'stopping';
    clearTimeout(this.timer);
    return stopProcess(this.child, graceMs);
  }
}

/**
 * Everything, as processes. Options: databaseUrl, apiPort (free port when absent), temporalPort,
 * temporalDbFile, ui, taskQueue, logDir (child output to files instead of this terminal), seed,
 * log (progress), warn (restarts; console.error), onFatal (a crash loop gave up; default: log it
 * and stop everything), supervision (restart policy, see SUPERVISION), startTimeoutMs (how long
 * the worker and the API may take to be healthy; KJ_START_TIMEOUT_MS, else 60 s).
 *
 * `stop()` may be called at any time, also during `start()`: start-up then ends with an error
 * whose `interrupted` is true, and every process it began is stopped.
 */
class Stack {
  constructor(opts) {
    this.opts = opts;
    this.log = opts.log || console.log;
    this.warn = opts.warn || console.error;
    this.databaseUrl = opts.databaseUrl;
    this.stoppers = []; // in start order
    this.procs = {};
    this.stopping = null;
  }

  get pids() {
    return { temporal: this.temporalPid, worker: this.procs.worker?.pid, api: this.procs.api?.pid };
  }

  /** Runs one start-up step; a failure names the step and its cause. */
  async step(what, fn) {
    if (this.stopping) throw interrupted();
    try {
      return await fn();
    } catch (err) {
      if (this.stopping) throw interrupted();
      const error = new Error(`${what}: ${describeError(err)}`, { cause: err });
      error.step = what;
      throw error;
    }
  }

  async start() {
    const { opts } = this;
    try {
      if (opts.logDir) fs.mkdirSync(opts.logDir, { recursive: true });
      const logFile = (n) => (opts.logDir ? path.join(opts.logDir, `${n}.log`) : undefined);
      const host = process.env.HOST || '127.0.0.1';
      const apiPort = opts.apiPort || (await freePort());
      this.apiUrl = `http://127.0.0.1:${apiPort}`;
      if (opts.apiPort) await this.step('checking the API port', () => assertPortFree(apiPort, host));

      this.temporalAddress = process.env.TEMPORAL_ADDRESS;
      this.uiUrl = null;
      let longPollSeconds = null;
      if (this.temporalAddress) {
        this.log(`[temporal] using TEMPORAL_ADDRESS=${this.temporalAddress} (nothing started)`);
      } else {
        const where = opts.temporalPort ? ` on 127.0.0.1:${opts.temporalPort}` : '';
        const server = await this.step(`starting the Temporal dev server${where}`, () =>
          startDevServer({
            port: opts.temporalPort,
            dbFile: opts.temporalDbFile,
            ui: opts.ui,
            searchAttributes: searchAttributeFlags(),
            logFile: logFile('temporal'),
            log: this.log,
            onSpawn: (child) => {
              this.temporalPid = child.pid;
              this.stoppers.push(() => stopProcess(child));
            },
          }),
        );
        this.temporalAddress = server.address;
        this.uiUrl = server.uiUrl;
        longPollSeconds = server.longPollSeconds;
      }

      // Notification e-mail: to SMTP_HOST if set, else to the stack's own mailbox (tools/mailbox.js).
      let smtp = {};
      this.mailDir = null;
      if (!process.env.SMTP_HOST) {
        const mailbox = await this.step('starting the mailbox (SMTP)', () =>
          startMailbox({ dir: opts.mailDir || path.join(root, '.data/mail') }),
        );
        this.stoppers.push(() => mailbox.stop());
        this.mailDir = mailbox.dir;
        smtp = { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mailbox.port), SMTP_IGNORE_TLS: 'true' };
      }

      const env = {
        ...process.env,
        ...smtp,
        DATABASE_URL: opts.databaseUrl,
        TEMPORAL_ADDRESS: this.temporalAddress,
        PORT: String(apiPort),
        ...(opts.taskQueue ? { KJ_TASK_QUEUE: opts.taskQueue } : {}),
        // A worker is missing once it has not polled for three of the dev server's long polls.
        ...(longPollSeconds && !process.env.KJ_WORKER_SEEN_SECONDS
          ? { KJ_WORKER_SEEN_SECONDS: String(3 * longPollSeconds) }
          : {}),
      };
      await this.step(`migrations and demo seed on ${redactUrl(opts.databaseUrl)}`, () =>
        this.migrateAndSeed(env, logFile('seed')),
      );

      const supervise = (name, script, own = {}) => {
        const proc = new Supervised({
          name,
          script,
          env: { ...env, ...own },
          logFile: logFile(name),
          policy: { ...SUPERVISION, ...opts.supervision },
          warn: this.warn,
          onGiveUp: (err) => this.fatal(err),
          onSpawn: (p) =>
            opts.logDir && fs.writeFileSync(path.join(opts.logDir, `${name}.pid`), String(p.pid)),
        });
        this.procs[name] = proc;
        this.stoppers.push(() => proc.stop(name === 'worker' ? 15000 : 5000));
        return proc;
      };
      const worker = supervise('worker', 'apps/worker/src/main.js', workerMallocEnv());
      const api = supervise('api', 'apps/api/src/main.js');
      await this.step(`starting the worker and the API on ${this.apiUrl}`, () =>
        Promise.race([
          worker.exited,
          api.exited,
          this.waitForHealth(
            `${this.apiUrl}/health`,
            opts.startTimeoutMs ?? (Number(process.env.KJ_START_TIMEOUT_MS) || 60000),
          ),
        ]),
      );
      worker.running();
      api.running();
      return this;
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /** Migrations and the idempotent seed, as a child process (so a signal can stop it). */
  migrateAndSeed(env, logFile) {
    const args = [dist('seeds/src/cli.js'), ...(this.opts.seed === false ? ['--migrate-only'] : [])];
    const out = logFile ? fs.openSync(logFile, 'a') : 'inherit';
    const child = spawn(process.execPath, ['--enable-source-maps', ...args], {
      env,
      stdio: ['ignore', out, out],
    });
    if (logFile) fs.closeSync(out);
    this.stoppers.push(() => stopProcess(child));
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) =>
        code === 0
          ? resolve()
          : reject(
              new Error(
                `node ${path.relative(root, args[0])} exited (${exitText(code, signal)})` +
                  (logFile ? outputTail({ logFile })() : ' (its output is above)'),
              ),
            ),
      );
    });
  }

  /** Until /health answers 200 (PostgreSQL, Temporal and a polling worker); a timeout says what was last seen. */
  async waitForHealth(url, timeoutMs = 60000) {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    while (Date.now() < deadline && !this.stopping) {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
        if (res.ok) return;
        last = `${res.status} ${(await res.text()).slice(0, 500)}`;
      } catch (err) {
        last = describeError(err);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000} s; last answer: ${last}`);
  }

  /** A crash loop gave up: by default say so and stop everything. */
  fatal(err) {
    if (this.opts.onFatal) return this.opts.onFatal(err);
    this.warn(`[stack] ${err.message}; stopping everything`);
    void this.stop();
  }

  /** Stops every process start began, last started first; once, however often it is called. */
  stop() {
    this.stopping ??= (async () => {
      for (const s of this.stoppers.reverse()) await s().catch((err) => this.warn(err));
    })();
    return this.stopping;
  }
}

function interrupted() {
  const err = new Error('start-up interrupted');
  err.interrupted = true;
  return err;
}

async function startStack(opts) {
  return new Stack(opts).start();
}

/** Where Debian and other distributions put jemalloc (package libjemalloc2). */
const JEMALLOC_PATHS = [
  '/usr/lib/x86_64-linux-gnu/libjemalloc.so.2',
  '/usr/lib/aarch64-linux-gnu/libjemalloc.so.2',
  '/usr/lib64/libjemalloc.so.2',
  '/usr/local/lib/libjemalloc.so.2',
];

/**
 * The worker's allocator, chosen where it is started (the loader and glibc read it at exec):
 * jemalloc, preloaded, where the system has it, else glibc's malloc with two arenas.
 * KJ_WORKER_MALLOC=glibc keeps glibc. Why (bench/README.md, "The worker's allocator"): glibc
 * keeps what the SDK core, V8's threads and Node's buffers free in its arenas and returns little
 * of it, and in the round benchmark at 10,000 applications its arenas held 725 MB for 80 MB in
 * use; jemalloc returns freed pages within seconds. Two arenas (up to 8 per core by default)
 * still matter when glibc is kept.
 */
function workerMallocEnv(env = process.env, exists = fs.existsSync) {
  const glibc = { MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX || '2' };
  if (env.KJ_WORKER_MALLOC === 'glibc') return glibc;
  const jemalloc = JEMALLOC_PATHS.find((p) => exists(p));
  if (!jemalloc) return glibc;
  return { ...glibc, LD_PRELOAD: [env.LD_PRELOAD, jemalloc].filter(Boolean).join(' ') };
}

module.exports = { Stack, startStack, describeError, redactUrl, Supervised, SUPERVISION, workerMallocEnv };
