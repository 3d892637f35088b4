/**
 * The worker's memory under many open application workflows (issues 13, 17): `npm run bench:memory`
 * (see bench/README.md). Not part of jest.
 *
 * Builds, then starts the whole stack (tools/stack.js: its own Temporal dev server on a free port,
 * a fresh database, the demo seed, the worker and the API as processes), opens one call and
 * creates N drafts (POST /applications, 10,000 by default) from 16 concurrent clients logged in as
 * the demo applicants, and prints the worker process's memory (VmRSS and its peak VmHWM from
 * /proc/<pid>/status) and its workflow thread's heap (after a full GC, read by
 * bench/support/heap-probe.js, preloaded into the stack's processes through NODE_OPTIONS) before
 * the load, as the baseline, and after it, beside the 1 GiB target. Then it stops everything and
 * drops the database and the logs (KJ_KEEP_BENCH=1 keeps them).
 *
 * Options: --drafts 10000 (or --drafts=10000), --clients 16; --bundle=FILE runs the worker on another workflow bundle
 * (KJ_WORKFLOW_BUNDLE), e.g. one built before a change; the worker's KJ_* memory settings
 * (KJ_MAX_CACHED_WORKFLOWS, KJ_WORKFLOW_HEAP_MB) pass through from the environment.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
/** --name=value or --name value. */
const opt = (name: string, fallback: string) => {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  return process.argv[i].includes('=')
    ? process.argv[i].slice(name.length + 3)
    : (process.argv[i + 1] ?? fallback);
};
const DRAFTS = Number(opt('drafts', '10000'));
const CLIENTS = Number(opt('clients', '16'));
const BUNDLE = opt('bundle', '');
const TARGET = 1024 ** 3;
const MiB = 1024 ** 2;
const APPLICANTS = ['applicant', 'applicant2', 'applicant3', 'enterprise', 'enterprise2'];

const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;

