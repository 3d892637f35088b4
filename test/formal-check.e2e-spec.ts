import {
  as,
  attachRequired,
  closeDb,
  completeDraft,
  count,
  createCall,
  Client,
  request,
  SIGN,
  until,
} from './support/api';
import { publishedCall, waitForClose } from './support/flows';

const pledge = {
  goals: '两年内突破高端铝材精深加工关键工艺，建成示范生产线。',
  milestones: [{ title: '完成中试', due: '2027-06-30', indicator: '成品率≥85%' }],
  consequences: '未按期完成里程碑的，停止后续拨款并记入科研信用记录。',
};

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The formal check's automatic rules (credit gate, 限项 with registered projects, budget cap,
 * arithmetic, indirect-cost and co-funding caps, pledges, region, duplicates, completeness) at
 * their boundaries, with their reasons, batch decisions with a result per item, and the published list of those that passed.
 * `applicant3` is used only here, so the credit records other files write do not interfere.
 */
describe('formal check (形式审查)', () => {
  let officer: Client;
  let applicant: Client;
  let applicant3: Client;
  let auditor: Client;
  let admin: Client;
  let applicant2: Client;
  let enterprise: Client; // 百色银海铝业有限责任公司

  beforeAll(async () => {
    [officer, applicant, applicant3, auditor, admin, applicant2, enterprise] = await Promise.all(
      ['officer', 'applicant', 'applicant3', 'auditor', 'admin', 'applicant2', 'enterprise'].map(as),
    );
  });
  afterAll(closeDb);

  const rule = (items: Array<{ rule: string }>, name: string) => items.find((i) => i.rule === name) as any;

  const outcomes = (items: Array<{ rule: string; outcome: string }>) =>
    Object.fromEntries(items.map((i) => [i.rule, i.outcome]));
  /** A budget that adds up with the given indirect costs (self-funding covers them). */
  const withIndirect = (indirectFen: number) => ({
    ...completeDraft.budget,
    indirectFen,
    selfFundingFen: indirectFen,
  });
  const submitNew = async (who: Client, callId: string, extra: Record<string, unknown> = {}) => {
    const a = await who.post('/applications', { callId, ...completeDraft, ...extra });
    expect(a.status).toBe(201);
    const s = await who.post(`/applications/${a.body.id}/submit`, SIGN);
    expect(s.status).toBe(200);
    return s.body as { id: string; checklist: Array<{ rule: string; outcome: string; reasons: any[] }> };
  };

  it('warns at submission and explains each rule to the officer, at its boundaries', async () => {
    // Its three submissions fit in the window (also on a loaded machine); the officer decides once
    // it has closed.
    const call = await createCall(officer, { budgetCapFen: 30_000_000, closesInMs: 5_000 });
    // Exactly at the cap passes.
    const submitted = await submitNew(applicant3, call.id, { requestedFen: 30_000_000 });
    expect(submitted.checklist.map((i) => [i.rule, i.outcome])).toEqual([
      ['credit', 'pass'],
      ['concurrent_limit', 'pass'],
      ['budget_cap', 'pass'],
      ['budget_arithmetic', 'pass'],
      ['indirect_cost', 'pass'],
      ['co_funding', 'pass'],
      ['required_documents', 'pass'],
      ['integrity_pledge', 'fail'], // the PI signed; 百色职业学院 has not yet
      ['pi_seniority', 'pass'], // no template, no title rule
      ['region', 'pass'], // 百色职业学院 is registered in 右江区
      ['duplicate', 'pass'],
      ['content_complete', 'pass'],
    ]);
    expect(rule(submitted.checklist, 'budget_cap').reasons[0].zh).toBe(
      '申请经费 ¥300,000.00，上限 ¥300,000.00',
    );
    expect(rule(submitted.checklist, 'integrity_pledge').reasons).toEqual([
      { zh: '依托单位未签署科研诚信承诺', en: 'The host institution has not signed the pledge' },
    ]);
    const first = submitted.id;

    // One fen over the cap is refused at submission, naming the cap.
    const over = await applicant3.post('/applications', {
      callId: call.id,
      ...completeDraft,
      requestedFen: 30_000_001,
      budget: { ...completeDraft.budget, selfFundingFen: 2_999_999 },
    });
    const overSubmit = await applicant3.post(`/applications/${over.body.id}/submit`, SIGN);
    expect(overSubmit.status).toBe(400);
    expect(overSubmit.body.error.fields).toEqual([
      {
        path: 'requestedFen',
        message: {
          zh: '申请经费须大于 0 且不超过本批次上限 ¥300,000.00',
          en: "Requested funding must be above 0 and at most the call's cap of ¥300,000.00",
        },
      },
    ]);

    // A second application by the same PI in the same call breaks the city's 限项 (1 per call),
    // and its title is flagged as a possible duplicate (never rejected for it).
    const second = await submitNew(applicant3, call.id);
    expect(rule(second.checklist, 'concurrent_limit')).toMatchObject({
      outcome: 'fail',
      reasons: [
        {
          zh: '项目负责人在本批次共有 2 项申报，限 1 项',
          en: 'The PI has 2 application(s) in this call; the limit is 1',
        },
      ],
    });
    expect(rule(second.checklist, 'duplicate').outcome).toBe('flag');
    expect(rule(second.checklist, 'duplicate').reasons[0].zh).toContain('相似度 1.00');

    // Indirect costs: direct ¥300,000 minus equipment ¥50,000 leaves a base of ¥250,000; 30 % of
    // it is ¥75,000. Exactly that passes, one fen more fails.
    const atCap = await submitNew(applicant3, (await createCall(officer)).id, {
      budget: withIndirect(7_500_000),
    });
    expect(outcomes(atCap.checklist)).toMatchObject({ indirect_cost: 'pass', budget_arithmetic: 'pass' });
    const overCap = await submitNew(applicant3, (await createCall(officer)).id, {
      budget: withIndirect(7_500_001),
    });
    expect(rule(overCap.checklist, 'indirect_cost')).toMatchObject({
      outcome: 'fail',
      reasons: [
        { zh: '间接费用 ¥75,000.01，上限 ¥75,000.00' },
        { zh: '按直接费用扣除设备费 ¥250,000.00 分段核定（30%/25%/20%），上限 ¥75,000.00' },
      ],
    });

    // A budget whose sources do not cover its costs fails the arithmetic, naming the gap.
    const unbalanced = await submitNew(applicant3, (await createCall(officer)).id, {
      budget: { ...completeDraft.budget, selfFundingFen: 2_999_999 },
    });
    expect(rule(unbalanced.checklist, 'budget_arithmetic')).toMatchObject({ outcome: 'fail' });
    expect(rule(unbalanced.checklist, 'budget_arithmetic').reasons[1].zh).toBe(
      '支出合计与资金来源相差 ¥0.01',
    );

    // A credit record bans the PI: the officer's checklist now fails the credit rule, naming why,
    // and the credit-adjusted rate (20 % for a minor breach) lowers the indirect-cost cap.
    const rec = await officer.post('/credit-records', {
      subject: { type: 'person', id: applicant3.user.id },
      kind: 'overdue_report',
      severity: 'minor',
      stage: 'execution',
      facts: '上一项目年度报告逾期未提交，经催告仍未提交。',
      effectiveFrom: today(),
    });
    expect(rec.status).toBe(201);
    const checklist = await officer.get(`/applications/${first}/checklist`);
    expect(checklist.status).toBe(200);
    const credit = rule(checklist.body.items, 'credit');
    expect(credit.outcome).toBe('fail');
    expect(credit.reasons[0].zh).toContain('覃强');

    // The ban bars (RULES §3, §4): the officer cannot pass the application submitted before it
    // (once the call has closed), and a new submission to a call still open is refused with 422,
    // naming the record and its end date; neither writes.
    const banUntil = `${Number(today().slice(0, 4)) + 1}${today().slice(4)}`;
    const history = () => count(`SELECT 1 FROM domain_events WHERE subject_id = $1`, [first]);
    await waitForClose(officer, call.id);
    const eventsBefore = await history();
    const pass = await officer.post(`/applications/${first}/formal-check`, { decision: 'pass' });
    expect(pass.status).toBe(422);
    expect(pass.body.error.code).toBe('credit_barred');
    expect(pass.body.error.message.zh).toContain(`信用记录 ${rec.body.id}`);
    expect(pass.body.error.message.zh).toContain(`禁止期至 ${banUntil}（当日解除）`);
    expect(pass.body.error.message.en).toContain(`banned until ${banUntil}`);
    expect(pass.body.error.fields.map((f: { path: string }) => f.path)).toContain(
      `creditRecords.${rec.body.id}`,
    );
    expect((await officer.get(`/applications/${first}`)).body.status).toBe('submitted');
    expect(await history()).toBe(eventsBefore);
    const open = await createCall(officer, { budgetCapFen: 30_000_000 });
    const draft = await applicant3.post('/applications', { callId: open.id, ...completeDraft });
    expect(draft.status).toBe(201);
    const draftEvents = await count(`SELECT 1 FROM domain_events WHERE subject_id = $1`, [draft.body.id]);
    const refused = await applicant3.post(`/applications/${draft.body.id}/submit`, SIGN);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('credit_barred');
    expect(refused.body.error.message.zh).toContain('项目负责人覃强');
    expect(refused.body.error.message.zh).toContain(`信用记录 ${rec.body.id}`);
    expect(refused.body.error.message.zh).toContain(`禁止期至 ${banUntil}（当日解除）`);
    expect((await applicant3.get(`/applications/${draft.body.id}`)).body.status).toBe('draft');
    expect(await count(`SELECT 1 FROM domain_events WHERE subject_id = $1`, [draft.body.id])).toBe(
      draftEvents,
    );
    expect(await count(`SELECT 1 FROM application_versions WHERE application_id = $1`, [draft.body.id])).toBe(
      0,
    );
    expect(await count(`SELECT 1 FROM application_pledges WHERE application_id = $1`, [draft.body.id])).toBe(
      0,
    );
    const lowered = await officer.get(`/applications/${atCap.id}/checklist`);
    expect(rule(lowered.body.items, 'indirect_cost')).toMatchObject({
      outcome: 'fail',
      reasons: [
        { zh: '间接费用 ¥75,000.00，上限 ¥50,000.00' },
        { zh: '信用等级对应比例 20%，以直接费用扣除设备费 ¥250,000.00 计，上限 ¥50,000.00' },
      ],
    });
    // The run at submission is kept with its reasons; the officer's GET only reads (a run the
    // officer decides on is kept with the decision, and the refused pass wrote nothing).
    const runs = await auditor.get(`/events?subjectType=application&subjectId=${first}`);
    const kept = runs.body.items.filter((e: { type: string }) => e.type === 'application.formal_check_run');
    expect(kept.map((e: { payload: { stage: string } }) => e.payload.stage)).toEqual(['submission']);
  });

  it('checks 限项 against registered projects: ongoing in the program, overdue for the PI or the institution', async () => {
    const register = (body: Record<string, unknown>) =>
      officer.post('/projects', {
        institutionId: '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e03', // 右江民族医学院
        piId: applicant2.user.id,
        source: '百色市科技局 2024 年立项文件',
        ...body,
      });
    const call = await createCall(officer);
    const clean = await submitNew(applicant2, call.id, { title: '芒果炭疽病生物防治技术研究' });
    expect(rule(clean.checklist, 'concurrent_limit').outcome).toBe('pass');

    // Overdue and not accepted: the institution is suspended from applying.
    const overdue = await register({
      programCode: 'key-rd',
      title: '右江河谷中药材种植技术示范',
      piId: officer.user.id, // another PI of the same institution
      status: 'ongoing',
      startsOn: '2023-01-01',
      endsOn: '2025-12-31',
    });
    expect(overdue.status).toBe(201);
    expect(overdue.body.overdue).toBe(true);
    const checked = await officer.get(`/applications/${clean.id}/checklist`);
    expect(rule(checked.body.items, 'concurrent_limit')).toMatchObject({
      outcome: 'fail',
      reasons: [
        { zh: '项目负责人在本批次共有 1 项申报，限 1 项' },
        { zh: '依托单位有逾期未验收项目，暂停申报：右江河谷中药材种植技术示范' },
      ],
    });
    // A project the PI led and that was accepted is no obstacle, but a similar one is flagged.
    const accepted = await register({
      programCode: 'key-rd',
      title: '芒果炭疽病生物防治技术研究与示范',
      status: 'accepted',
      startsOn: '2024-01-01',
      endsOn: '2025-06-30',
      acceptedOn: '2025-09-30',
    });
    expect(accepted.status).toBe(201);
    const again = await officer.get(`/applications/${clean.id}/checklist`);
    expect(rule(again.body.items, 'duplicate')).toMatchObject({ outcome: 'flag' });
    // (Its summary is also that of applicant2's other test applications: those are flagged too.)
    expect(rule(again.body.items, 'duplicate').reasons.map((r: { zh: string }) => r.zh)).toContainEqual(
      expect.stringContaining('项目“芒果炭疽病生物防治技术研究与示范”'),
    );

    // Bad input names its fields and writes nothing.
    // A project the refused request would have written has its title.
    const projects = () => count(`SELECT 1 FROM projects WHERE title = 'x'`);
    const before = await projects();
    const bad = await register({
      programCode: 'key-rd',
      title: 'x',
      status: 'accepted',
      startsOn: '2025-01-01',
      endsOn: '2024-01-01',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'acceptedOn',
      'endsOn',
      'title',
    ]);
    expect(await projects()).toBe(before);
    expect((await applicant2.post('/projects', {})).status).toBe(403);
  });

  it('checks partners against the region rule and co-funding for enterprise-led bids', async () => {
    // Without a template the city rule applies: partners registered in Baise only.
    const call = await createCall(officer);
    const outside = await submitNew(applicant2, call.id, {
      title: '壮药质量标准研究',
      cooperators: [{ name: '广州中医药大学', region: '广东广州', division: '质量标准方法学研究' }],
    });
    expect(rule(outside.checklist, 'region')).toMatchObject({
      outcome: 'fail',
      reasons: [
        { zh: '依托单位注册在百色市右江区' },
        { zh: '本计划不接受市外合作单位：广州中医药大学（广东广州）' },
      ],
    });

    // The challenge program allows cross-region partners and asks enterprises for ≥ 1:1.
    const { callId, challengeId } = await publishedCall(officer, admin, applicant, 'challenge', {
      startsInMs: -1_000,
      endsInMs: 600_000,
    });
    const bid = async (selfFundingFen: number) => {
      const a = await enterprise.post('/applications', {
        callId,
        topicId: challengeId,
        ...completeDraft,
        title: `高端铝材精深加工工艺揭榜（自筹 ${selfFundingFen}）`,
        pledge,
        cooperators: [{ name: '中南大学', region: '湖南长沙', division: '工艺机理研究' }],
        // Grant ¥300,000; direct ¥300,000 + indirect ¥30,000 + ¥300,000 more business costs.
        budget: {
          ...completeDraft.budget,
          business: [...completeDraft.budget.business, { item: '企业中试投入', amountFen: 30_000_000 }],
          selfFundingFen,
          coFundingFen: 33_000_000 - selfFundingFen,
        },
      });
      expect(a.status).toBe(201);
      await attachRequired(enterprise, a.body.id);
      const s = await enterprise.post(`/applications/${a.body.id}/submit`, SIGN);
      expect(s.status).toBe(200);
      return s.body.checklist;
    };
    // Self + co-funding ¥330,000 against a grant of ¥300,000: met whatever the split.
    const met = await bid(30_000_000);
    expect(outcomes(met)).toMatchObject({ co_funding: 'pass', region: 'pass', budget_arithmetic: 'pass' });
    expect(rule(met, 'region').reasons[1].zh).toBe('市外合作单位 1 家，本计划允许跨区域合作');
  });

  it('fails co-funding one fen under 1:1 for an enterprise, and does not ask it of a university', async () => {
    const { callId, challengeId } = await publishedCall(officer, admin, applicant, 'challenge', {
      startsInMs: -1_000,
      endsInMs: 600_000,
    });
    const bid = async (who: Client, coFundingFen: number) => {
      // Grant ¥300,000; the costs grow with the co-funding so the budget always adds up.
      const a = await who.post('/applications', {
        callId,
        topicId: challengeId,
        ...completeDraft,
        title: `赤泥基胶凝材料揭榜（配套 ${coFundingFen}）`,
        pledge,
        budget: {
          ...completeDraft.budget,
          business: [
            ...completeDraft.budget.business,
            ...(coFundingFen ? [{ item: '企业配套研发投入', amountFen: coFundingFen }] : []),
          ],
          selfFundingFen: 3_000_000,
          coFundingFen,
        },
      });
      expect(a.status).toBe(201);
      await attachRequired(who, a.body.id);
      const s = await who.post(`/applications/${a.body.id}/submit`, SIGN);
      expect(s.status).toBe(200);
      return rule(s.body.checklist, 'co_funding');
    };
    // Self ¥30,000 + co ¥270,000 = ¥300,000 = the grant: exactly 1:1 passes.
    expect((await bid(enterprise, 27_000_000)).outcome).toBe('pass');
    const under = await bid(enterprise, 26_999_999);
    expect(under).toMatchObject({
      outcome: 'fail',
      reasons: [{ zh: '企业牵头须自筹 ≥ 1:1：自筹及配套 ¥299,999.99，申请 ¥300,000.00' }],
    });
    expect(await bid(applicant2, 0)).toMatchObject({
      outcome: 'pass',
      reasons: [{ zh: '依托单位不是企业，不要求自筹配套' }],
    });
  });

  it('applies the program’s PI title level, but never to a challenge bid (揭榜不论资历)', async () => {
    const junior = { ...completeDraft.pi, title: '助理研究员', titleLevel: 'junior' };
    // The key R&D program asks for an intermediate title or above.
    const keyRd = await publishedCall(officer, admin, applicant, 'key-rd', {
      startsInMs: -1_000,
      endsInMs: 600_000,
    });
    const a = await applicant2.post('/applications', { callId: keyRd.callId, ...completeDraft, pi: junior });
    await attachRequired(applicant2, a.body.id);
    const sent = await applicant2.post(`/applications/${a.body.id}/submit`, SIGN);
    expect(rule(sent.body.checklist, 'pi_seniority')).toMatchObject({
      outcome: 'fail',
      reasons: [{ zh: '项目负责人职称级别初级，本计划要求中级及以上' }],
    });
    const challenge = await publishedCall(officer, admin, applicant, 'challenge', {
      startsInMs: -1_000,
      endsInMs: 600_000,
    });
    const b = await applicant2.post('/applications', {
      callId: challenge.callId,
      topicId: challenge.challengeId,
      ...completeDraft,
      pi: { ...junior, titleLevel: 'none', title: '工程师助理' },
      pledge,
    });
    await attachRequired(applicant2, b.body.id);
    const bid = await applicant2.post(`/applications/${b.body.id}/submit`, SIGN);
    expect(rule(bid.body.checklist, 'pi_seniority')).toMatchObject({
      outcome: 'pass',
      reasons: [{ zh: '揭榜挂帅不设职称和资历门槛' }],
    });
  });

  it('decides a batch with a result per item, then publishes the list of those that passed', async () => {
    // Three submissions fit in its window, also on a loaded machine (2.2 of 3 s were taken once).
    const call = await createCall(officer, { closesInMs: 5_000 });
    const other = await createCall(officer);
    const make = async (callId: string, submit = true) => {
      const a = await applicant.post('/applications', { callId, ...completeDraft });
      if (submit) expect((await applicant.post(`/applications/${a.body.id}/submit`, SIGN)).status).toBe(200);
      return a.body.id as string;
    };
    const [pass, ret, draft, foreign] = [
      await make(call.id),
      await make(call.id),
      await make(call.id, false),
      await make(other.id),
    ];

    expect((await request('GET', `/public/calls/${call.id}/passed-list`)).status).toBe(404);
    // The batch once the call has closed, when the draft left unsubmitted has lapsed.
    await waitForClose(officer, call.id);
    await until(
      () => applicant.get(`/applications/${draft}`),
      (r) => r.body.status === 'lapsed',
    );
    const before = await count(
      `SELECT 1 FROM domain_events WHERE type LIKE 'application.%' AND subject_id = ANY($1)`,
      [[draft, foreign]],
    );
    const res = await officer.post(`/calls/${call.id}/formal-check/decisions`, {
      decisions: [
        { applicationId: pass, decision: 'pass' },
        { applicationId: ret, decision: 'return', reason: '缺少依托单位承诺书' },
        { applicationId: draft, decision: 'pass' },
        { applicationId: foreign, decision: 'reject', reason: '不属于本批次的申报' },
      ],
    });
    expect(res.status).toBe(200);
    expect(
      res.body.results.map((r: { ok: boolean; status: string | null; error: { code: string } | null }) => [
        r.ok,
        r.status,
        r.error?.code ?? null,
      ]),
    ).toEqual([
      [true, 'formal_check_passed', null],
      [true, 'returned', null],
      [false, null, 'invalid_state'],
      [false, null, 'not_found'],
    ]);
    // The refused items changed nothing.
    expect(
      await count(`SELECT 1 FROM domain_events WHERE type LIKE 'application.%' AND subject_id = ANY($1)`, [
        [draft, foreign],
      ]),
    ).toBe(before);

    const published = await officer.post(`/calls/${call.id}/passed-list`);
    expect(published.status).toBe(200);
    const pub = await request('GET', `/public/calls/${call.id}/passed-list`);
    expect(pub.status).toBe(200);
    expect(pub.body.applications).toEqual([
      { id: pass, title: completeDraft.title, institution: '百色学院' },
    ]);
  });

  it('keeps the checklist, batches and publication to staff', async () => {
    const call = await createCall(officer);
    const a = await applicant.post('/applications', { callId: call.id, ...completeDraft });
    expect((await applicant.get(`/applications/${a.body.id}/checklist`)).status).toBe(403);
    expect((await auditor.get(`/applications/${a.body.id}/checklist`)).status).toBe(200);
    expect(
      (
        await applicant.post(`/calls/${call.id}/formal-check/decisions`, {
          decisions: [{ applicationId: a.body.id, decision: 'pass' }],
        })
      ).status,
    ).toBe(403);
    expect((await auditor.post(`/calls/${call.id}/passed-list`)).status).toBe(403);
    const bad = await officer.post(`/calls/${call.id}/formal-check/decisions`, {
      decisions: [{ applicationId: 'x', decision: 'maybe' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'decisions.0.applicationId',
      'decisions.0.decision',
    ]);
  });
});
