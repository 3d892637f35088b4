import { InstitutionEntity, UserEntity } from '../entities';
import { uniqueId, useMediumDatabase } from '../testing/medium';
import { UserRepository } from './user.repository';

describe('UserRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();

  it('finds an account by username and by id with its institution; unknown ones are null', async () => {
    const institutionId = uniqueId();
    await db.ds
      .getRepository(InstitutionEntity)
      .insert({ id: institutionId, name: '百色学院', county: '右江区' });
    const id = uniqueId();
    const username = `u-${id.slice(0, 8)}`;
    await db.ds.getRepository(UserEntity).insert({
      id,
      username,
      displayName: '李明',
      passwordHash: 'x',
      roles: ['applicant'],
      institutionId,
    });
    const users = new UserRepository(db.ds);

    expect((await users.byUsername(username))?.institution?.name).toBe('百色学院');
    expect((await users.byId(id))?.displayName).toBe('李明');
    expect(await users.byUsername(`${username}-nobody`)).toBeNull();
    expect((await users.byIds([id, uniqueId()])).map((u) => u.id)).toEqual([id]);
    expect(await users.byIds([])).toEqual([]);
    expect((await users.institution(institutionId))?.county).toBe('右江区');
    expect(await users.institution(uniqueId())).toBeNull();
  });
});