/** VmRSS and VmHWM (peak) of a process, in bytes. */
function processMemory(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)![1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** The workflow thread's heap after a full GC (the probe answers from inside the thread). */
let seq = 0;
async function threadHeap(dir: string, pid: number): Promise<{ used: number; limit: number } | null> {
  const mine = ++seq;
  fs.writeFileSync(path.join(dir, 'request.json'), JSON.stringify({ seq: mine }));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const f of fs.readdirSync(dir).filter((f) => f.startsWith(`thread-${pid}-`))) {
      const a = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      if (a.seq === mine) return { used: a.usedHeap, limit: a.heapLimit };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return null;
}

async function main() {
  const { build } = require(path.join(root, 'tools/build'));
  const { startStack } = require(path.join(root, 'tools/stack'));
  await build();

  const runId = `${Date.now()}_${process.pid}`;
  const logDir = path.join(root, '.data/logs', `bench-memory-${runId}`);
  const probeDir = path.join(logDir, 'heap-probe');
  fs.mkdirSync(probeDir, { recursive: true });
  // Into the stack's processes only (this one has started): the probe acts in worker threads.
  const probe = path.join(root, 'bench/support/heap-probe.js');
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${probe}`.trim();
  process.env.KJ_HEAP_PROBE_DIR = probeDir;
  if (BUNDLE) process.env.KJ_WORKFLOW_BUNDLE = path.resolve(BUNDLE);
  delete process.env.TEMPORAL_ADDRESS; // its own dev server, on a free port
  const base = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kjflow');
  base.pathname = `/kjflow_bench_memory_${runId}`;
  const stack = await startStack({
    databaseUrl: base.toString(),
    logDir,
    taskQueue: `kjflow-bench-memory-${runId}`,
    log: () => undefined,
    // On the shared 2-core machine under other engineers' runs the API took over a minute to start.
    healthTimeoutMs: 300_000,
  });
  let failed = false;
  try {
    process.env.KJ_API_URL = stack.apiUrl;
    const api = require(path.join(root, 'test/support/api'));
    const workerPid: number = stack.pids.worker;
    const workerLog = () => fs.readFileSync(path.join(logDir, 'worker.log'), 'utf8');
    // The worker is up once it polls (its log says so, with the memory settings it chose).
    for (let i = 0; i < 120 && !/polling task queue/.test(workerLog()); i++)
      await new Promise((r) => setTimeout(r, 500));
    const settings =
      /\[worker\] workflow cache .*/.exec(workerLog())?.[0] ?? '(no settings line in worker.log)';
    const cacheSize = Number(/workflow cache (\d+)/.exec(settings)?.[1] ?? NaN);

    const officer = await api.as('officer');
    const clients = await Promise.all(APPLICANTS.map((u) => api.as(u)));
    const call = await api.createCall(officer, { closesInMs: 6 * 3600_000, title: '内存基准测试批次' });
    // One draft first, so the baseline includes a loaded workflow bundle and warm processes.
    await clients[0].post('/applications', { callId: call.id, title: '内存基准测试申报书 预热' });
    await new Promise((r) => setTimeout(r, 2000));
    const before = { ...processMemory(workerPid), heap: await threadHeap(probeDir, workerPid) };

    let peak = before.rss;
    const sampler = setInterval(() => (peak = Math.max(peak, processMemory(workerPid).rss)), 500);
    const started = Date.now();
    let next = 0;
    let created = 0;
    const errors = new Map<string, number>();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const client = clients[c % clients.length];
        while (next < DRAFTS) {
          const i = next++;
          const res = await client.post('/applications', {
            callId: call.id,
            title: `内存基准测试申报书 ${i}`,
          });
          if (res.status === 201) created++;
          else errors.set(String(res.status), (errors.get(String(res.status)) ?? 0) + 1);
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 2000));
    clearInterval(sampler);
    const after = { ...processMemory(workerPid), heap: await threadHeap(probeDir, workerPid) };
    peak = Math.max(peak, after.rss);
    const workerAlive = !/exited unexpectedly|ERR_WORKER_OUT_OF_MEMORY/.test(workerLog());

    const cached = Math.min(created + 1, Number.isFinite(cacheSize) ? cacheSize : created + 1);
    const perWorkflow =
      before.heap && after.heap
        ? `${((after.heap.used - before.heap.used) / cached / 1024).toFixed(0)} KiB`
        : 'n/a';
    const pass = workerAlive && created === DRAFTS && peak <= TARGET;
    failed = !pass;
    const rows: Array<[string, string, string]> = [
      [
        'drafts created (201) / asked',
        `${created} / ${DRAFTS}`,
        errors.size ? JSON.stringify(Object.fromEntries(errors)) : '',
      ],
      ['load', `${seconds.toFixed(0)} s, ${(created / seconds).toFixed(1)} drafts/s, ${CLIENTS} clients`, ''],
      ['worker settings', settings.replace(/^\[worker\] /, '').replace(/; KJ_.*$/, ''), ''],
      ['worker RSS, baseline (before the load)', mib(before.rss), ''],
      ['worker RSS, after the load', mib(after.rss), `+${mib(after.rss - before.rss)}`],
      [
        'worker RSS, peak during the load',
        mib(peak),
        `target ≤ ${mib(TARGET)}: ${peak <= TARGET ? 'PASS' : 'FAIL'}`,
      ],
      [
        'workflow thread heap (after GC), baseline → after',
        before.heap && after.heap ? `${mib(before.heap.used)} → ${mib(after.heap.used)}` : 'n/a',
        after.heap ? `limit ${mib(after.heap.limit)}` : '',
      ],
      [
        'per cached workflow (heap delta / cached)',
        perWorkflow,
        `${cached} cached (min of drafts and cache size)`,
      ],
      ['worker alive at the end', workerAlive ? 'yes' : 'NO', ''],
    ];
    const width = Math.max(...rows.map((r) => r[0].length));
    console.log(
      `\nworker memory under ${DRAFTS} open application workflows${BUNDLE ? ` (bundle ${BUNDLE})` : ''}`,
    );
    for (const [k, v, note] of rows) console.log(`  ${k.padEnd(width)}  ${v}${note ? `   ${note}` : ''}`);
    console.log(
      `  machine: ${os.cpus().length} cores, ${mib(os.totalmem())}, load ${os.loadavg()[0].toFixed(1)}; Node ${process.version}`,
    );
    console.log(pass ? 'PASS' : 'FAIL');
    await api.closeDb();
  } finally {
    await stack.stop();
    const { dropDatabase } = require(path.join(root, 'dist/libs/persistence/src'));
    if (process.env.KJ_KEEP_BENCH !== '1') {
      await dropDatabase(stack.databaseUrl);
      fs.rmSync(logDir, { recursive: true, force: true });
    } else console.log(`kept: ${stack.databaseUrl}, ${logDir}`);
  }
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
