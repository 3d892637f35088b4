// Preloaded (`--require`, through NODE_OPTIONS, which refuses --cpu-prof) into the stack's
// processes by bench/round.bench.ts with KJ_BENCH_CPU_PROF=DIR: profiles each thread from
// start-up (Node runs preloads in worker threads too: the SDK's workflow thread is profiled
// beside the main thread) and writes DIR/<name>-<pid>[-t<thread>].cpuprofile once DIR/stop
// exists (open it in Chrome DevTools). A file, not a signal: the SDK's worker and Nest take SIGUSR2 as a shutdown signal.
const { isMainThread, threadId } = require('node:worker_threads');
const dir = process.env.KJ_BENCH_CPU_PROF;
if (dir) {
  const fs = require('node:fs');
  const path = require('node:path');
  const inspector = require('node:inspector');
  const { setInterval, clearInterval } = require('node:timers');
  const session = new inspector.Session();
  session.connect();
  const start = () =>
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 1000 }, () => session.post('Profiler.start')),
    );
  // KJ_BENCH_CPU_PROF_FROM=start: from the moment DIR/start exists (a benchmark's measured part,
  // not its loading), instead of from start-up.
  let started = process.env.KJ_BENCH_CPU_PROF_FROM !== 'start';
  if (started) start();
  const timer = setInterval(() => {
    if (!started && fs.existsSync(path.join(dir, 'start'))) {
      started = true;
      start();
    }
    if (!started || !fs.existsSync(path.join(dir, 'stop'))) return;
    clearInterval(timer);
    session.post('Profiler.stop', (err, res) => {
      if (err) return console.error('[cpu-profile]', err);
      const name = path.basename(path.dirname(process.argv[1] || 'node'));
      const thread = isMainThread ? '' : `-t${threadId}`;
      fs.writeFileSync(
        path.join(dir, `${name}-${process.pid}${thread}.cpuprofile`),
        JSON.stringify(res.profile),
      );
    });
  }, 1000);
  timer.unref();
}
