#!/usr/bin/env node
// `npm run lint`: the project's static checks in two lanes at once (CI has two cores and each
// check is single-threaded; one after another they took ~4 minutes there). Each lane runs its
// steps in order and stops at its first failure; every step's output is printed when it ends,
// whole, under its name. Exits 1 when any step failed.
//   lane 1: the type check of everything but the portal, then prettier
//   lane 2: nx's project graph (eslint's module-boundary rule reads it), the API types' freshness,
//           the portal's type check, eslint
const { Buffer } = require('node:buffer');
const { spawn } = require('node:child_process');
const path = require('node:path');

const root = path.join(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);

const LANES = [
  [
    ['tsc', bin('tsc'), ['-p', 'tsconfig.json']],
    ['prettier', bin('prettier'), ['--check', '.']],
  ],
  [
    ['nx project graph', bin('nx'), ['show', 'projects']],
    ['api types', process.execPath, ['tools/api-types.js', '--check']],
    ['tsc (portal)', bin('tsc'), ['-p', 'apps/web/tsconfig.json']],
    ['eslint', bin('eslint'), ['.']],
  ],
];

function run([name, command, args]) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, FORCE_COLOR: '0' } });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('error', (err) => out.push(Buffer.from(String(err))));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const text = Buffer.concat(out).toString().trimEnd();
      // The graph step prints the project names: only its failure is worth showing.
      const shown = code === 0 && name === 'nx project graph' ? '' : text;
      process.stdout.write(`== ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds} s\n`);
      if (shown) process.stdout.write(`${shown}\n`);
      resolve(code === 0);
    });
  });
}

async function lane(steps) {
  for (const step of steps) if (!(await run(step))) return false;
  return true;
}

Promise.all(LANES.map(lane)).then((results) => {
  if (results.every(Boolean)) return;
  process.stdout.write('lint failed: see the steps marked FAILED above\n');
  process.exit(1);
});
