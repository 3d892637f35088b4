/**
 * Raw Temporal, the baseline of the benchmarks that send commands (round.bench.ts, api.bench.ts):
 * the no-op workflow of baseline.workflow.ts served by a worker process of its own
 * (baseline-worker.ts) on a task queue of its own, on the same Temporal server as the product.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { workerMallocEnv } = require('../../tools/stack');

/**
 * Starts the baseline's worker (baseline-worker.ts; `more`: its optional workflow file, activity
 * module and cache size) and resolves once it polls `taskQueue`.
 */
export async function startBaselineWorker(
  address: string,
  taskQueue: string,
  more: string[] = [],
): Promise<ChildProcess> {
  const worker = spawn(
    process.execPath,
    [
      path.join(__dirname, '../run.js'),
      path.join(__dirname, 'baseline-worker.ts'),
      address,
      taskQueue,
      ...more,
    ],
    // The product worker's allocator settings (tools/stack.js), so that its memory compares.
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...workerMallocEnv() } },
  );
  await new Promise<void>((resolve, reject) => {
    worker.stdout!.on('data', (d: Buffer) => /polling/.test(String(d)) && resolve());
    worker.on('exit', (code) => reject(new Error(`baseline worker exited (${code})`)));
  });
  return worker;
}

/** SIGTERM, then the child's exit (the SDK's worker drains on it). */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export interface FixedRateResult {
  /** Calls answered per second of the run. */
  rps: number;
  p50: number;
  p99: number;
  answered: number;
  failed: number;
}

/**
 * Calls `fn(i)` at `rate` per second for `seconds`, at most `inFlight` at once: the load autocannon
 * puts on an HTTP command with `overallRate` over that many connections (a call that would exceed
 * the in-flight bound waits for one to finish, as a busy connection does). Latency from the call's
 * due time, so a backlog counts against it as it would against a client.
 */
export async function fixedRate(
  rate: number,
  seconds: number,
  inFlight: number,
  fn: (i: number) => Promise<unknown>,
): Promise<FixedRateResult> {
  const latencies: number[] = [];
  let failed = 0;
  let running = 0;
  let sent = 0;
  const total = Math.round(rate * seconds);
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && running < inFlight && t0 + (sent * 1000) / rate <= now) {
        const i = sent++;
        const due = t0 + (i * 1000) / rate;
        running++;
        fn(i)
          .then(
            () => latencies.push(performance.now() - due),
            () => failed++,
          )
          .finally(() => {
            running--;
            // The run ends once every call sent has been answered.
            if (running === 0 && (sent === total || performance.now() >= end)) resolve();
          });
      }
      if (performance.now() >= end) {
        if (running === 0) resolve();
        return;
      }
      setTimeout(tick, 2);
    };
    tick();
  });
  const elapsed = (performance.now() - t0) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
  return { rps: sorted.length / elapsed, p50: pct(0.5), p99: pct(0.99), answered: sorted.length, failed };
}
