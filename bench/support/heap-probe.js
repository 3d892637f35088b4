// Heap probe for the Temporal workflow thread, loaded with `node -r` (or NODE_OPTIONS=--require):
// Node runs preloads in worker threads too, so this file also runs inside the SDK's workflow
// thread (@temporalio/worker's threaded-vm.js starts it with `new Worker(file)`), whose heap the
// main thread's v8.getHeapStatistics / process.memoryUsage do not show. It does nothing unless
// KJ_HEAP_PROBE_DIR is set, and nothing on the main thread.
//
// In each worker thread it answers requests written to <dir>/request.json ({ seq, snapshot? }):
// a full GC (the probe enables --expose-gc for itself), then <dir>/thread-<pid>-<threadId>.json
// with { seq, pid, threadId, usedHeap, totalHeap, heapLimit, external, at } and, when asked, a heap
// snapshot <dir>/<snapshot>-<pid>-<threadId>.heapsnapshot. Bench only; never loaded by the product.
const { isMainThread, threadId } = require('node:worker_threads');
const { setInterval } = require('node:timers');

const dir = process.env.KJ_HEAP_PROBE_DIR;
if (dir && !isMainThread) {
  const fs = require('node:fs');
  const path = require('node:path');
  const v8 = require('node:v8');
  v8.setFlagsFromString('--expose-gc');
  const gc = require('node:vm').runInNewContext('gc');
  const requestFile = path.join(dir, 'request.json');
  const answerFile = path.join(dir, `thread-${process.pid}-${threadId}.json`);
  let answered = -1;
  const poll = () => {
    let request;
    try {
      request = JSON.parse(fs.readFileSync(requestFile, 'utf8'));
    } catch {
      return; // no request yet (or half-written): next tick
    }
    if (request.seq === answered) return;
    answered = request.seq;
    gc();
    const s = v8.getHeapStatistics();
    let snapshot = null;
    if (request.snapshot) {
      snapshot = path.join(dir, `${request.snapshot}-${process.pid}-${threadId}.heapsnapshot`);
      v8.writeHeapSnapshot(snapshot);
    }
    const answer = {
      seq: request.seq,
      pid: process.pid,
      threadId,
      usedHeap: s.used_heap_size,
      totalHeap: s.total_heap_size,
      heapLimit: s.heap_size_limit,
      external: s.external_memory,
      snapshot,
      at: Date.now(),
    };
    fs.writeFileSync(answerFile + '.tmp', JSON.stringify(answer));
    fs.renameSync(answerFile + '.tmp', answerFile);
  };
  setInterval(poll, 250).unref();
}
