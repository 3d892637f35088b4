/**
 * The cost of chaining an event (issue 19 §3): `node bench/run.js bench/event-append.bench.ts`
 * (builds dist/ first: `node tools/build.js --no-bundle`). Not part of jest.
 *
 * On a fresh database, appends N events through appendWithChange (lock the stream's head, hash,
 * insert, move the head, NOTIFY) and, as the baseline measured in the same run, through the
 * append it replaced (one INSERT … ON CONFLICT DO NOTHING), each with an empty change:
 * - sequential: one client, events spread over 100 subjects: latency per append (median, p95);
 * - parallel: 8 clients on distinct subjects, then 8 clients on ONE subject: appends per second.
 * Target: the chained median within 1 ms of the baseline, parallel throughput on distinct
 * subjects at least 70 % of the baseline's. Options: --n=2000 --clients=8; KJ_KEEP_BENCH=1 keeps the database.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { DataSource, EntityManager } from 'typeorm';

const root = path.resolve(__dirname, '..');
const opt = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const N = Number(opt('n', '2000'));
const CLIENTS = Number(opt('clients', '8'));

type Append = (ds: DataSource, subjectId: string, step: string) => Promise<unknown>;

/** The append before the chain (event-store.ts before issue 19), for the baseline. */
const plainAppend: Append = (ds, subjectId, step) =>
  ds.transaction(async (tx: EntityManager) => {
    const rows: unknown[] = await tx.query(
      `INSERT INTO domain_events (id, type, subject_type, subject_id, actor_id, occurred_at, payload, workflow_id, step)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (workflow_id, step) DO NOTHING
       RETURNING id`,
      [
        randomUUID(),
        'bench.appended',
        'application',
        subjectId,
        null,
        new Date(),
        '{"n":1}',
        `plain-${subjectId}`,
        step,
      ],
    );
    return rows.length;
  });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function sequential(ds: DataSource, append: Append) {
  const subjects = Array.from({ length: 100 }, randomUUID);
  const times: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = process.hrtime.bigint();
    await append(ds, subjects[i % subjects.length], `s${i}`);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

async function parallel(ds: DataSource, append: Append, oneSubject: boolean) {
  const shared = randomUUID();
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const own = randomUUID();
      for (let i = 0; i < N / CLIENTS; i++) await append(ds, oneSubject ? shared : own, `c${c}-${i}`);
    }),
  );
  return N / (Number(process.hrtime.bigint() - start) / 1e9);
}

async function main() {
  execFileSync('node', ['tools/build.js', '--no-bundle'], { cwd: root, stdio: 'inherit' });
  const p = require(path.join(root, 'dist/libs/persistence/src'));
  const url = `postgres://postgres@127.0.0.1:5432/kjflow_bench_append_${process.pid}`;
  await p.ensureDatabase(url);
  const ds: DataSource = await p.createDataSource({ url, poolSize: CLIENTS + 2 }).initialize();
  try {
    await ds.runMigrations();
    const chained: Append = (db, subjectId, step) =>
      p.appendWithChange(
        db,
        {
          type: 'bench.appended',
          subjectType: 'application',
          subjectId,
          actorId: null,
          payload: { n: 1 },
          workflowId: `chained-${subjectId}`,
          step,
          occurredAt: new Date(),
        },
        async () => undefined,
      );
    // Warm both paths (connections, plans) before measuring.
    await sequential(ds, plainAppend);
    await sequential(ds, chained);
    const seqBase = await sequential(ds, plainAppend);
    const seqChain = await sequential(ds, chained);
    const parBase = await parallel(ds, plainAppend, false);
    const parChain = await parallel(ds, chained, false);
    const oneBase = await parallel(ds, plainAppend, true);
    const oneChain = await parallel(ds, chained, true);
    const ms = (x: number) => `${x.toFixed(2)} ms`;
    const rate = (x: number) => `${x.toFixed(0)}/s`;
    const rows = [
      [
        'sequential median',
        ms(seqChain.median),
        `≤ ${ms(seqBase.median + 1)}`,
        ms(seqBase.median),
        seqChain.median <= seqBase.median + 1,
      ],
      ['sequential p95', ms(seqChain.p95), 'reported', ms(seqBase.p95), true],
      [
        `${CLIENTS} clients, distinct subjects`,
        rate(parChain),
        `≥ ${rate(parBase * 0.7)}`,
        rate(parBase),
        parChain >= parBase * 0.7,
      ],
      [
        `${CLIENTS} clients, one subject`,
        rate(oneChain),
        'reported (serialised by design)',
        rate(oneBase),
        true,
      ],
    ] as const;
    console.log(`\nevent append, ${N} appends per case (chained vs the plain INSERT before issue 19)`);
    for (const [name, value, target, base, pass] of rows)
      console.log(
        `${pass ? 'PASS' : 'FAIL'}  ${name.padEnd(30)} ${value.padStart(10)}  target ${target.padEnd(34)} baseline ${base}`,
      );
    process.exitCode = rows.every((r) => r[4]) ? 0 : 1;
  } finally {
    await ds.destroy();
    if (!process.env.KJ_KEEP_BENCH) await p.dropDatabase(url);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
