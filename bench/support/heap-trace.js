// Memory trace of a running process, loaded with NODE_OPTIONS=--require: every thread of every
// process that loads it (Node runs preloads in worker threads too) appends, every
// KJ_HEAP_TRACE_MS (5,000), one JSON line to KJ_HEAP_TRACE_FILE with its heap as V8 sees it (no
// forced GC: what the heap holds, garbage included) and, from the main thread, the process's RSS
// and its parts from /proc. Read by bench/support/heap-trace-report.js. Bench only; does nothing
// unless KJ_HEAP_TRACE_FILE is set.
const file = process.env.KJ_HEAP_TRACE_FILE;
if (file) {
  const fs = require('node:fs');
  const v8 = require('node:v8');
  const { isMainThread, threadId } = require('node:worker_threads');
  const { setInterval } = require('node:timers');
  const every = Number(process.env.KJ_HEAP_TRACE_MS) || 5000;
  const script = (process.argv[1] || '').split('/').slice(-3).join('/');
  const status = () => {
    const out = {};
    try {
      const text = fs.readFileSync('/proc/self/status', 'utf8');
      for (const key of ['VmRSS', 'VmHWM', 'RssAnon', 'RssFile', 'Threads']) {
        const m = new RegExp(`${key}:\\s+(\\d+)`).exec(text);
        if (m) out[key] = Number(m[1]);
      }
    } catch {
      // not Linux: heap only
    }
    return out;
  };
  const tick = () => {
    const s = v8.getHeapStatistics();
    const line = {
      at: Date.now(),
      pid: process.pid,
      script,
      thread: isMainThread ? 'main' : threadId,
      heapTotalKiB: Math.round(s.total_heap_size / 1024),
      heapUsedKiB: Math.round(s.used_heap_size / 1024),
      heapLimitMiB: Math.round(s.heap_size_limit / 1048576),
      externalKiB: Math.round(s.external_memory / 1024),
      mallocedKiB: Math.round(s.malloced_memory / 1024),
      ...(isMainThread ? { arrayBuffersKiB: Math.round(process.memoryUsage().arrayBuffers / 1024) } : {}),
      ...(isMainThread ? status() : {}),
    };
    fs.appendFileSync(file, JSON.stringify(line) + '\n');
  };
  setInterval(tick, every).unref();
}
