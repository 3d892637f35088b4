import { pageQuerySchema } from '@kjflow/domain';
import { expertRecord } from '../testing/review-fixtures';
import { uniqueId, useMediumDatabase } from '../testing/medium';
import { ExpertRepository, expertRecordOf } from './expert.repository';

describe('ExpertRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new ExpertRepository(db.ds);

  it('registers an expert with a login, finds it by id, number and login, and updates every column', async () => {
    const id = uniqueId();
    const userId = uniqueId();
    const ref = `MX-${id.slice(0, 8)}`;
    await db.ds.transaction(async (tx) => {
      await new ExpertRepository(tx).insertAccount({
        userId,
        username: `expert-${userId}`,
        displayName: '测试专家',
        passwordHash: 'hash',
        institutionId: null,
      });
      await new ExpertRepository(tx).insert(id, userId, expertRecord(ref, { phone: '0776-1234567' }));
    });
    expect(await repo().userIdOfUsername(`expert-${userId}`)).toBe(userId);
    expect(await repo().userIdOfUsername(`nobody-${userId}`)).toBeNull();
    expect(await repo().idOfRef(ref)).toBe(id);
    expect(await repo().idOfRef(`none-${id}`)).toBeNull();
    expect(await repo().idOfUser(userId)).toBe(id);
    const row = (await repo().byId(id))!;
    expect(row).toMatchObject({
      userId,
      externalRef: ref,
      organisationKey: 'name:广西大学',
      loadCap: 10,
    });
    expect(expertRecordOf(row)).toEqual(expertRecord(ref, { phone: '0776-1234567' }));

    await repo().update(id, expertRecord(ref, { loadCap: 3, available: false, phone: undefined }));
    const updated = (await repo().byId(id))!;
    expect(updated).toMatchObject({ loadCap: 3, available: false, phone: null });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(row.updatedAt.getTime());
    await db.ds.transaction(async (tx) => {
      expect((await new ExpertRepository(tx).byIdForUpdate(id))!.id).toBe(id);
      expect((await new ExpertRepository(tx).byRefForUpdate(ref))!.id).toBe(id);
    });
  });

  it('filters the pool by id, field, availability, finance and text (wildcards taken literally)', async () => {
    const id = uniqueId();
    const tag = `稀有词${id.slice(0, 8)}`;
    await repo().insert(
      id,
      null,
      expertRecord(`MF-${id.slice(0, 8)}`, { keywords: [tag], finance: true, keyFields: [] }),
    );
    expect((await repo().list({ q: tag })).map((e) => e.id)).toEqual([id]);
    expect((await repo().list({ q: `${tag}%` })).map((e) => e.id)).toEqual([]);
    expect((await repo().list({ id, finance: true, available: true })).map((e) => e.id)).toEqual([id]);
    expect(await repo().list({ id, finance: false })).toEqual([]);
    expect(await repo().list({ id, keyField: 'biopharma' })).toEqual([]);
  });

  it('knows which institutions are registered', async () => {
    const inst = uniqueId();
    await db.ds.query(`INSERT INTO institutions (id, name, county) VALUES ($1, '测试单位', '右江区')`, [
      inst,
    ]);
    expect(await repo().institutionExists(inst)).toBe(true);
    expect(await repo().institutionExists(uniqueId())).toBe(false);
    expect([...(await repo().knownInstitutions([inst, uniqueId()]))]).toEqual([inst]);
    expect(await repo().knownInstitutions([])).toEqual(new Set());
  });

  it('tells how an import row was written from its event', async () => {
    const wf = `expert-import-${uniqueId()}`;
    await db.ds.query(
      `INSERT INTO domain_events (id, type, subject_type, subject_id, occurred_at, payload, workflow_id, step)
       VALUES ($1, 'expert.registered', 'expert', $2, now(), '{}', $3, 'row:2')`,
      [uniqueId(), uniqueId(), wf],
    );
    expect(await repo().importedAs(wf, 'row:2')).toBe('imported');
    expect(await repo().importedAs(wf, 'row:3')).toBeNull();
  });

  it('pages the pool: numbered experts first by number, then by name, a filter kept across pages', async () => {
    const tag = `分页${uniqueId().slice(0, 8)}`;
    const ids: string[] = [];
    for (const ref of ['P-2', null, 'P-1', null]) {
      const id = uniqueId();
      const record = expertRecord(ref ? `${tag}-${ref}` : (undefined as never), { keywords: [tag] });
      if (!ref) delete (record as { externalRef?: string }).externalRef;
      await repo().insert(id, null, record);
      ids.push(id);
    }
    const refs: Array<string | null> = [];
    let next: string | null = null;
    do {
      const page = await repo().page(
        { q: tag },
        pageQuerySchema.parse({ limit: '3', ...(next ? { next } : {}) }),
      );
      refs.push(...page.items.map((e) => e.externalRef));
      next = page.next;
    } while (next);
    expect(refs).toEqual([`${tag}-P-1`, `${tag}-P-2`, null, null]);
  });
});
