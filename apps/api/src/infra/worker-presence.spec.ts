import type { Connection } from '@temporalio/client';
import { DomainError } from '@kjflow/domain';
import { WorkerPresence, workerSeenWithinMs } from './worker-presence';

const NOW = Date.parse('2026-03-02T08:00:00Z');
const polledAgo = (ms: number) => ({
  identity: '4242@host',
  lastAccessTime: { seconds: Math.floor((NOW - ms) / 1000), nanos: ((NOW - ms) % 1000) * 1e6 },
});

function presence(...answers: Array<unknown[] | Error>) {
  const describeTaskQueue = jest.fn();
  for (const a of answers)
    describeTaskQueue.mockImplementationOnce(async () => {
      if (a instanceof Error) throw a;
      return { pollers: a };
    });
  const connection = {
    withDeadline: (_: number, fn: () => unknown) => fn(),
    workflowService: { describeTaskQueue },
  };
  return {
    describeTaskQueue,
    presence: new WorkerPresence(connection as unknown as Connection, 'default', 'kjflow', 15_000),
  };
}

describe('WorkerPresence', () => {
  beforeEach(() => jest.useFakeTimers({ now: NOW }));
  afterEach(() => jest.useRealTimers());

  it('counts a worker that polled the workflow task queue within the window', async () => {
    const { presence: p, describeTaskQueue } = presence([polledAgo(3000), polledAgo(40_000)]);
    expect(await p.check()).toMatchObject({ ok: true, pollers: 1 });
    await expect(p.assertPolling()).resolves.toBeUndefined();
    expect(describeTaskQueue).toHaveBeenCalledWith({
      namespace: 'default',
      taskQueue: { name: 'kjflow' },
      taskQueueType: 1,
    });
  });

  it('reports a worker missing once its last poll is older than the window, and refuses commands with 503', async () => {
    const { presence: p } = presence([polledAgo(20_000)], [polledAgo(21_000)]);
    expect(await p.check()).toMatchObject({
      ok: false,
      pollers: 0,
      error: 'no worker has polled task queue "kjflow" in the last 15 s (last poll 20 s ago)',
    });
    const refusal = await p.assertPolling().catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'worker_unavailable', status: 503 });
    expect((refusal as DomainError).bilingual.zh).toMatch(/请稍后重试/);
  });

  it('reuses an answer for 2 s, and shares one question among concurrent callers', async () => {
    const { presence: p, describeTaskQueue } = presence([polledAgo(1000)], [polledAgo(1000)]);
    await Promise.all([p.check(), p.check(), p.assertPolling()]);
    jest.setSystemTime(NOW + 1500);
    await p.assertPolling();
    expect(describeTaskQueue).toHaveBeenCalledTimes(1);
    jest.setSystemTime(NOW + 2500);
    await p.check();
    expect(describeTaskQueue).toHaveBeenCalledTimes(2);
  });

  it('asks again before refusing on a cached "missing", so a worker that is back is never refused', async () => {
    const { presence: p, describeTaskQueue } = presence([], [polledAgo(0)]);
    expect((await p.check()).ok).toBe(false);
    await expect(p.assertPolling()).resolves.toBeUndefined();
    expect(describeTaskQueue).toHaveBeenCalledTimes(2);
  });

  it('refuses a command with 503 service_unavailable when Temporal cannot be asked, instead of letting it hang', async () => {
    const refused = new Error('14 UNAVAILABLE: connection refused');
    const { presence: p, describeTaskQueue } = presence(refused, refused);
    expect(await p.check()).toMatchObject({
      ok: false,
      error: 'cannot ask Temporal: 14 UNAVAILABLE: connection refused',
    });
    await expect(p.assertPolling()).rejects.toMatchObject({
      code: 'service_unavailable',
      status: 503,
      retryAfterSeconds: 5,
      bilingual: { en: expect.stringMatching(/Temporal/) },
    });
    expect(describeTaskQueue).toHaveBeenCalledTimes(2); // the cached refusal was asked again
  });

  it('reads its window from KJ_WORKER_SEEN_SECONDS, 70 s by default (above the server’s 60 s long poll)', () => {
    expect(workerSeenWithinMs({})).toBe(70_000);
    expect(workerSeenWithinMs({ KJ_WORKER_SEEN_SECONDS: '15' })).toBe(15_000);
    expect(() => workerSeenWithinMs({ KJ_WORKER_SEEN_SECONDS: 'soon' })).toThrow(/positive number/);
  });
});
