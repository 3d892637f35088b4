import { randomInt } from 'node:crypto';
import { readAllPages, uniqueId, useMediumDatabase } from '../testing/medium';
import { CalendarRepository } from './calendar.repository';

describe('CalendarRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new CalendarRepository(db.ds);

  /** Enters version `version` of `year` and, unless it stays pending, decides it. */
  async function enter(year: number, version: number, status: 'pending' | 'approved' | 'rejected') {
    const id = uniqueId();
    await repo().insert({
      id,
      year,
      version,
      status: 'pending',
      holidays: [{ name: '元旦', dates: [`${year}-01-01`] }],
      makeupWorkdays: [],
      sourceTitle: `国务院办公厅关于${year}年部分节假日安排的通知`,
      sourceNumber: null,
      sourcePublishedOn: null,
      sourceUrl: null,
      note: null,
      enteredBy: null,
      enteredAt: new Date(),
    });
    if (status !== 'pending')
      await repo().decide(id, { status, decidedBy: uniqueId(), decidedAt: new Date(), comment: null });
    return id;
  }

  it('pages the versions of a year, newest first; the approved one with the highest number is in force', async () => {
    // A year far from the installed ones and from other tests' (the database is shared).
    const year = randomInt(3000, 9000);
    const approved = await enter(year, 1, 'approved');
    await enter(year, 2, 'rejected');
    const latest = await enter(year, 3, 'approved');
    await enter(year, 4, 'rejected');
    await enter(year, 5, 'pending');
    const { items, pages } = await readAllPages((page) => repo().pageOfVersions(year, page), 2);
    expect(items.map((v) => [v.version, v.status])).toEqual([
      [5, 'pending'],
      [4, 'rejected'],
      [3, 'approved'],
      [2, 'rejected'],
      [1, 'approved'],
    ]);
    expect(pages).toBe(3);
    expect((await repo().approvedInForce([year])).map((v) => v.id)).toEqual([latest]);
    expect(items[4].id).toBe(approved);
    expect(await repo().latestVersion(year)).toBe(5);
    expect((await repo().pending(year))?.version).toBe(5);
  });
});
