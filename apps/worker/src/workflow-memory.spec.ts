import * as v8 from 'node:v8';
import { allocatorOf, limitHeapGrowth, limitWorkflowThreadHeap, workflowMemory } from './workflow-memory';

describe('workflow memory settings', () => {
  it('sizes the cache to the threads’ heap at the budget per workflow', () => {
    expect(workflowMemory({})).toEqual({
      threadHeapMib: 512,
      maxCachedWorkflows: 1280,
      workflowThreadPoolSize: 1,
    });
    expect(workflowMemory({ KJ_WORKFLOW_HEAP_MB: '1024' }).maxCachedWorkflows).toBe(2986);
    expect(workflowMemory({ KJ_WORKFLOW_THREADS: '2' }).maxCachedWorkflows).toBe(2560);
  });

  it('names the allocator from the memory map: jemalloc when preloaded, else glibc with its arenas', () => {
    const glibc = '7f6d2b000000-7f6d2b028000 r--p 00000000 08:01 123 /usr/lib/x86_64-linux-gnu/libc.so.6\n';
    const jemalloc = `${glibc}7f6d2c000000-7f6d2c010000 r-xp 00000000 08:01 456 /usr/lib/x86_64-linux-gnu/libjemalloc.so.2\n`;
    expect(allocatorOf(jemalloc, { MALLOC_ARENA_MAX: '2' })).toBe('jemalloc');
    expect(allocatorOf(glibc, { MALLOC_ARENA_MAX: '2' })).toMatch(/^glibc malloc with 2 arenas/);
    expect(allocatorOf(glibc, {})).toMatch(/^glibc malloc with up to 8 arenas per core/);
  });

  it('takes an explicit cache size and refuses nonsense', () => {
    expect(workflowMemory({ KJ_MAX_CACHED_WORKFLOWS: '300' }).maxCachedWorkflows).toBe(300);
    expect(() => workflowMemory({ KJ_MAX_CACHED_WORKFLOWS: '-1' })).toThrow(/positive integer/);
    expect(() => workflowMemory({ KJ_WORKFLOW_HEAP_MB: '1.5' })).toThrow(/positive integer/);
    expect(() => workflowMemory({ KJ_WORKFLOW_HEAP_MB: '100' })).toThrow(/above 128/);
  });

  it('lets heaps grow 50 % past their live size unless told otherwise, and refuses nonsense', () => {
    try {
      expect(limitHeapGrowth({})).toBe(50);
      expect(limitHeapGrowth({ KJ_HEAP_GROWING_PERCENT: '100' })).toBe(100);
      expect(() => limitHeapGrowth({ KJ_HEAP_GROWING_PERCENT: 'fast' })).toThrow(/positive integer/);
    } finally {
      v8.setFlagsFromString('--heap-growing-percent=0'); // V8's own factor again for this jest worker
    }
  });

  it('limits the heap of threads started afterwards', async () => {
    try {
      const limit = await limitWorkflowThreadHeap(256);
      // V8 adds the young generation to the old space's limit.
      expect(limit).toBeGreaterThanOrEqual(256);
      expect(limit).toBeLessThan(400);
    } finally {
      // The flag is the process's: back to V8's default for the other tests in this jest worker.
      v8.setFlagsFromString('--max-old-space-size=0');
    }
  });
});
