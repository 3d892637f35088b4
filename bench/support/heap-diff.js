#!/usr/bin/env node
// Compares two V8 heap snapshots (e.g. the workflow thread's, written by heap-probe.js for
// `npm run bench:workflow-heap -- --snapshot`): self size and count per node type and name, after
// minus before, largest first. Usage: node bench/support/heap-diff.js before.heapsnapshot
// after.heapsnapshot [--per=N (divide by N, e.g. the workflows started in between)] [--top=40]
const fs = require('node:fs');

function summarize(file) {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const groups = new Map();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType]];
    let name = snap.strings[snap.nodes[i + iName]];
    // Strings and numbers are named by their value: group them by type only.
    if (type === 'string' || type === 'concatenated string' || type === 'sliced string' || type === 'number')
      name = '';
    if (name.length > 60) name = name.slice(0, 57) + '...';
    const key = `${type}\t${name}`;
    const size = snap.nodes[i + iSize];
    total += size;
    const g = groups.get(key) ?? { size: 0, count: 0 };
    g.size += size;
    g.count += 1;
    groups.set(key, g);
  }
  return { total, groups };
}

const [beforeFile, afterFile] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const arg = (name, fallback) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.slice(name.length + 3)) : fallback;
};
const per = arg('per', 1);
const top = arg('top', 40);
const before = summarize(beforeFile);
const after = summarize(afterFile);
const rows = [];
for (const [key, g] of after.groups) {
  const b = before.groups.get(key) ?? { size: 0, count: 0 };
  rows.push({ key, size: (g.size - b.size) / per, count: (g.count - b.count) / per });
}
rows.sort((a, b) => b.size - a.size);
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(
  `total: ${kb(before.total)} → ${kb(after.total)}; per unit: ${kb((after.total - before.total) / per)}`,
);
const byType = new Map();
for (const r of rows) {
  const type = r.key.split('\t')[0];
  byType.set(type, (byType.get(type) ?? 0) + r.size);
}
console.log('\nby node type (per unit):');
for (const [type, size] of [...byType].sort((a, b) => b[1] - a[1]).slice(0, 12))
  console.log(`  ${kb(size).padStart(12)}  ${type}`);
console.log(`\ntop ${top} (per unit): size, count, type, name`);
for (const r of rows.slice(0, top))
  console.log(`  ${kb(r.size).padStart(12)} ${r.count.toFixed(1).padStart(9)}  ${r.key.replace('\t', '  ')}`);
