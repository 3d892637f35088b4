import { decodeCursor } from '@kjflow/domain';
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

  it('pages the accounts by username, filtered by role and by literal text; sets roles', async () => {
    const tag = `pg${uniqueId().slice(0, 8)}`;
    const insert = (name: string, displayName: string, roles: UserEntity['roles']) =>
      db.ds.getRepository(UserEntity).insert({
        id: uniqueId(),
        username: `${tag}-${name}`,
        displayName,
        passwordHash: 'x',
        roles,
        institutionId: null,
      });
    await insert('a', '张三', ['admin']);
    await insert('b', '李四', ['applicant', 'auditor']);
    await insert('c', '王五_100%', ['auditor']);
    const users = new UserRepository(db.ds);

    const first = await users.page({ q: tag }, { limit: 2 });
    expect(first.items.map((u) => u.username)).toEqual([`${tag}-a`, `${tag}-b`]);
    const second = await users.page({ q: tag }, { limit: 2, next: decodeCursor(first.next!)! });
    expect(second.items.map((u) => u.username)).toEqual([`${tag}-c`]);
    expect(second.next).toBeNull();

    expect(
      (await users.page({ q: tag, role: 'auditor' }, { limit: 10 })).items.map((u) => u.username),
    ).toEqual([`${tag}-b`, `${tag}-c`]);
    // By display name; % and _ are matched as themselves, not as wildcards.
    expect((await users.page({ q: '王五_100%' }, { limit: 10 })).items.map((u) => u.username)).toEqual([
      `${tag}-c`,
    ]);
    expect((await users.page({ q: '王五%' }, { limit: 10 })).items).toEqual([]);

    const b = (await users.byUsername(`${tag}-b`))!;
    await users.setRoles(b.id, ['expert']);
    expect((await users.byId(b.id))?.roles).toEqual(['expert']);
  });

  it('counts the other administrators and lets one change that may drop the role run at a time', async () => {
    const admin = async () => {
      const id = uniqueId();
      await db.ds.getRepository(UserEntity).insert({
        id,
        username: `adm-${id.slice(0, 8)}`,
        displayName: '管理员',
        passwordHash: 'x',
        roles: ['admin', 'officer'],
        institutionId: null,
      });
      return id;
    };
    const users = new UserRepository(db.ds);
    const x = await admin();
    const before = await users.administratorsOtherThan(x);
    const y = await admin();
    expect(await users.administratorsOtherThan(x)).toBe(before + 1);
    await users.setRoles(y, ['officer']);
    expect(await users.administratorsOtherThan(x)).toBe(before);

    // The second transaction's lock waits for the first transaction to end.
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = db.ds.transaction(async (tx) => {
      await new UserRepository(tx).lockAdministrators();
      order.push('first locked');
      await held;
      order.push('first ends');
    });
    while (!order.length) await new Promise((r) => setTimeout(r, 10));
    const second = db.ds.transaction(async (tx) => {
      await new UserRepository(tx).lockAdministrators();
      order.push('second locked');
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(order).toEqual(['first locked']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first locked', 'first ends', 'second locked']);
  });
});
