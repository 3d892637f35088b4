import { ProgramTemplate } from '@kjflow/domain';
import { readAllPages, useMediumDatabase, uniqueId } from '../testing/medium';
import { ProgramTemplateRepository } from './program-template.repository';

describe('ProgramTemplateRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new ProgramTemplateRepository(db.ds);

  async function save(code: string): Promise<{ id: string; version: number }> {
    return db.ds.transaction(async (tx) => {
      const r = new ProgramTemplateRepository(tx);
      const version = await r.nextVersion(code);
      const id = uniqueId();
      const template = { code, mode: 'open_competition' } as unknown as ProgramTemplate;
      await r.insert({ id, code, version, mode: 'open_competition', template, createdBy: null });
      return { id, version };
    });
  }

  it('numbers versions per code, even when two saves race, and reads the current one', async () => {
    const code = `c-${uniqueId()}`;
    const [a, b] = await Promise.all([save(code), save(code)]);
    expect([a.version, b.version].sort()).toEqual([1, 2]);
    const third = await save(code);
    expect(third.version).toBe(3);
    expect((await repo().versions(code)).map((v) => v.version)).toEqual([3, 2, 1]);
    expect((await repo().current(code))?.id).toBe(third.id);
    expect((await repo().byId(a.id))?.code).toBe(code);
    const current = (await readAllPages((page) => repo().pageOfCurrent(page), 200)).items.filter(
      (t) => t.code === code,
    );
    expect(current.map((t) => t.version)).toEqual([3]);
    expect(await repo().current(`none-${uniqueId()}`)).toBeNull();
  });

  it('pages the current version of every code by code, neither skipping nor repeating one', async () => {
    const prefix = `p-${uniqueId()}`;
    for (const code of [`${prefix}-c`, `${prefix}-a`, `${prefix}-b`]) {
      await save(code);
      await save(code);
    }
    const all = await readAllPages((page) => repo().pageOfCurrent(page), 2);
    const codes = all.items.map((t) => t.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(all.pages).toBe(Math.ceil(codes.length / 2));
    expect(all.items.filter((t) => t.code.startsWith(prefix)).map((t) => [t.code, t.version])).toEqual([
      [`${prefix}-a`, 2],
      [`${prefix}-b`, 2],
      [`${prefix}-c`, 2],
    ]);
  });
});
