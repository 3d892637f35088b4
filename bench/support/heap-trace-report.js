#!/usr/bin/env node
// Reads a heap trace (bench/support/heap-trace.js) and prints, for the process whose script
// matches PATTERN (the worker by default), one line per INTERVAL seconds: its RSS, peak RSS and
// anonymous RSS, then each thread's heap as total (used) / limit, MiB, and what is left of the RSS
// outside the heaps (native: the SDK core, malloc's arenas, code). Usage:
//   node bench/support/heap-trace-report.js TRACE.jsonl [INTERVAL=60] [PATTERN=worker/src/main]
const fs = require('node:fs');

const [file, every = '60', pattern = 'worker/src/main'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/support/heap-trace-report.js TRACE.jsonl [INTERVAL] [PATTERN]');
  process.exit(2);
}
const rows = fs
  .readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line));
const pid = rows.find((r) => r.thread === 'main' && r.script.includes(pattern))?.pid;
if (pid === undefined) {
  console.error(`no process matching ${pattern} in ${file}`);
  process.exit(1);
}
const mine = rows.filter((r) => r.pid === pid);
const t0 = mine[0].at;
const buckets = new Map();
for (const r of mine) {
  const b = Math.floor((r.at - t0) / (Number(every) * 1000));
  if (!buckets.has(b)) buckets.set(b, new Map());
  buckets.get(b).set(r.thread, r); // the bucket's last line per thread
}
const mib = (kib) => Math.round(kib / 1024);
console.log('   t s   RSS  peak  anon  native | heaps, MiB: total (used) / limit');
for (const [b, threads] of buckets) {
  const main = threads.get('main');
  if (!main) continue;
  const heaps = [...threads.values()];
  const inHeaps = heaps.reduce((s, r) => s + r.heapTotalKiB, 0);
  const cells = heaps.map(
    (r) => `${r.thread}: ${mib(r.heapTotalKiB)} (${mib(r.heapUsedKiB)}) / ${r.heapLimitMiB}`,
  );
  console.log(
    [b * Number(every), mib(main.VmRSS), mib(main.VmHWM), mib(main.RssAnon), mib(main.VmRSS - inHeaps)]
      .map((n) => String(n).padStart(5))
      .join(' ') + `  | ${cells.join('   ')}`,
  );
}
