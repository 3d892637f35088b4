import { uniqueId, useMediumDatabase } from '../testing/medium';
import { SeedRepository } from './seed.repository';
import { UserRepository } from './user.repository';

describe('SeedRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();

  it('inserts an institution and an account once: seeding again changes nothing', async () => {
    const seed = new SeedRepository(db.ds);
    const institution = {
      id: uniqueId(),
      name: '右江民族医学院',
      county: '右江区',
      creditCode: null,
      kind: 'university',
    };
    const id = uniqueId();
    const user = {
      id,
      username: `seed-${id.slice(0, 8)}`,
      displayName: '韦芳',
      passwordHash: 'x',
      roles: ['applicant'],
      institutionId: institution.id,
    };

    expect(await seed.institution(institution)).toBe(true);
    expect(await seed.user(user)).toBe(true);
    expect(await seed.institution(institution)).toBe(false);
    expect(await seed.user({ ...user, displayName: '另一个名字' })).toBe(false);

    const stored = await new UserRepository(db.ds).byId(id);
    expect(stored?.displayName).toBe('韦芳');
    expect(stored?.institution?.kind).toBe('university');
  });
});
