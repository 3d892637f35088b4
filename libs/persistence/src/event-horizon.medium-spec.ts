import { randomUUID as uniqueId } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source';
import { EventHorizon } from './event-horizon';
import { appendWithChange } from './event-store';
import { DomainEventRepository } from './repositories/domain-event.repository';

describe('EventHorizon: the event stream’s safe horizon (real PostgreSQL)', () => {
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

  it('does not pass an event committed after a later one, so a reader resuming after the later one misses nothing', async () => {
    const safe = new EventHorizon(db.ds);
    const start = await safe.advance();
    const [early, late] = [uniqueId(), uniqueId()];
    const tx = db.ds.createQueryRunner();
    await tx.connect();
    await tx.startTransaction();
    try {
      // The early event takes its sequence first but commits last.
      await appendWithChange(tx.manager, event(early), async () => undefined);
      await appendWithChange(db.ds, event(late), async () => undefined);
      const lateSequence = BigInt((await sequenceOf(late))!);
      // Probed as often as the stream would while the early transaction runs: held below it.
      for (let i = 0; i < 5; i++) expect(await safe.advance()).toBeLessThan(lateSequence);
      expect(safe.waiting).toBe(true);
      await tx.commitTransaction();
      expect(await safe.advance()).toBeGreaterThanOrEqual(lateSequence);
      const earlySequence = BigInt((await sequenceOf(early))!);
      expect(earlySequence).toBeLessThan(lateSequence);
      // A reader of the range below the horizon sees both, in sequence order.
      const events = await new DomainEventRepository(db.ds).range(String(start), String(safe.horizon), 1000);
      const mine = events
        .filter((e) => e.subjectId === early || e.subjectId === late)
        .map((e) => e.subjectId);
      expect(mine).toEqual([early, late]);
    } finally {
      if (tx.isTransactionActive) await tx.rollbackTransaction();
      await tx.release();
    }
  });
});
