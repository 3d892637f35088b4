import { ProgramTemplate } from '@kjflow/domain';
import { useMediumDatabase, uniqueId } from '../testing/medium';
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
    const current = (await repo().currentAll()).filter((t) => t.code === code);
    expect(current.map((t) => t.version)).toEqual([3]);
    expect(await repo().current(`none-${uniqueId()}`)).toBeNull();
  });
});
