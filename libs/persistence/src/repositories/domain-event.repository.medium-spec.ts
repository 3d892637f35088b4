import { pageQuerySchema } from '@kjflow/domain';
import { appendWithChange } from '../event-store';
import { uniqueId, useMediumDatabase } from '../testing/medium';
import { DomainEventRepository } from './domain-event.repository';
import { HealthRepository } from './health.repository';

describe('DomainEventRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new DomainEventRepository(db.ds);

  const add = (subjectId: string, n: number, subjectType: 'application' | 'demand' = 'application') =>
    appendWithChange(
      db.ds,
      {
        type: n % 2 ? 'test.opened' : 'test.closed',
        subjectType,
        subjectId,
        actorId: null,
        payload: { n, ...(n % 2 ? { status: 'open' } : {}) },
        workflowId: `events-${subjectId}`,
        step: `n:${n}`,
        occurredAt: new Date(),
      },
      async () => undefined,
    );

  it('pages one subject oldest first, with the shared cursor, and no other subject in it', async () => {
    const subjectId = uniqueId();
    const other = uniqueId();
    for (let n = 1; n <= 5; n++) {
      await add(subjectId, n);
      await add(other, n);
    }
    const read = async (next?: string) =>
      repo().page({ subjectType: 'application', subjectId }, pageQuerySchema.parse({ limit: '2', next }));
    const seen: number[] = [];
    let page = await read();
    seen.push(...page.items.map((e) => e.payload.n as number));
    while (page.next) {
      page = await read(page.next);
      seen.push(...page.items.map((e) => e.payload.n as number));
    }
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(page.next).toBeNull();
  });

  it('filters by subject type: the same id under another type is not the subject', async () => {
    const subjectId = uniqueId();
    await add(subjectId, 1, 'application');
    await add(subjectId, 2, 'demand');
    const page = await repo().page({ subjectType: 'demand', subjectId }, pageQuerySchema.parse({}));
    expect(page.items.map((e) => e.payload.n)).toEqual([2]);
    expect(page.next).toBeNull();
  });

  it("reads a subject's events in order (the status history's source)", async () => {
    const subjectId = uniqueId();
    for (let n = 1; n <= 3; n++) await add(subjectId, n);
    const events = await repo().ofSubject('application', subjectId);
    expect(events.map((e) => [e.type, e.payload.n])).toEqual([
      ['test.opened', 1],
      ['test.closed', 2],
      ['test.opened', 3],
    ]);
    expect(await repo().ofSubject('demand', subjectId)).toEqual([]);
  });
});

describe('HealthRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();

  it('answers a ping while the database is up', async () => {
    await expect(new HealthRepository(db.ds).ping()).resolves.toBeUndefined();
  });
});
