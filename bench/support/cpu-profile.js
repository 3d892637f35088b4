// Preloaded into the stack's processes by bench/api.bench.ts --profile (NODE_OPTIONS refuses
// --cpu-prof): records a CPU profile of the API process from its start and, on SIGUSR2, writes it
// to KJ_CPU_PROFILE_DIR as api-<pid>-<n>.cpuprofile (open in Chrome DevTools) and starts anew.
const fs = require('node:fs');
const path = require('node:path');
const inspector = require('node:inspector');

const dir = process.env.KJ_CPU_PROFILE_DIR;
if (dir && /apps\/api\/src\/main\.js$/.test(process.argv[1] ?? '')) {
  const session = new inspector.Session();
  session.connect();
  const start = () => session.post('Profiler.enable', () => session.post('Profiler.start'));
  let n = 0;
  start();
  process.on('SIGUSR2', () =>
    session.post('Profiler.stop', (err, { profile } = {}) => {
      if (!err) {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, `api-${process.pid}-${++n}.cpuprofile`), JSON.stringify(profile));
      }
      start();
    }),
  );
}
