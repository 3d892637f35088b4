#!/usr/bin/env node
// `npm test`: every jest project, in two jest processes side by side. On this machine jest runs
// one worker (cores − 1), so one process runs the suite in series, and the end-to-end files spend
// most of their time waiting on real timers (notice periods, report due dates of seconds). The
// e2e files share one stack and count rows across it, so they stay in one process, in series; the
// unit and medium files use their own Temporal servers and databases, so they run beside them.
// With arguments (`npm test -- test/foo`) it is plain jest.
const { spawn } = require('node:child_process');

const jest = require.resolve('jest/bin/jest');
const args = process.argv.slice(2);
if (args.length) run(args, '').then((code) => process.exit(code));
else {
  const groups = [
    ['e2e', 'stack'],
    ['unit', 'medium'],
  ];
  Promise.all(groups.map((g) => run(['--selectProjects', ...g], `[${g.join('+')}] `))).then((codes) => {
    groups.forEach((g, i) =>
      console.log(`${g.join(' + ')}: ${codes[i] === 0 ? 'passed' : `failed (${codes[i]})`}`),
    );
    process.exit(codes.some((c) => c !== 0) ? 1 : 0);
  });
}

/** Runs jest with `argv`, each output line prefixed so the two processes' logs stay readable. */
function run(argv, prefix) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [jest, ...argv], { stdio: prefix ? 'pipe' : 'inherit' });
    if (prefix)
      for (const [from, to] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ]) {
        let rest = '';
        from.setEncoding('utf8');
        from.on('data', (chunk) => {
          const lines = (rest + chunk).split('\n');
          rest = lines.pop();
          for (const line of lines) to.write(prefix + line + '\n');
        });
        from.on('end', () => rest && to.write(prefix + rest + '\n'));
      }
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
