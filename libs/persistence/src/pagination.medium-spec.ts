import { decodeCursor, pageQuerySchema } from '@kjflow/domain';
import { DomainEventEntity } from './entities';
import { appendWithChange } from './event-store';
import { keysetPage } from './pagination';
import { uniqueId, useMediumDatabase } from './testing/medium';

describe('keysetPage (real PostgreSQL)', () => {
  const db = useMediumDatabase();

  it('reads a list in pages that neither skip nor repeat a row, also when rows arrive meanwhile', async () => {
    const subjectId = uniqueId();
    const add = (n: number) =>
      appendWithChange(
        db.ds,
        {
          type: 'test.paged',
          subjectType: 'application',
          subjectId,
          actorId: null,
          payload: { n },
          workflowId: `paging-${subjectId}`,
          step: `n:${n}`,
          occurredAt: new Date(),
        },
        async () => undefined,
      );
    for (let n = 1; n <= 5; n++) await add(n);
    const query = () =>
      db.ds
        .getRepository(DomainEventEntity)
        .createQueryBuilder('e')
        .where('e.subject_id = :s', { s: subjectId });
    const order = {
      columns: ['e.sequence'],
      direction: 'ASC' as const,
      cursorOf: (e: DomainEventEntity) => [e.sequence],
    };
    const seen: number[] = [];
    let next: string | null | undefined;
    let pages = 0;
    do {
      const page = await keysetPage(
        query(),
        order,
        pageQuerySchema.parse({ limit: '2', next: next ?? undefined }),
      );
      seen.push(...page.items.map((e) => e.payload.n as number));
      next = page.next;
      if (pages++ === 0) await add(6); // a row that arrives while the client pages
    } while (next);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
    expect(pages).toBe(3);
  });

  it('refuses a cursor it did not make', () => {
    expect(decodeCursor('not-a-cursor')).toBeNull();
    expect(pageQuerySchema.safeParse({ next: 'not-a-cursor' }).success).toBe(false);
    expect(pageQuerySchema.safeParse({ limit: '201' }).success).toBe(false);
    expect(pageQuerySchema.parse({})).toEqual({ limit: 50 });
  });
});
