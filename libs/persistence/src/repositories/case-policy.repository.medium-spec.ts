import { CasePolicy } from '@kjflow/domain';
import { UserEntity } from '../entities';
import { useMediumDatabase, uniqueId } from '../testing/medium';
import { CasePolicyRepository } from './case-policy.repository';

describe('CasePolicyRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();

  it('numbers versions under a lock, two saves racing, and reads the latest as current', async () => {
    const admin = uniqueId();
    await db.ds.getRepository(UserEntity).insert({
      id: admin,
      username: `a-${admin}`,
      displayName: '管理员',
      passwordHash: 'x',
      roles: ['admin'],
    });
    const policy = (investigation: string) =>
      ({
        investigation,
        maxExtension: 'P6M',
        reminderBefore: 'P30D',
        appealWorkingDays: 15,
        appealWindowOverride: null,
      }) as CasePolicy;
    const save = (p: CasePolicy) =>
      db.ds.transaction(async (tx) => {
        const repo = new CasePolicyRepository(tx);
        const version = await repo.nextVersion();
        const id = uniqueId();
        await repo.insert({ id, version, policy: p, createdBy: admin });
        return { id, version };
      });
    const [a, b] = await Promise.all([save(policy('P3M')), save(policy('P4M'))]);
    expect(b.version - a.version).not.toBe(0);
    const last = await save(policy('P5M'));
    expect(last.version).toBe(Math.max(a.version, b.version) + 1);
    const current = await new CasePolicyRepository(db.ds).current();
    expect(current).toMatchObject({ id: last.id, policy: { investigation: 'P5M' } });
    expect((await new CasePolicyRepository(db.ds).byId(a.id))?.version).toBe(a.version);
  });
});
