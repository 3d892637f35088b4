import { DataSource, EntityManager } from 'typeorm';
import { appendWithChange } from '../event-store';
import { uniqueId, useMediumDatabase } from '../testing/medium';
import { EventLogRepository } from './notification.repository';

/**
 * The event log as the dispatchers read it. A sequence number is taken before its transaction
 * commits, so the log is read in (transaction id, sequence) order below the oldest running
 * transaction: an event that commits late is read late, never skipped.
 */
describe('EventLogRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();

  const append = (on: DataSource | EntityManager, subjectId: string) =>
    appendWithChange(
      on,
      {
        type: 'test.appended',
        subjectType: 'application',
        subjectId,
        actorId: null,
        payload: {},
        workflowId: `log-${subjectId}`,
        step: 'appended',
        occurredAt: new Date(),
      },
      async () => undefined,
    );

  /** One page as a dispatcher reads it (cursor moved in the same transaction): ours only. */
  const read = (consumer: string, ours: string[]) =>
    db.ds.transaction(async (tx) => {
      const log = new EventLogRepository(tx);
      const page = await log.after(await log.lockCursor(consumer), 1000);
      if (page.length) await log.moveCursor(consumer, page[page.length - 1]);
      return page.map((e) => e.subjectId).filter((id) => ours.includes(id));
    });

  /** Until a read gives something (another test's transaction may briefly hold the horizon). */
  const readSome = async (consumer: string, ours: string[]) => {
    const seen: string[] = [];
    for (let i = 0; i < 50 && seen.length < ours.length; i++) {
      seen.push(...(await read(consumer, ours)));
      if (seen.length < ours.length) await new Promise((r) => setTimeout(r, 100));
    }
    return seen;
  };

  it('starts a new reader at the present, then reads each event once', async () => {
    const before = uniqueId();
    const after = uniqueId();
    const consumer = `test-${uniqueId()}`;
    await append(db.ds, before);
    expect(await read(consumer, [before, after])).toEqual([]);
    await append(db.ds, after);
    expect(await readSome(consumer, [before, after])).toEqual([after]);
    expect(await read(consumer, [before, after])).toEqual([]);
  });

  it('never skips an event whose transaction commits after a later-numbered one', async () => {
    const slow = uniqueId();
    const fast = uniqueId();
    const consumer = `test-${uniqueId()}`;
    await read(consumer, []); // the reader exists from here on
    const open = db.ds.createQueryRunner();
    await open.connect();
    await open.startTransaction();
    try {
      await append(open.manager, slow); // takes its sequence number, stays open
      await append(db.ds, fast); // a later number, committed at once
      const visible = await db.ds.query(`SELECT subject_id FROM domain_events WHERE subject_id IN ($1, $2)`, [
        slow,
        fast,
      ]);
      expect(visible.map((r: { subject_id: string }) => r.subject_id)).toEqual([fast]);
      // A reader by sequence would take `fast` now and pass over `slow` for good; this one waits.
      expect(await read(consumer, [slow, fast])).toEqual([]);
      await open.commitTransaction();
    } finally {
      await open.release();
    }
    expect(await readSome(consumer, [slow, fast])).toEqual([slow, fast]);
    expect(await read(consumer, [slow, fast])).toEqual([]);
  });
});
