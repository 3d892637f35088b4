import { as, closeDb, completeDraft, count, createCall, Client, request, SIGN } from './support/api';
import { OWN_USERS } from './support/fuzz-users';

/**
 * Bad input gets a 4xx with field-level messages in Chinese and English, and a refused request
 * changes nothing: every case checks the database before and after.
 */
describe('bad input', () => {
  let officer: Client;
  let applicant: Client;
  let callId: string;

  beforeAll(async () => {
    [officer, applicant] = await Promise.all(
      [OWN_USERS.validationOfficer, OWN_USERS.validationApplicant].map((u) => as(u.username)),
    );
    callId = (await createCall(officer)).id;
  });
  afterAll(closeDb);

  /**
   * What this file's two users wrote: their own accounts (OWN_USERS), so other files writing
   * meanwhile do not count. Events: those they caused, and any about their calls and applications.
   */
  const snapshot = async () => {
    const ids = [officer.user.id, applicant.user.id];
    const calls = 'SELECT id FROM calls WHERE created_by = ANY($1::uuid[])';
    const applications = 'SELECT id FROM applications WHERE applicant_id = ANY($1::uuid[])';
    return {
      calls: await count(calls, [ids]),
      applications: await count(applications, [ids]),
      events: await count(
        `SELECT 1 FROM domain_events WHERE actor_id = ANY($1::uuid[])
            OR subject_id IN (SELECT id::text FROM (${calls} UNION ALL ${applications}) s)`,
        [ids],
      ),
    };
  };

  function fieldPaths(body: { error: { fields: Array<{ path: string }> } }) {
    return body.error.fields.map((f) => f.path).sort();
  }

  function expectBilingualFields(body: {
    error: { code: string; fields: Array<{ message: { zh: string; en: string } }> };
  }) {
    expect(body.error.code).toBe('validation_failed');
    for (const f of body.error.fields) {
      expect(f.message.zh).toMatch(/[\u4e00-\u9fa5]/);
      expect(f.message.en).toMatch(/[A-Za-z]/);
    }
  }

  it('names every missing field of a call', async () => {
    const before = await snapshot();
    const res = await officer.post('/calls', {});
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body)).toEqual(['budgetCapFen', 'mode', 'title', 'windowEnd', 'windowStart']);
    expect(res.body.error.fields.find((f: { path: string }) => f.path === 'title').message).toEqual({
      zh: '必填字段',
      en: 'Required',
    });
    expectBilingualFields(res.body);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses mistyped call fields, one message per field', async () => {
    const before = await snapshot();
    const res = await officer.post('/calls', {
      title: '测',
      mode: 'lottery',
      windowStart: 'next monday',
      windowEnd: '2026-13-45',
      budgetCapFen: 12.5,
    });
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body)).toEqual(['budgetCapFen', 'mode', 'title', 'windowEnd', 'windowStart']);
    expectBilingualFields(res.body);

    const reversed = await officer.post('/calls', {
      title: '窗口倒置的批次',
      mode: 'open_competition',
      windowStart: '2030-01-02T00:00:00+08:00',
      windowEnd: '2030-01-01T00:00:00+08:00',
      budgetCapFen: 1000,
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.fields).toEqual([
      {
        path: 'windowEnd',
        message: { zh: '截止时间必须晚于开始时间', en: 'windowEnd must be after windowStart' },
      },
    ]);

    const past = await officer.post('/calls', {
      title: '已过期的批次',
      mode: 'open_competition',
      windowStart: '2020-01-01T00:00:00+08:00',
      windowEnd: '2020-02-01T00:00:00+08:00',
      budgetCapFen: 1000,
    });
    expect(past.status).toBe(400);
    expect(fieldPaths(past.body)).toEqual(['windowEnd']);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses malformed JSON and non-uuid ids with the same error shape', async () => {
    const before = await snapshot();
    const broken = await request('POST', '/calls', {
      token: officer.token,
      rawBody: '{"title": "unterminated',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({
      code: 'bad_request',
      message: { zh: '请求格式有误', en: 'Bad request' },
    });

    const badId = await applicant.get('/applications/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(fieldPaths(badId.body)).toEqual(['id']);

    const unknownCall = await applicant.post('/applications', {
      ...completeDraft,
      callId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownCall.status).toBe(404);
    expect(unknownCall.body.error.message).toEqual({ zh: '申报批次不存在', en: 'Call not found' });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad drafts and edits, and keeps the stored draft as it was', async () => {
    const created = await applicant.post('/applications', { callId, title: completeDraft.title });
    const id = created.body.id;
    const before = await snapshot();

    const badCreate = await applicant.post('/applications', { callId: 'x', title: '', requestedFen: -5 });
    expect(badCreate.status).toBe(400);
    expect(fieldPaths(badCreate.body)).toEqual(['callId', 'requestedFen', 'title']);

    const unknownField = await applicant.patch(`/applications/${id}`, { budget: 5 });
    expect(unknownField.status).toBe(400);
    const empty = await applicant.patch(`/applications/${id}`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields[0].message).toEqual({
      zh: '至少修改一个字段',
      en: 'Change at least one field',
    });
    const float = await applicant.patch(`/applications/${id}`, { requestedFen: 100.5 });
    expect(float.status).toBe(400);
    expect(fieldPaths(float.body)).toEqual(['requestedFen']);

    const stale = await applicant.patch(`/applications/${id}`, { title: '新标题' }, { 'if-match': '"7"' });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('precondition_failed');
    expect(stale.body.error.message.zh).toContain('当前版本 1');
    const malformed = await applicant.patch(
      `/applications/${id}`,
      { title: '新标题' },
      { 'if-match': 'version-1' },
    );
    expect(malformed.status).toBe(400);

    const incomplete = await applicant.post(`/applications/${id}/submit`, SIGN);
    expect(incomplete.status).toBe(400);
    // Every missing part is named at once.
    expect(fieldPaths(incomplete.body)).toEqual([
      'budget',
      'indicators',
      'objectives',
      'pi',
      'requestedFen',
      'schedule',
      'summary',
      'technicalRoute',
    ]);
    expectBilingualFields(incomplete.body);

    expect(await snapshot()).toEqual(before);
    const stored = await applicant.get(`/applications/${id}`);
    expect(stored.body).toMatchObject({
      status: 'draft',
      version: 1,
      content: { title: completeDraft.title, summary: '' },
    });
  });

  it('refuses a submission above the call budget cap, naming the cap in yuan', async () => {
    const small = await createCall(officer, { budgetCapFen: 10_000_000 });
    const app = await applicant.post('/applications', {
      callId: small.id,
      ...completeDraft,
      requestedFen: 10_000_001,
    });
    const before = await snapshot();
    const res = await applicant.post(`/applications/${app.body.id}/submit`, SIGN);
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([
      {
        path: 'requestedFen',
        message: {
          zh: '申请经费须大于 0 且不超过本批次上限 ¥100,000.00',
          en: "Requested funding must be above 0 and at most the call's cap of ¥100,000.00",
        },
      },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad formal-check decisions without changing the application', async () => {
    const app = await applicant.post('/applications', { callId, ...completeDraft });
    expect((await applicant.post(`/applications/${app.body.id}/submit`, SIGN)).status).toBe(200);
    const before = await snapshot();

    const unknown = await officer.post(`/applications/${app.body.id}/formal-check`, { decision: 'maybe' });
    expect(unknown.status).toBe(400);
    expect(fieldPaths(unknown.body)).toEqual(['decision']);
    const noReason = await officer.post(`/applications/${app.body.id}/formal-check`, {
      decision: 'reject',
      reason: ' ',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields).toEqual([
      {
        path: 'reason',
        message: {
          zh: '退回或不予受理时须说明理由（不少于 5 个字）',
          en: 'A return or rejection needs a reason (at least 5 characters)',
        },
      },
    ]);
    expect(await snapshot()).toEqual(before);
    expect((await officer.get(`/applications/${app.body.id}`)).body.status).toBe('submitted');

    const draft = await applicant.post('/applications', { callId, ...completeDraft });
    const early = await officer.post(`/applications/${draft.body.id}/formal-check`, { decision: 'pass' });
    expect(early.status).toBe(409);
    expect(early.body.error.message.zh).toBe('申报书当前状态为“草稿”，不能执行此操作');
  });

  it('refuses out-of-range query parameters', async () => {
    const res = await officer.get('/events?limit=0');
    expect(res.status).toBe(400);
    expect(fieldPaths(res.body)).toEqual(['limit']);
    const status = await officer.get(`/calls/${callId}/applications?status=archived`);
    expect(status.status).toBe(400);
    expect(fieldPaths(status.body)).toEqual(['status']);
  });

  it('refuses query parameters the operation does not define, naming each', async () => {
    const typo = await officer.get(`/calls/${callId}/applications?stauts=submitted`);
    expect(typo.status).toBe(400);
    expect(fieldPaths(typo.body)).toEqual(['stauts']);
    expect(typo.body.error.fields[0].message.zh).toContain('未知的查询参数');
    expect(typo.body.error.fields[0].message.en).toContain('(accepted: status');
    const none = await officer.get('/calls?page=2');
    expect(none.status).toBe(400);
    expect(fieldPaths(none.body)).toEqual(['page']);
  });
});
