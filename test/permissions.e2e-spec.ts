import { as, closeDb, completeDraft, count, createCall, Client, request, SIGN } from './support/api';
import { waitForClose } from './support/flows';

/**
 * Who may do what, for every role, checked over HTTP. Denials are 401 (no login), 403 (role not
 * allowed) or 404 (someone else's application: its existence is not revealed), and a denied
 * request writes nothing.
 */
const USERS = ['applicant', 'applicant2', 'inst-admin', 'expert', 'officer', 'admin', 'auditor'] as const;
type User = (typeof USERS)[number];

describe('permissions for every role', () => {
  const c = {} as Record<User, Client>;
  let callId: string;
  let appId: string; // owned by `applicant` (百色学院)

  beforeAll(async () => {
    for (const u of USERS) c[u] = await as(`perm-${u}`);
    callId = (await createCall(c.officer)).id;
    const app = await c.applicant.post('/applications', { callId, ...completeDraft });
    expect(app.status).toBe(201);
    appId = app.body.id;
  });
  afterAll(closeDb);

  /**
   * Events this file's users caused. They are own copies of the demo users (perm-…, see OWN_USERS):
   * other files running beside this one write as the shared demo users, never as these.
   */
  const writes = () =>
    count('SELECT 1 FROM domain_events WHERE actor_id = ANY($1::uuid[])', [USERS.map((u) => c[u].user.id)]);

  it('lets only officers and admins create calls', async () => {
    const expected: Record<User, number> = {
      applicant: 403,
      applicant2: 403,
      'inst-admin': 403,
      expert: 403,
      auditor: 403,
      officer: 201,
      admin: 201,
    };
    for (const u of USERS) {
      const title = `权限测试批次（${u}）`;
      const calls = () => count('SELECT 1 FROM calls WHERE title = $1', [title]);
      const before = await calls();
      const res = await c[u].post('/calls', {
        title,
        mode: 'open_competition',
        windowStart: new Date(Date.now() - 1000).toISOString(),
        windowEnd: new Date(Date.now() + 3_600_000).toISOString(),
        budgetCapFen: 1_000_000,
      });
      expect({ u, status: res.status }).toEqual({ u, status: expected[u] });
      expect(await calls()).toBe(before + (expected[u] === 201 ? 1 : 0));
      if (res.status === 403)
        expect(res.body.error).toMatchObject({ code: 'forbidden', message: { zh: '无权执行此操作' } });
    }
  });

  it('lets only admins list users and change roles (a refused change writes nothing)', async () => {
    const before = await writes();
    for (const u of USERS) {
      const list = (await c[u].get('/users')).status;
      expect({ u, list }).toEqual({ u, list: u === 'admin' ? 200 : 403 });
      if (u === 'admin') continue;
      const put = (await c[u].put(`/users/${c.applicant.user.id}/roles`, { roles: ['expert'] })).status;
      expect({ u, put }).toEqual({ u, put: 403 });
    }
    expect(await writes()).toBe(before);
  });

  it('lets every logged-in role read the institutions’ directory, and no one without a login', async () => {
    for (const u of USERS)
      expect({ u, status: (await c[u].get('/institutions')).status }).toEqual({ u, status: 200 });
    expect((await request('GET', '/institutions')).status).toBe(401);
  });

  it('lets every logged-in role list calls', async () => {
    for (const u of USERS)
      expect({ u, status: (await c[u].get('/calls')).status }).toEqual({ u, status: 200 });
  });

  it('lets only applicants start applications and list their own', async () => {
    // This file's call: other files never apply to it.
    const applications = () => count('SELECT 1 FROM applications WHERE call_id = $1', [callId]);
    for (const u of USERS) {
      const before = await applications();
      const res = await c[u].post('/applications', { callId, ...completeDraft });
      const ok = u === 'applicant' || u === 'applicant2';
      expect({ u, status: res.status }).toEqual({ u, status: ok ? 201 : 403 });
      expect(await applications()).toBe(before + (ok ? 1 : 0));
      expect({ u, mine: (await c[u].get('/applications/mine')).status }).toEqual({ u, mine: ok ? 200 : 403 });
    }
    const mine2 = await c.applicant2.get('/applications/mine');
    expect(
      mine2.body.items.every((a: { applicantId: string }) => a.applicantId === c.applicant2.user.id),
    ).toBe(true);
    expect(mine2.body.items.map((a: { id: string }) => a.id)).not.toContain(appId);
  });

  it('shows an application to its applicant, its institution and staff only', async () => {
    const expected: Record<User, number> = {
      applicant: 200,
      'inst-admin': 200, // same host institution (百色学院)
      officer: 200,
      admin: 200,
      auditor: 200,
      applicant2: 404,
      expert: 404,
    };
    for (const u of USERS) {
      const res = await c[u].get(`/applications/${appId}`);
      expect({ u, status: res.status }).toEqual({ u, status: expected[u] });
      if (res.status === 404) expect(res.body.error.code).toBe('not_found');
    }
  });

  it('lets only the owner edit or submit, and writes nothing for anyone else', async () => {
    const before = await writes();
    for (const u of USERS.filter((x) => x !== 'applicant')) {
      const status = u === 'applicant2' ? 404 : 403;
      const edit = await c[u].patch(`/applications/${appId}`, { title: '被他人篡改的标题' });
      expect({ u, edit: edit.status }).toEqual({ u, edit: status });
      const submit = await c[u].post(`/applications/${appId}/submit`, SIGN);
      expect({ u, submit: submit.status }).toEqual({ u, submit: status });
    }
    expect(await writes()).toBe(before);
    const app = await c.applicant.get(`/applications/${appId}`);
    expect(app.body).toMatchObject({ status: 'draft', version: 1, content: { title: completeDraft.title } });
  });

  it('lets only officers and admins decide a formal check', async () => {
    // Its own call, of seconds: the formal check starts once the call has closed.
    const call = await createCall(c.officer, { closesInMs: 2_500 });
    const checked = await c.applicant.post('/applications', { callId: call.id, ...completeDraft });
    const id: string = checked.body.id;
    expect((await c.applicant.post(`/applications/${id}/submit`, SIGN)).status).toBe(200);
    const before = await writes();
    for (const u of ['applicant', 'applicant2', 'inst-admin', 'expert', 'auditor'] as const) {
      const res = await c[u].post(`/applications/${id}/formal-check`, { decision: 'pass' });
      expect({ u, status: res.status }).toEqual({ u, status: 403 });
    }
    expect(await writes()).toBe(before);
    expect((await c.applicant.get(`/applications/${id}`)).body.status).toBe('submitted');

    await waitForClose(c.officer, call.id);
    const byAdmin = await c.admin.post(`/applications/${id}/formal-check`, { decision: 'pass' });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.status).toBe('formal_check_passed');
    // A second decision on the same application is a state conflict, not a second write.
    const again = await c.officer.post(`/applications/${id}/formal-check`, {
      decision: 'reject',
      reason: '重复决定测试',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_state');
  });

  it("shows a call's applications and the audit trail to officers, admins and auditors only", async () => {
    const staff: User[] = ['officer', 'admin', 'auditor'];
    for (const u of USERS) {
      const list = await c[u].get(`/calls/${callId}/applications`);
      expect({ u, list: list.status }).toEqual({ u, list: staff.includes(u) ? 200 : 403 });
      const events = await c[u].get(`/events?subjectType=application&subjectId=${appId}`);
      expect({ u, events: events.status }).toEqual({ u, events: staff.includes(u) ? 200 : 403 });
    }
  });

  it('gates every outcome endpoint (成果) for every role; a denied request writes nothing', async () => {
    // A project of `applicant` at 百色学院 (inst-admin's), registered from earlier records, with one outcome.
    const project = await c.officer.post('/projects', {
      programCode: 'key-rd',
      title: '权限测试项目（成果）',
      piId: c.applicant.user.id,
      institutionId: c.applicant.user.institutionId,
      status: 'accepted',
      startsOn: '2021-01-01',
      endsOn: '2022-12-31',
      acceptedOn: '2023-03-01',
      source: '权限测试',
    });
    expect(project.status).toBe(201);
    const p = project.body.id as string;
    const outcome = {
      type: 'paper',
      title: '芒果采后保鲜研究',
      occurredOn: '2023-05-01',
      evidence: { reference: 'doi:10.0000/perm' },
      details: { venue: '果树学报' },
    };
    const registered = await c.applicant.post(
      `/projects/${p}/outcomes` as '/projects/{id}/outcomes',
      outcome,
    );
    expect(registered.status).toBe(201);
    const o = registered.body.id as string;
    // Bodies the roles let through are refused on their content (a future date, a bad decision),
    // after the access check, so nothing is written.
    const future = { ...outcome, occurredOn: '2099-01-01' };
    // Statuses in USERS order: applicant, applicant2, inst-admin, expert, officer, admin, auditor.
    const AUDIT = [403, 403, 403, 403, 200, 200, 200];
    const READERS = [200, 404, 200, 404, 200, 200, 200];
    const cases: Array<[string, string, unknown, number[]]> = [
      ['POST', `/projects/${p}/outcomes`, future, [400, 404, 400, 403, 403, 403, 403]],
      ['GET', `/projects/${p}/outcomes`, undefined, READERS],
      ['GET', '/outcomes', undefined, AUDIT],
      ['GET', '/outcomes/rollup?by=county', undefined, AUDIT],
      ['GET', '/outcomes/rollup.xlsx', undefined, AUDIT],
      ['GET', `/outcomes/${o}`, undefined, READERS],
      ['POST', `/outcomes/${o}/resubmission`, future, [400, 404, 400, 403, 403, 403, 403]],
      ['POST', `/outcomes/${o}/verification`, { decision: 'x' }, [403, 403, 403, 403, 400, 400, 403]],
      ['GET', '/plan-indicators', undefined, [200, 200, 200, 200, 200, 200, 200]],
      // Every role has a task inbox (an auditor's is empty), never a 403.
      ['GET', '/inbox', undefined, [200, 200, 200, 200, 200, 200, 200]],
    ];
    const before = await writes();
    for (const [method, path, body, expected] of cases)
      for (const [i, u] of USERS.entries()) {
        const res = await request(method, path, { token: c[u].token, body });
        expect({ method, path, u, status: res.status }).toEqual({ method, path, u, status: expected[i] });
      }
    expect(await writes()).toBe(before);
    for (const path of [`/projects/${p}/outcomes`, '/outcomes', '/outcomes/rollup', `/outcomes/${o}`])
      expect({ path, status: (await request('GET', path)).status }).toEqual({ path, status: 401 });
    expect((await request('GET', '/plan-indicators')).status).toBe(200);
  });

  it('gates every notification and webhook endpoint for every role; a denied request writes nothing', async () => {
    const none = '00000000-0000-4000-8000-000000000000'; // no such notification, webhook or delivery
    // Statuses in USERS order: applicant, applicant2, inst-admin, expert, officer, admin, auditor.
    const ALL = [200, 200, 200, 200, 200, 200, 200];
    const ADMIN = (ok: number) => [403, 403, 403, 403, 403, ok, 403];
    const cases: Array<[string, string, unknown, number[]]> = [
      ['GET', '/notifications', undefined, ALL],
      ['GET', '/notifications?unread=true', undefined, ALL],
      ['POST', `/notifications/${none}/read`, undefined, [404, 404, 404, 404, 404, 404, 404]],
      ['GET', '/me/notification-preferences', undefined, ALL],
      ['PUT', '/me/notification-preferences', { language: 'fr' }, [400, 400, 400, 400, 400, 400, 400]],
      ['GET', '/notification-templates', undefined, ADMIN(200)],
      ['GET', '/notification-templates/review_invitation/en', undefined, ADMIN(200)],
      ['PUT', '/notification-templates/review_invitation/en', { subject: '' }, ADMIN(400)],
      ['GET', '/webhooks', undefined, ADMIN(200)],
      ['POST', '/webhooks', { url: 'not a url' }, ADMIN(400)],
      ['GET', `/webhooks/${none}`, undefined, ADMIN(404)],
      ['PATCH', `/webhooks/${none}`, { active: false }, ADMIN(404)],
      ['DELETE', `/webhooks/${none}`, undefined, ADMIN(404)],
      ['GET', `/webhooks/${none}/deliveries`, undefined, ADMIN(404)],
      ['POST', `/webhook-deliveries/${none}/replay`, undefined, ADMIN(404)],
    ];
    const before = await writes();
    for (const [method, path, body, expected] of cases)
      for (const [i, u] of USERS.entries()) {
        const res = await request(method, path, { token: c[u].token, body });
        expect({ method, path, u, status: res.status }).toEqual({ method, path, u, status: expected[i] });
      }
    expect(await writes()).toBe(before);
    for (const [method, path] of cases)
      expect({ method, path, status: (await request(method, path)).status }).toEqual({
        method,
        path,
        status: 401,
      });
  });

  it('requires a valid login everywhere except the public endpoints', async () => {
    const protectedRoutes: Array<[string, string]> = [
      ['GET', '/calls'],
      ['POST', '/calls'],
      ['GET', `/calls/${callId}`],
      ['GET', `/calls/${callId}/applications`],
      ['POST', '/applications'],
      ['GET', '/applications/mine'],
      ['GET', `/applications/${appId}`],
      ['PATCH', `/applications/${appId}`],
      ['POST', `/applications/${appId}/submit`],
      ['POST', `/applications/${appId}/formal-check`],
      ['GET', '/events'],
      ['GET', '/auth/me'],
      ['GET', '/inbox'],
      // A project's evidence (the project need not exist: the login is checked first).
      ['GET', `/projects/${appId}/attachments`],
      ['POST', `/projects/${appId}/attachments?name=a.pdf`],
      ['GET', `/projects/${appId}/attachments/${appId}`],
    ];
    const forged = c.officer.token.slice(0, -4) + (c.officer.token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const [method, path] of protectedRoutes) {
      const anon = await request(method, path, { body: method === 'GET' ? undefined : {} });
      expect({ method, path, status: anon.status }).toEqual({ method, path, status: 401 });
      expect(anon.body.error.message).toEqual({
        zh: '请先登录（缺少或无效的访问令牌）',
        en: 'Login required (missing or invalid bearer token)',
      });
      const bad = await request(method, path, { token: forged, body: method === 'GET' ? undefined : {} });
      expect({ method, path, status: bad.status }).toEqual({ method, path, status: 401 });
    }
    for (const path of ['/health', '/openapi.json']) expect((await request('GET', path)).status).toBe(200);
  });

  it('refuses a wrong password without saying whether the user exists', async () => {
    const wrong = await request('POST', '/auth/login', {
      body: { username: 'officer', password: 'not-the-password' },
    });
    const unknown = await request('POST', '/auth/login', {
      body: { username: 'nobody', password: 'whatever' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.message).toEqual({ zh: '用户名或密码错误', en: 'Wrong username or password' });
  });

  it('tells each user who they are', async () => {
    const me = await c['inst-admin'].get('/auth/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      username: 'perm-inst-admin',
      roles: ['institution_admin'],
      institutionName: '百色学院',
    });
  });
});
