import { randomUUID as uniqueId } from 'node:crypto';
import { DataSource } from 'typeorm';
import { appendWithChange, createDataSource, DomainEventRepository } from '@kjflow/persistence';
import { EventFeed } from './event-feed';

describe('the event stream’s horizon (real PostgreSQL)', () => {
  const db = {} as { ds: DataSource };
  beforeAll(async () => {
    db.ds = await createDataSource({ url: process.env.KJ_MEDIUM_DATABASE_URL, poolSize: 4 }).initialize();
  });
  afterAll(() => db.ds?.destroy());

  const event = (subjectId: string) => ({
    type: 'test.happened',
    subjectType: 'application' as const,
    subjectId,
    actorId: null,
    payload: {},
    workflowId: `feed-${subjectId}`,
    step: 'one',
    occurredAt: new Date(),
  });
  const sequenceOf = async (subjectId: string) =>
    (await new DomainEventRepository(db.ds).ofSubject('application', subjectId))[0]?.sequence;
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(ok()).toBe(true);
  };

  it('does not pass an event committed after a later one, so a reader resuming after the later one misses nothing', async () => {
    const feed = new EventFeed(db.ds);
    await feed.ensureStarted();
    const start = feed.horizon;
    const [early, late] = [uniqueId(), uniqueId()];
    const tx = db.ds.createQueryRunner();
    await tx.connect();
    await tx.startTransaction();
    try {
      // The early event takes its sequence first but commits last.
      await appendWithChange(tx.manager, event(early), async () => undefined);
      await appendWithChange(db.ds, event(late), async () => undefined);
      const lateSequence = BigInt((await sequenceOf(late))!);
      await new Promise((r) => setTimeout(r, 500)); // NOTIFY and polls have come and gone
      expect(feed.horizon).toBeLessThan(lateSequence);
      await tx.commitTransaction();
      await until(() => feed.horizon >= lateSequence);
      const earlySequence = BigInt((await sequenceOf(early))!);
      expect(earlySequence).toBeLessThan(lateSequence);
      const { events } = await feed.after(start, 1000);
      const mine = events
        .filter((e) => e.subjectId === early || e.subjectId === late)
        .map((e) => e.subjectId);
      expect(mine).toEqual([early, late]);
    } finally {
      if (tx.isTransactionActive) await tx.rollbackTransaction();
      await tx.release();
      await feed.onModuleDestroy();
    }
  });
});
