import { as, attachRequired, closeDb, completeDraft, count, createCall, Client, SIGN } from './support/api';
import { waitForClose } from './support/flows';

/**
 * Issue 14 §5 "Timing" (RULES §14: 申报中 → 已截止 → 形式审查中): the formal check and the review
 * rounds start only after the call closes, so nobody is checked or reviewed while others may still
 * submit, unless the program template says otherwise (`startDuringWindow`). Before the close a
 * decision, a batch and a round are refused with 422 naming the closing time, and write nothing.
 */
describe('the formal check and review rounds start after the call closes', () => {
  let officer: Client;
  let admin: Client;
  let applicant: Client; // 百色学院
  let applicant2: Client;
  let instAdmin: Client; // 百色学院科研处
  let auditor: Client;

  beforeAll(async () => {
    [officer, admin, applicant, applicant2, instAdmin, auditor] = await Promise.all(
      ['officer', 'admin', 'applicant', 'applicant2', 'inst-admin', 'auditor'].map(as),
    );
  });
  afterAll(closeDb);

  const submitted = async (who: Client, callId: string) => {
    const a = await who.post('/applications', { callId, ...completeDraft });
    expect(a.status).toBe(201);
    expect((await who.post(`/applications/${a.body.id}/submit`, SIGN)).status).toBe(200);
    return a.body.id as string;
  };

  /** Experts of this test only (a keyword of its own), enough for a panel of five with finance. */
  const pool = async () => {
    const tag = `截止后评审${Date.now().toString(36)}`;
    for (let i = 0; i < 6; i++) {
      const e = await officer.post('/experts', {
        name: `截止后评审专家${i + 1}`,
        title: '研究员',
        organisation: `截止后评审单位${tag}${i}`,
        keyFields: ['new_materials'],
        keywords: [tag],
        region: '广西百色',
        finance: i < 2,
        loadCap: 10,
        externalRef: `TIMING-${tag}-${i}`,
      });
      expect(e.status).toBe(201);
    }
    return { keywords: [tag] };
  };

  it('refuses a decision, a batch and a round before the close, naming it, with nothing written; after the close all three work', async () => {
    // Open long enough for two submissions and six experts on a busy machine (3 s was not).
    const call = await createCall(officer, { closesInMs: 12_000 });
    const [first, second] = [await submitted(applicant, call.id), await submitted(applicant2, call.id)];
    const experts = await pool();
    const local = call.windowEndLocal.replace(' (Asia/Shanghai)', '');
    const written = async () => ({
      events: await count('SELECT 1 FROM domain_events WHERE subject_id = ANY($1)', [[first, second]]),
      rounds: await count('SELECT 1 FROM review_rounds WHERE call_id = $1', [call.id]),
    });
    const before = await written();

    const early = await officer.post(`/applications/${first}/formal-check`, { decision: 'pass' });
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('window_not_open');
    expect(early.body.error.message).toEqual({
      zh: `形式审查须在申报截止后开始，本批次截止时间为 ${local}（北京时间）`,
      en: `The formal check starts only after the call closes, at ${local} (Asia/Shanghai)`,
    });
    const returnEarly = await officer.post(`/applications/${second}/formal-check`, {
      decision: 'return',
      reason: '预算说明不完整，请补充',
    });
    expect(returnEarly.status).toBe(422);
    // A batch over the open call is refused as a whole, not item by item.
    const batch = await officer.post(`/calls/${call.id}/formal-check/decisions`, {
      decisions: [
        { applicationId: first, decision: 'pass' },
        { applicationId: second, decision: 'reject', reason: '不符合本批次申报条件' },
      ],
    });
    expect(batch.status).toBe(422);
    expect(batch.body.error.message.zh).toContain(`本批次截止时间为 ${local}（北京时间）`);
    const round = await officer.post(`/calls/${call.id}/review-rounds`, { pool: experts });
    expect(round.status).toBe(422);
    expect(round.body.error.code).toBe('window_not_open');
    expect(round.body.error.message).toEqual({
      zh: `专家评审须在申报截止后开始，本批次截止时间为 ${local}（北京时间）`,
      en: `An expert review round starts only after the call closes, at ${local} (Asia/Shanghai)`,
    });
    // Who may do it is decided first, as before: the others are still 403, not 422.
    expect((await applicant.post(`/applications/${first}/formal-check`, { decision: 'pass' })).status).toBe(
      403,
    );
    expect((await auditor.post(`/calls/${call.id}/review-rounds`, { pool: experts })).status).toBe(403);
    expect(await written()).toEqual(before);
    for (const id of [first, second])
      expect((await officer.get(`/applications/${id}`)).body.status).toBe('submitted');

    // From the close on: a decision, a batch, then the round over what passed.
    await waitForClose(officer, call.id);
    const passed = await officer.post(`/applications/${first}/formal-check`, { decision: 'pass' });
    expect(passed.status).toBe(200);
    expect(passed.body.status).toBe('formal_check_passed');
    const decided = await officer.post(`/calls/${call.id}/formal-check/decisions`, {
      decisions: [{ applicationId: second, decision: 'pass' }],
    });
    expect(decided.status).toBe(200);
    expect(decided.body.results).toEqual([
      { applicationId: second, ok: true, status: 'formal_check_passed', error: null },
    ]);
    const started = await officer.post(`/calls/${call.id}/review-rounds`, { pool: experts });
    expect(started.status).toBe(201);
    expect(
      [...new Set(started.body.assignments.map((a: { applicationId: string }) => a.applicationId))].sort(),
    ).toEqual([first, second].sort());
  });

  it('lets a program whose template says so check applications during the window, and only that stage', async () => {
    // The red-mud horse race, for one call, with the formal check during the window (a rolling
    // call): saved under a code of its own, since files running beside this one use the seeded one.
    const seeded = (await officer.get('/program-templates/horse-race-red-mud')).body.template;
    expect(seeded.startDuringWindow).toEqual([]);
    const code = `horse-race-red-mud-e2e-${Date.now().toString(36)}`;
    const rolling = await admin.post('/program-templates', {
      ...seeded,
      code,
      startDuringWindow: ['formal_check'],
    });
    expect(rolling.status).toBe(201);
    expect(rolling.body.template.startDuringWindow).toEqual(['formal_check']);
    const created = await officer.post('/calls', {
      title: '赤泥综合利用赛马制（滚动受理）',
      mode: 'horse_race',
      templateCode: code,
      windowStart: new Date(Date.now() - 60_000).toISOString(),
      windowEnd: new Date(Date.now() + 600_000).toISOString(),
      budgetCapFen: 50_000_000,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'open', templateId: rolling.body.id });

    const a = await applicant.post('/applications', { callId: created.body.id, ...completeDraft });
    await attachRequired(applicant, a.body.id);
    expect((await applicant.post(`/applications/${a.body.id}/submit`, SIGN)).body.status).toBe(
      'awaiting_endorsement',
    );
    expect(
      (await instAdmin.post(`/applications/${a.body.id}/endorsement`, { decision: 'endorse' })).body.status,
    ).toBe('submitted');
    const passed = await officer.post(`/applications/${a.body.id}/formal-check`, { decision: 'pass' });
    expect(passed.status).toBe(200);
    expect(passed.body.status).toBe('formal_check_passed');
    // The template names the formal check only: a round still waits for the close.
    const round = await officer.post(`/calls/${created.body.id}/review-rounds`, {});
    expect(round.status).toBe(422);
    expect(round.body.error.message.en).toMatch(/^An expert review round starts only after the call closes/);
  });
});
