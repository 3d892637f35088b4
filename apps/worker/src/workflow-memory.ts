import * as v8 from 'node:v8';
import { Worker as Thread } from 'node:worker_threads';

/**
 * How much memory the worker gives cached workflows, set explicitly rather than left to the SDK.
 *
 * The SDK (1.24, reuseV8Context) runs workflows in a worker thread it starts with
 * `new Worker(file)` and no `resourceLimits`, and WorkerOptions has no heap option: the thread's
 * heap limit is V8's default, derived from the machine's memory (4 GiB here), or
 * --max-old-space-size, which applies to every isolate of the process. Its default cache size,
 * (main heap limit − 200 MiB) × 600 / 1024 workflows (2,311 here), assumes ~1.7 MiB per workflow;
 * kjflow's workflows held 3.5 MiB each, and the thread died at ~1,100 (issue 13).
 *
 * Measured since (bench/README.md, `npm run bench:workflow-heap`, this worker class): of the
 * thread's heap, 0.03 MiB per cached application workflow (draft, edited or submitted) and 0.08 MiB
 * per application's review with five accepted invitations, the heaviest common state, since the
 * workflows' modules are evaluated once per worker (preloadModules, tools/workflow-bundle.js; 0.22
 * and 0.26 MiB before); ~30 MiB for the bundle itself. The cache is sized for 0.3 MiB per
 * workflow, four times the review's, because a workflow that takes a rare path (a guide edit, a
 * case decision, an objection) loads zod (~0.6 MiB) for the rest of its time in the cache, so that
 * the cache evicts long before the thread's heap is full.
 *
 * The thread's heap limit is also the worker's memory bound (issue 17: RSS ≤ 1 GiB with 10,000
 * open application workflows): V8 lets a heap grow to several times its live size before a full
 * collection, up to the limit, and with the cache full every new workflow evicts one, so the
 * garbage of evicted workflows fills the heap towards the limit. Worst case RSS ≈ the process
 * without workflows (~200 MiB) + the thread's heap limit + ~0.1 MiB outside the heap per cached
 * workflow (the SDK core's state of the run: 10,000 drafts cached 4,000 against 1,280 held 344 MiB
 * more, 76 of it in the thread's heap, on jemalloc; ~0.23 on glibc): 512 MiB gives 1,280 cached
 * workflows and ~900 MiB at worst; the former 1,024 MiB (1,493 cached, at 3.5 MiB each) could reach
 * ~1.6 GiB. Evicted workflows replay from their history when their next task comes, at about half
 * an answer's cost again; with 10,000 reviews open, 2,560 cached missed 40 % against 42 %
 * (bench/README.md, "What a cache miss costs"), so the cache stays at what the heap holds.
 *
 * Under the round benchmark's load (issue 17: 2,000 applications, 10,000 invitations answered) the
 * worker still peaked at 1.2 GiB: beside the thread's heap, its main thread's heap reached 3–4 times
 * what it held, and the memory outside the heaps (the SDK core, code, malloc) grew by ~270 MiB. So
 * heaps also grow by a fixed factor (HEAP_GROWING_PERCENT_DEFAULT), the stack starts the worker
 * on jemalloc where the system has it, else with two glibc malloc arenas (tools/stack.js
 * `workerMallocEnv`, deploy/Dockerfile; at 10,000 applications glibc's arenas held ~600 MiB the
 * worker had freed), and the workflow threads run without the SDK's per-promise stack traces
 * (sandbox-worker.ts).
 */
export const WORKFLOW_HEAP_MIB_DEFAULT = 512;
/**
 * How far V8 lets a heap grow past what its last full collection kept, in percent, for every heap
 * of the worker (its main thread's, where activities run, and the workflow threads'). V8's own
 * factor rises to 300 % when collections are cheap against the allocation rate, as under load: the
 * round benchmark's worker kept ~90 MiB on its main thread and let it reach 340 MiB before a full
 * collection. 50 % keeps a heap within 1.5 times what it holds, for a few more collections.
 */
