import { randomUUID } from 'node:crypto';
import { as, closeDb, count, Client, db, request } from './support/api';

/**
 * Users and roles (issue 18) over HTTP: the administrators list and filter the accounts and set a
 * user's roles (a command to the user's workflow); the change reaches the user's token at their
 * next login; every other role is refused, and a refused request writes nothing. The accounts are
 * this file's own (users-admin, users-target: see OWN_USERS).
 */
interface UserItem {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  institutionName: string | null;
  createdAt: string;
}

describe('users and roles', () => {
  let admin: Client;
  let target: Client;

  beforeAll(async () => {
    [admin, target] = await Promise.all([as('users-admin'), as('users-target')]);
  });
  afterAll(closeDb);

  const events = () =>
    count(`SELECT 1 FROM domain_events WHERE actor_id = $1 OR (subject_type = 'user' AND subject_id = $2)`, [
      admin.user.id,
      target.user.id,
    ]);
  const rolesOf = async (id: string): Promise<string[]> =>
    (await db().query('SELECT roles FROM users WHERE id = $1', [id])).rows[0].roles;

  it('lists the users, pages them and filters by role and text, never with the password hash', async () => {
    const found = await admin.get<{ items: UserItem[]; next: string | null }>('/users?q=users-target');
    expect(found.status).toBe(200);
    expect(found.body.items).toHaveLength(1);
    const [item] = found.body.items;
    expect(item).toMatchObject({ id: target.user.id, username: 'users-target', roles: ['applicant'] });
    expect(Object.keys(item).sort()).toEqual(
      ['createdAt', 'displayName', 'id', 'institutionId', 'institutionName', 'roles', 'username'].sort(),
    );
    expect(JSON.stringify(found.body)).not.toMatch(/password|\$2[aby]\$/);
    expect(new Date(item.createdAt).toString()).not.toBe('Invalid Date');

    // By display name (the own accounts' names end in “（users-target）”).
    const byName = await admin.get(`/users?q=${encodeURIComponent('（users-target）')}`);
    expect(byName.body.items.map((u: UserItem) => u.username)).toEqual(['users-target']);

    // By role, one item a page: every page holds admins only, and the pages never repeat.
    const seen: string[] = [];
    let next: string | null = null;
    do {
      const path: string = `/users?role=admin&limit=1${next ? `&next=${encodeURIComponent(next)}` : ''}`;
      const page: { status: number; body: { items: UserItem[]; next: string | null } } = await admin.get(
        path as '/users',
      );
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(1);
      for (const u of page.body.items) {
        expect(u.roles).toContain('admin');
        seen.push(u.username);
      }
      next = page.body.next;
    } while (next && seen.length < 50);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(['admin', 'users-admin']));
    expect(seen).not.toContain('users-target');

    const bad = await admin.get('/users?role=superuser');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('role');
  });

  it('changes a role through the user’s workflow; the user’s next login carries it', async () => {
    const before = await events();
    const res = await admin.put<UserItem>(`/users/${target.user.id}/roles`, {
      roles: ['auditor', 'applicant'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: target.user.id, roles: ['applicant', 'auditor'] });
    expect(await events()).toBe(before + 1);
    const { rows } = await db().query(
      `SELECT type, actor_id, workflow_id, payload FROM domain_events
        WHERE subject_type = 'user' AND subject_id = $1 ORDER BY sequence DESC LIMIT 1`,
      [target.user.id],
    );
    expect(rows[0]).toEqual({
      type: 'user.roles_changed',
      actor_id: admin.user.id,
      workflow_id: `user-${target.user.id}`,
      payload: { before: ['applicant'], after: ['applicant', 'auditor'] },
    });

    // The old token keeps the roles it was issued with; a new login carries the auditor role.
    expect((await target.get('/events')).status).toBe(403);
    const again = await as('users-target');
    expect(again.user.roles).toEqual(['applicant', 'auditor']);
    expect((await again.get('/events')).status).toBe(200);

    // The same roles again: answered, nothing written.
    const same = await admin.put(`/users/${target.user.id}/roles`, { roles: ['applicant', 'auditor'] });
    expect(same.status).toBe(200);
    expect(await events()).toBe(before + 1);

    // Back to the applicant alone, with an Idempotency-Key: a repeat is the first answer replayed.
    const key = randomUUID();
    const send = () =>
      request('PUT', `/users/${target.user.id}/roles`, {
        token: admin.token,
        body: { roles: ['applicant'] },
        headers: { 'Idempotency-Key': key },
      });
    const first = await send();
    const replay = await send();
    expect([first.status, replay.status]).toEqual([200, 200]);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(await events()).toBe(before + 2);
    expect(await rolesOf(target.user.id)).toEqual(['applicant']);
  });

  it('refuses an empty set, an unknown role, the own admin role and an unknown user, writing nothing', async () => {
    const before = await events();
    const empty = await admin.put(`/users/${target.user.id}/roles`, { roles: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields).toEqual([
      { path: 'roles', message: { zh: '至少保留一个角色', en: 'Keep at least one role' } },
    ]);

    const unknown = await admin.put(`/users/${target.user.id}/roles`, { roles: ['superuser'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].path).toBe('roles.0');
    expect(unknown.body.error.fields[0].message.zh).toBeTruthy();
    expect(unknown.body.error.fields[0].message.en).toBeTruthy();

    const self = await admin.put(`/users/${admin.user.id}/roles`, { roles: ['officer'] });
    expect(self.status).toBe(422);
    expect(self.body.error.code).toBe('rule_refused');
    expect(self.body.error.fields[0]).toMatchObject({
      path: 'roles',
      message: { zh: expect.stringContaining('本人的系统管理员角色'), en: expect.stringContaining('own') },
    });

    const missing = await admin.put(`/users/${randomUUID()}/roles`, { roles: ['expert'] });
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toEqual({ zh: '用户不存在', en: 'User not found' });

    expect(await events()).toBe(before);
    expect(await rolesOf(target.user.id)).toEqual(['applicant']);
    expect((await as('users-admin')).user.roles).toContain('admin');
  });

  it('lets only administrators list users and change roles', async () => {
    const others = ['applicant', 'inst-admin', 'expert', 'officer', 'auditor'];
    const before = await events();
    for (const u of others) {
      const c = await as(u);
      expect({ u, list: (await c.get('/users')).status }).toEqual({ u, list: 403 });
      const put = await c.put(`/users/${target.user.id}/roles`, { roles: ['expert'] });
      expect({ u, put: put.status }).toEqual({ u, put: 403 });
      expect(put.body.error).toMatchObject({ code: 'forbidden', message: { zh: '无权执行此操作' } });
    }
    expect((await request('GET', '/users')).status).toBe(401);
    expect(await events()).toBe(before);
    expect(await rolesOf(target.user.id)).toEqual(['applicant']);
  });
});
