/**
 * What an update costs Temporal when the workflow does what a product command does with it
 * (bench/README.md, "What an answer costs the server"). Not part of jest:
 * `npm run bench:update-cost` (--workflows=200 --updates=10 --in-flight=32 --order=turn|runs --only=REGEX
 * --cache=5000).
 *
 * One Temporal dev server (in memory) and one worker process (bench/support/baseline-worker.ts, given these shapes)
 * of their own. For each shape, W workflows are started and then take U updates each, at most
 * `in-flight` at once, as fast as they are answered; printed per update: wall time, and the CPU
 * of the server, the worker and this process (the client), with the history's events per
 * update. The first shape is the round benchmark's baseline (a no-op update), measured in the
 * same run; the others add, one at a time, what the product's answer adds: its write as a local
 * activity (the product's shape), as a regular activity (for contrast), and a deadline timer
 * moved on each answer.
 */
import * as os from 'node:os';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { cpuOf } from './support/cpu';
import { startBaselineWorker, stopChild } from './support/baseline-temporal';
import { pokeUpdate } from './support/update-cost.workflow';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startDevServer } = require('../tools/temporal');

const opt = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const W = Number(opt('workflows', '200'));
const U = Number(opt('updates', '10'));
const IN_FLIGHT = Number(opt('in-flight', '32'));
const ROUNDS = Number(opt('rounds', '2'));
/**
 * `turn`: each update to the next workflow in turn (as experts answer across applications);
 * `runs`: each workflow's updates one after another, W open all the while (as the round's
 * one-by-one baseline, but with every workflow open).
 */
const ORDER = opt('order', 'turn');
/**
 * The worker's sticky cache. The default keeps every workflow of a run cached (a miss replays the
 * history: not an update's cost); fewer than `--workflows` measures what the misses add.
 */
const CACHE = Number(opt('cache', '5000'));
/** Only the shapes whose label matches (e.g. `--only=no-op|answer`). */
const ONLY = new RegExp(opt('only', '.'));

/** An expert's score sheet as the update carries it (~1.5 KB of JSON, comments in Chinese). */
const SHEET = JSON.stringify({
  items: Array.from({ length: 6 }, (_, i) => ({
    code: `criterion-${i}`,
    score: 80 + i,
    comment: '技术路线清晰，创新点明确，研究基础较好，进度安排合理，预期效益可量化。'.repeat(2),
  })),
});
const SMALL = JSON.stringify({ decision: 'accept', reason: null });

/** `earlier`: updates each workflow takes before the measured ones (a longer history). */
const SHAPES = [
  { type: 'noopUpdateWorkflow', label: 'no-op update (the round’s baseline)', body: SMALL, earlier: 0 },
  {
    type: 'localActivityUpdateWorkflow',
    label: 'update + local activity (the answer’s shape)',
    body: SMALL,
    earlier: 0,
  },
  { type: 'localActivityTimerUpdateWorkflow', label: '  + a deadline timer moved', body: SMALL, earlier: 0 },
  {
    type: 'localActivityUpdateWorkflow',
    label: '  + a score sheet in the update (1.5 KB)',
    body: SHEET,
    earlier: 0,
  },
  {
    type: 'localActivityUpdateWorkflow',
    label: '  + 40 earlier updates in the history',
    body: SMALL,
    earlier: 40,
  },
  {
    type: 'activityUpdateWorkflow',
    label: 'update + regular activity (for contrast)',
    body: SMALL,
    earlier: 0,
  },
] as const;

/** Runs `fn` over `items`, at most `n` at once. */
async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function main() {
  const server = await startDevServer({ log: () => undefined });
  const taskQueue = `update-cost-${randomUUID()}`;
  const worker = await startBaselineWorker(server.address, taskQueue, [
    'update-cost.workflow.ts',
    'update-cost.activities.ts',
    String(CACHE),
  ]);
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const rows: string[][] = [];
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const shape of SHAPES.filter((x) => ONLY.test(x.label))) {
        const ids = Array.from({ length: W }, () => `${shape.type}-${randomUUID()}`);
        await pool(ids, IN_FLIGHT, (workflowId) =>
          client.workflow.start(shape.type, { workflowId, taskQueue, args: [shape.earlier + U + 2] }),
        );
        const send = (u: { id: string; n: number }) =>
          client.workflow.getHandle(u.id).executeUpdate(pokeUpdate, { args: [{ n: u.n, body: shape.body }] });
        // Updates in rounds across all workflows, as experts answer across applications.
        const spread = (count: number) =>
          Array.from({ length: W * count }, (_, i) => ({ id: ids[i % W], n: i }));
        // One update each first, so that every workflow's first task is done before the window opens
        // (with few updates per workflow, starts still running would be counted as the updates' cost).
        await pool(spread(shape.earlier + 1), IN_FLIGHT, send);
        const updates = spread(U);
        const before = { server: cpuOf(server.pid), worker: cpuOf(worker.pid), client: cpuOf(process.pid) };
        const t0 = performance.now();
        if (ORDER === 'runs')
          await pool(ids, IN_FLIGHT, async (id) => {
            for (let u = 0; u < U; u++) await send({ id, n: u });
          });
        else await pool(updates, IN_FLIGHT, send);
        const wall = (performance.now() - t0) / 1000;
        const n = updates.length;
        const per = (after: number, b: number) => (((after - b) * 1000) / n).toFixed(2);
        // One more update each, outside the measured window, ends the workflows (a close is not an update's cost).
        await pool(ids, IN_FLIGHT, (id) =>
          send({ id, n: -1 }).then(() => client.workflow.getHandle(id).result()),
        );
        const described = await client.workflow.getHandle(ids[0]).describe();
        rows.push([
          String(round + 1),
          shape.label,
          `${(n / wall).toFixed(0)}/s`,
          per(cpuOf(server.pid), before.server),
          per(cpuOf(worker.pid), before.worker),
          per(cpuOf(process.pid), before.client),
          (described.historyLength / (shape.earlier + U + 2)).toFixed(1),
        ]);
        console.log(rows[rows.length - 1].join('  '));
      }
    }
  } finally {
    await connection.close();
    await stopChild(worker);
    await server.stop();
  }
  const head = ['run', 'shape', 'updates', 'server ms', 'worker ms', 'client ms', 'events/update'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r.map((c, i) => (i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(
    `\n${W} workflows × ${U} updates per shape (${ORDER === 'runs' ? 'each workflow’s in a run' : 'each to the next workflow in turn'}), ${IN_FLIGHT} in flight, worker cache ${CACHE}; CPU ms per update`,
  );
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0].model}; Node ${process.version}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}; ${new Date().toISOString()}`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