export const HEAP_GROWING_PERCENT_DEFAULT = 50;
/** The thread's heap before any workflow: the bundle, the SDK and the shared modules (~30 MiB), with room. */
export const THREAD_BASELINE_MIB = 128;
/** The heap budgeted per cached workflow: four times the 0.08 MiB measured for a review. */
export const PER_WORKFLOW_BUDGET_MIB = 0.3;

export interface WorkflowMemory {
  /** Heap limit of each workflow thread (--max-old-space-size for the threads), MiB. */
  threadHeapMib: number;
  /** Workflows kept in the sticky cache, across all workflow threads. */
  maxCachedWorkflows: number;
  workflowThreadPoolSize: number;
}

/** A positive integer setting, or undefined when unset; anything else stops the worker, named. */
export function positiveInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return n;
}

/**
 * KJ_WORKFLOW_HEAP_MB (default 1024), KJ_WORKFLOW_THREADS (default 1: with a reused V8 context one
 * thread is the SDK's default) and KJ_MAX_CACHED_WORKFLOWS (default: what the threads' heap holds
 * at the budget per workflow, 1,280 for the defaults).
 */
export function workflowMemory(env: NodeJS.ProcessEnv = process.env): WorkflowMemory {
  const threadHeapMib = positiveInt(env, 'KJ_WORKFLOW_HEAP_MB') ?? WORKFLOW_HEAP_MIB_DEFAULT;
  const workflowThreadPoolSize = positiveInt(env, 'KJ_WORKFLOW_THREADS') ?? 1;
  if (threadHeapMib <= THREAD_BASELINE_MIB)
    throw new Error(`KJ_WORKFLOW_HEAP_MB must be above ${THREAD_BASELINE_MIB}, got ${threadHeapMib}`);
  const fits = Math.floor(
    ((threadHeapMib - THREAD_BASELINE_MIB) * workflowThreadPoolSize) / PER_WORKFLOW_BUDGET_MIB,
  );
  const maxCachedWorkflows = positiveInt(env, 'KJ_MAX_CACHED_WORKFLOWS') ?? fits;
  return { threadHeapMib, maxCachedWorkflows, workflowThreadPoolSize };
}

/**
 * KJ_HEAP_GROWING_PERCENT (default 50; see HEAP_GROWING_PERCENT_DEFAULT), applied to the running
 * isolate and every one started after it (V8 reads the flag at each collection). Returns it.
 */
export function limitHeapGrowth(env: NodeJS.ProcessEnv = process.env): number {
  const percent = positiveInt(env, 'KJ_HEAP_GROWING_PERCENT') ?? HEAP_GROWING_PERCENT_DEFAULT;
  v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}

/**
 * Applies the heap limit to the workflow threads the SDK is about to start: V8 reads
 * --max-old-space-size when an isolate is created, so setting it now affects threads started from
 * here on (the SDK's, in Worker.create), not the main thread. Returns the limit a thread started
 * now actually gets (MiB, young generation included), read from a throwaway thread.
 */
export async function limitWorkflowThreadHeap(threadHeapMib: number): Promise<number> {
  v8.setFlagsFromString(`--max-old-space-size=${threadHeapMib}`);
  const probe = new Thread(
    "require('node:worker_threads').parentPort.postMessage(require('node:v8').getHeapStatistics().heap_size_limit)",
    { eval: true },
  );
  try {
    const limit = await new Promise<number>((resolve, reject) => {
      probe.once('message', resolve);
      probe.once('error', reject);
    });
    return Math.round(limit / 2 ** 20);
  } finally {
    await probe.terminate();
  }
}

/**
 * The allocator the worker runs on, read from its memory map (`/proc/self/maps`): jemalloc when
 * preloaded (tools/stack.js, deploy/Dockerfile), else glibc's malloc, whose arenas keep what the
 * SDK core and Node's buffers free (bench/README.md, "The worker's allocator").
 */
export function allocatorOf(maps: string, env: NodeJS.ProcessEnv = process.env): string {
  if (/\/libjemalloc\.so/.test(maps)) return 'jemalloc';
  return `glibc malloc with ${env.MALLOC_ARENA_MAX ? `${env.MALLOC_ARENA_MAX} arenas` : 'up to 8 arenas per core'} (libjemalloc2 keeps less)`;
}
