import {
  apiUrl,
  as,
  attachRequired,
  closeDb,
  Client,
  completeDraft,
  count,
  login,
  request,
  SIGN,
  TINY_PDF,
  until,
} from './support/api';
import {
  closingIn,
  DRILL_DURATIONS,
  drillProgram,
  publishedCall,
  scoredRound,
  signAll,
  signedDirectedProjects,
  waitForClose,
} from './support/flows';
import { OWN_USERS } from './support/fuzz-users';

/**
 * 验收 / 结题 end to end (issue 16 §1), on a program written as a template with durations of
 * seconds: the term ends twenty seconds after signing, acceptance opens with a ten-minute window,
 * and a published conclusion is open to objections for five seconds. Of three projects of the same
 * call, one passes (excellent): it gets its final installment and keeps its surplus; one is
 * conditional, rectifies and passes; one fails, with an objection answered, a credit record for
 * its PI and a recovery order of the unspent funds.
 */
describe('project acceptance (验收)', () => {
  afterAll(closeDb);

  it('pass keeps the surplus and releases the final installment; conditional rectifies and passes; fail records credit and recovers', async () => {
    const [
      officer,
      officer2,
      admin,
      auditor,
      expert,
      otherPi,
      otherHost,
      piA,
      hostA,
      piB,
      hostB,
      piC,
      hostC,
    ] = await Promise.all(
      [
        'officer',
        'officer2',
        'admin',
        'auditor',
        'expert',
        'applicant2',
        'inst-admin3',
        OWN_USERS.acceptPassPi.username,
        OWN_USERS.acceptPassHost.username,
        OWN_USERS.acceptFixPi.username,
        OWN_USERS.acceptFixHost.username,
        OWN_USERS.acceptFailPi.username,
        OWN_USERS.acceptFailHost.username,
      ].map(as),
    );

    // The directed program as a drill: no mid-term check, a twenty-second term, acceptance terms
    // of seconds and minutes, an audit report above ¥100,000, 60 % paid at signing, 40 % on acceptance.
    const base = (await officer.get('/program-templates/directed-key-industry')).body.template;
    const code = `acceptance-e2e-${Date.now().toString(36)}`;
    const template = {
      ...base,
      code,
      name: { zh: '验收测试计划', en: 'Acceptance test program' },
      stages: base.stages.filter((s: string) => s !== 'midterm_check'),
      durations: {
        ...base.durations,
        ...DRILL_DURATIONS,
        midtermPoint: undefined,
        executionLength: 'PT20S',
        reportCadence: 'PT20S',
        acceptanceWindow: 'PT10M',
        acceptanceOverdueLimit: 'PT10M',
        acceptanceRectifyWindow: 'PT10M',
        acceptanceObjectionPeriod: 'PT5S',
      },
      funding: {
        installments: [
          { sharePercent: 60, releasedBy: 'signing' },
          { sharePercent: 40, releasedBy: 'acceptance' },
        ],
        auditThresholdFen: 10_000_000,
      },
    };
    // The template refuses a nonsense acceptance term on its field.
    const bad = await admin.post('/program-templates', {
      ...template,
      code: `${code}-bad`,
      durations: { ...template.durations, acceptanceObjectionWorkingDays: 0 },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.fields)).toContain('acceptanceObjectionWorkingDays');
    expect((await admin.post('/program-templates', template)).status).toBe(201);

    const [a, b, c] = await signedDirectedProjects(
      code,
      [officer, admin],
      [
        [piA, hostA],
        [piB, hostB],
        [piC, hostC],
      ],
    );
    const amounts = (x: typeof a) =>
      x.agreement.installments.map((i: { amountFen: number }) => i.amountFen) as number[];
    for (const x of [a, b, c]) {
      expect((await officer.post(`/agreements/${x.agreementId}/installments/1/approval`)).status).toBe(200);
      expect((await admin.post(`/agreements/${x.agreementId}/installments/1/payment`)).status).toBe(200);
    }
    // Before acceptance, the final installment is refused with the rule's reason.
    const early = await officer.post(`/agreements/${a.agreementId}/installments/2/approval`);
    expect(early.status).toBe(409);
    expect(early.body.error.message.zh).toContain('验收通过后');

    const A = `/projects/${a.projectId}` as const;
    const B = `/projects/${b.projectId}` as const;
    const C = `/projects/${c.projectId}` as const;
    // Acceptance opens at the term's end, with its deadlines; not overdue within the window.
    for (const [who, P] of [
      [piA, A],
      [piB, B],
      [piC, C],
    ] as const) {
      const opened = await until(
        () => who.get(`${P}/acceptance`),
        (r) => r.status === 200 && r.body.phase === 'awaiting',
        60_000,
      );
      expect(opened.body).toMatchObject({ round: 1, overdue: false, verdict: null, dossier: null });
    }
    expect((await officer.get(A)).body.overdue).toBe(false);

    // Evidence: the PI uploads the audit report to the project.
    const uploadTo = (who: Client, P: string, name: string) =>
      fetch(`${apiUrl()}${P}/attachments?${new URLSearchParams({ name })}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/pdf' },
        body: TINY_PDF,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string } }));
    const auditA = await uploadTo(piA, A, '审计报告.pdf');
    expect(auditA.status).toBe(201);

    // The agreement's indicators (the application's): 赤泥综合利用率 30 %, 发明专利申请 2 件.
    const dossier = (
      [rate, patents]: [number, number],
      spent: [number, number, number],
      auditReportId: string | null,
    ) => ({
      summary: '完成赤泥脱碱预处理工艺研究与中试，建成示范线一条。',
      indicators: [
        {
          name: '赤泥综合利用率',
          unit: '%',
          target: 30,
          achieved: rate,
          evidence: '第三方检测报告（检字第 0421 号）',
          attachmentIds: auditReportId ? [auditReportId] : [],
        },
        { name: '发明专利申请', unit: '件', target: 2, achieved: patents, evidence: '专利受理通知书' },
      ],
      accounts: [
        { category: 'equipment', plannedFen: 8_000_000, spentFen: spent[0] },
        { category: 'business', plannedFen: 16_000_000, spentFen: spent[1] },
        { category: 'labour', plannedFen: 6_000_000, spentFen: spent[2] },
      ],
      auditReportId,
    });
    // A: ¥280,000 spent of ¥300,000 (paid 60 % + 40 % on the pass): ¥20,000 surplus.
    const dossierA = dossier([32, 2], [7_000_000, 15_500_000, 5_500_000], auditA.body.id);

    // Who may do what, on every new endpoint (a refused request writes nothing).
    const events = () => count(`SELECT 1 FROM domain_events WHERE subject_id = $1`, [a.projectId]);
    const before = await events();
    const readers: Array<[Client, number]> = [
      [officer, 200],
      [admin, 200],
      [auditor, 200],
      [piA, 200],
      [hostA, 200],
      [otherPi, 404],
      [otherHost, 404],
      [expert, 404],
    ];
    for (const [who, status] of readers)
      expect([who.user.roles, (await who.get(`${A}/acceptance`)).status]).toEqual([who.user.roles, status]);
    const staffOnly = [auditor, piA, hostA, expert, otherPi, otherHost].map(
      (x) => [x, 403] as [Client, number],
    );
    const commands: Array<[string, object, Array<[Client, number]>]> = [
      [
        'dossier',
        dossierA,
        [officer, admin, auditor, hostA, expert, otherHost]
          .map((x) => [x, 403] as [Client, number])
          .concat([[otherPi, 404]]),
      ],
      [
        'confirmation',
        { opinion: '材料属实' },
        [officer, admin, auditor, piA, expert, otherPi]
          .map((x) => [x, 403] as [Client, number])
          .concat([[otherHost, 404]]),
      ],
      ['check', { complete: true }, staffOnly],
      ['panel', { pool: { keywords: ['x'] } }, staffOnly],
      ['review', { opinion: '完成任务书指标', recommendation: 'pass' }, staffOnly],
      ['decision', { verdict: 'pass', reasons: '完成任务书指标' }, staffOnly],
    ];
    for (const [step, body, refused] of commands)
      for (const [who, status] of refused)
        expect([
          step,
          who.user.roles,
          (await who.post(`${A}/acceptance/${step}` as `${typeof A}/acceptance/check`, body)).status,
        ]).toEqual([step, who.user.roles, status]);
    const someObjection = '00000000-0000-4000-8000-0000000000aa';
    for (const who of [auditor, piA, hostA, expert])
      expect(
        (
          await who.post(`${A}/acceptance/objections/${someObjection}/answer`, {
            outcome: 'dismissed',
            reply: '维持',
          })
        ).status,
      ).toBe(403);
    // Nothing is published yet: no objection for anyone; staff out of order.
    for (const who of [expert, otherPi, auditor])
      expect(
        (await who.post(`${A}/acceptance/objections`, { name: '张三', reasons: '结论不实，请复核' })).status,
      ).toBe(409);
    expect((await officer.post(`${A}/acceptance/check`, { complete: true })).status).toBe(409);
    // The dossier: a file that is not the project's is refused on its field; above ¥100,000
    // without an audit report, refused naming both amounts.
    const stranger = '7d0c9a52-0000-4000-8000-000000000abc';
    const badCite = await piA.post(`${A}/acceptance/dossier`, {
      ...dossierA,
      indicators: [{ ...dossierA.indicators[0], attachmentIds: [stranger] }, dossierA.indicators[1]],
    });
    expect(badCite.status).toBe(422);
    expect(badCite.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'indicators.0.attachmentIds.0',
    ]);
    // Every indicator of the agreement, at the agreement's target (the PI does not set the bar).
    const lowBar = await piA.post(`${A}/acceptance/dossier`, {
      ...dossierA,
      indicators: [{ ...dossierA.indicators[0], target: 20 }],
    });
    expect(lowBar.status).toBe(422);
    expect(lowBar.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'indicators.0.target',
      'indicators',
    ]);
    const noAudit = await piA.post(`${A}/acceptance/dossier`, {
      ...dossierA,
      auditReportId: null,
      indicators: [{ ...dossierA.indicators[0], attachmentIds: [] }, dossierA.indicators[1]],
    });
    expect(noAudit.status).toBe(422);
    expect(noAudit.body.error.message.zh).toContain('须附审计报告');
    expect(await events()).toBe(before);
    expect((await request('GET', '/public/acceptance-conclusions')).status).toBe(200);

    // A: dossier, confirmation, check, review, pass with distinction (published, then final).
    const sent = await piA.post(`${A}/acceptance/dossier`, dossierA);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ phase: 'submitted', completion: 1, spentFen: 28_000_000, late: false });
    expect((await hostA.post(`${A}/acceptance/confirmation`, { opinion: '材料属实' })).body.phase).toBe(
      'confirmed',
    );
    const checked = await officer.post(`${A}/acceptance/check`, { complete: true });
    expect(checked.body.check).toMatchObject({ complete: true, late: false, unapprovedChanges: 0 });
    // A's review is the acceptance panel's (验收专家组): this file's six experts, five of their own
    // organisations (one a finance expert) and one of A's host institution, whom the conflict
    // engine keeps off the panel. Convening: staff only.
    const run = Date.now().toString(36);
    const tag = `验收专家组${run}`;
    const experts = new Map<string, Client>();
    for (let i = 0; i < 6; i++) {
      const username = `ap${run}e${i}`;
      const own = i === 5;
      const e = await officer.post('/experts', {
        name: `验收评审专家${run.slice(-4)}${i + 1}`,
        title: '研究员',
        organisation: own ? '项目依托单位' : `验收专家单位${run}-${i}`,
        ...(own ? { institutionId: hostA.user.institutionId } : {}),
        keyFields: ['modern_agriculture_forestry'],
        keywords: [tag],
        region: '广西百色',
        finance: i === 0,
        loadCap: 5,
        externalRef: `AP-${run}-${i}`,
        account: { username, password: 'acceptance-panel-2026' },
      });
      expect(e.status).toBe(201);
      experts.set(e.body.id, await login(username, 'acceptance-panel-2026'));
    }
    const [finance, conflicted] = [[...experts.keys()][0], [...experts.keys()][5]];
    const pool = { pool: { keywords: [tag] } };
    for (const who of [piA, hostA, auditor, expert, otherPi, otherHost])
      expect([who.user.roles, (await who.post(`${A}/acceptance/panel`, pool)).status]).toEqual([
        who.user.roles,
        403,
      ]);
    const convened = await officer.post(`${A}/acceptance/panel`, pool);
    expect(convened.status).toBe(200);
    expect(convened.body.phase).toBe('panel');
    // At least five, odd, with the finance expert, never the conflicted one (RULES §10).
    const drawn: string[] = convened.body.panel.members.map((m: { expertId: string }) => m.expertId);
    expect(drawn).toHaveLength(5);
    expect(drawn).toContain(finance);
    expect(drawn).not.toContain(conflicted);
    // Five experts of five organisations: within maxPerOrganisation, which staff read on the panel.
    expect(convened.body.panel.organisationsOverLimit).toEqual([]);
    // A member reads the acceptance (not the rest of the project, nor who sits on the panel) and
    // answers on the panel routes.
    const member = experts.get(drawn[1])!;
    const memberRead = (await member.get(`${A}/acceptance`)).body;
    expect(memberRead.dossier.summary).toContain('示范线');
    expect(memberRead.panel.organisationsOverLimit).toBeNull();
    expect((await member.get(A)).status).toBe(404);
    for (const [k, id] of drawn.entries()) {
      const e = experts.get(id)!;
      const seat = (await e.get('/panel-reviews/mine')).body.items.find(
        (x: { projectId: string }) => x.projectId === a.projectId,
      );
      expect(seat).toMatchObject({ stage: 'acceptance', status: 'invited' });
      expect((await e.post(`/panel-reviews/${seat.id}/response`, { decision: 'accept' })).status).toBe(200);
      const opinion = { score: 90, opinion: '全面完成任务书考核指标，财务决算规范。' };
      // A mid-term decision is not an acceptance verdict (400 on its field).
      if (k === 0) {
        const wrong = await e.post(`/panel-reviews/${seat.id}/opinion`, {
          ...opinion,
          recommendation: 'continue',
        });
        expect([wrong.status, wrong.body.error.fields[0].path]).toEqual([400, 'recommendation']);
      }
      const given = await e.post(`/panel-reviews/${seat.id}/opinion`, {
        ...opinion,
        recommendation: k === 4 ? 'conditional' : 'pass',
      });
      expect(given.status).toBe(200);
      // 要求回避 on the acceptance panel: staff only (403 to the others, the member too); a seat
      // whose opinion is given is no longer recusable (409, changing nothing), and the mid-term
      // route does not reach an acceptance seat (404).
      if (k === 0) {
        const path = `${A}/acceptance/panel/members/${seat.id}/recusal` as const;
        const reason = '经核查，该专家与承担单位存在合作关系';
        const seats = async () => (await officer.get(`${A}/acceptance`)).body.panel.members;
        const before = await seats();
        for (const [who, status] of [
          ...[auditor, piA, hostA, expert, otherPi, otherHost, e].map((x) => [x, 403] as [Client, number]),
          [officer, 409],
          [admin, 409],
        ] as Array<[Client, number]>)
          expect([who.user.roles, (await who.post(path, { reason })).status]).toEqual([
            who.user.roles,
            status,
          ]);
        expect((await officer.post(`${A}/midterm/panel/members/${seat.id}/recusal`, { reason })).status).toBe(
          404,
        );
        expect(await seats()).toEqual(before);
      }
    }
    // Every seat answered: the panel's consolidated verdict is the review.
    const reviewed = await until(
      () => officer.get(`${A}/acceptance`),
      (r) => r.body.phase === 'reviewed',
      30_000,
    );
    expect(reviewed.body.review).toMatchObject({ by: 'panel', recommendation: 'pass', reviewedBy: null });
    expect(reviewed.body.panel).toMatchObject({
      status: 'closed',
      recommendation: 'pass',
      findings: { falseMaterial: false, spendingIssues: false },
    });
    expect(reviewed.body).toMatchObject({ phase: 'reviewed', suggestedVerdict: 'pass' });
    expect(
      (
        await officer2.post(`${A}/acceptance/decision`, {
          verdict: 'fail',
          reasons: '不通过',
          excellent: true,
        })
      ).status,
    ).toBe(400);
    const published = await officer2.post(`${A}/acceptance/decision`, {
      verdict: 'pass',
      reasons: '全面完成任务书考核指标，验收结论为优秀',
      excellent: true,
    });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ phase: 'published', verdict: 'pass', excellent: true });
    const listed = await request('GET', '/public/acceptance-conclusions');
    expect(listed.body.items).toContainEqual(
      expect.objectContaining({ projectId: a.projectId, verdict: 'pass', verdictLabel: '通过验收' }),
    );
    // After the window with no objection: final; the project accepted; the surplus kept.
    const finalA = await until(
      () => piA.get(`${A}/acceptance`),
      (r) => r.body.phase === 'final',
      30_000,
    );
    expect(finalA.body.settlement).toMatchObject({
      paidFen: amounts(a)[0],
      spentFen: 28_000_000,
      surplusFen: 2_000_000,
      surplusKept: true,
      recoveryOrderId: null,
    });
    expect((await piA.get(A)).body.status).toBe('accepted');
    expect((await piA.get(`${A}/recovery-orders`)).body.items).toEqual([]);
    // The final installment is released.
    expect((await officer.post(`/agreements/${a.agreementId}/installments/2/approval`)).status).toBe(200);
    expect((await admin.post(`/agreements/${a.agreementId}/installments/2/payment`)).status).toBe(200);
    const records = async (id: string, projectId: string) =>
      (
        (await officer.get(`/credit-records?subjectType=person&subjectId=${id}`)).body.items as Array<{
          kind: string;
          severity: string;
          projectId: string | null;
        }>
      ).filter((r) => r.projectId === projectId);
    expect(await records(piA.user.id, a.projectId)).toEqual([
      expect.objectContaining({ kind: 'excellent_acceptance', severity: 'positive' }),
    ]);

    // B: 85 % completion: no pass; conditional gives one rectification, then a pass.
    const auditB = await uploadTo(piB, B, '审计报告.pdf');
    await piB.post(
      `${B}/acceptance/dossier`,
      dossier([21, 2], [7_000_000, 15_000_000, 6_000_000], auditB.body.id),
    );
    await hostB.post(`${B}/acceptance/confirmation`, { opinion: '材料属实' });
    await officer.post(`${B}/acceptance/check`, { complete: true });
    const reviewedB = await officer.post(`${B}/acceptance/review`, {
      opinion: '综合利用率未达指标',
      recommendation: 'conditional',
    });
    expect(reviewedB.body).toMatchObject({
      completion: 0.85,
      allowedVerdicts: ['conditional', 'fail', 'closure'],
    });
    const noPass = await officer.post(`${B}/acceptance/decision`, { verdict: 'pass', reasons: '通过' });
    expect(noPass.status).toBe(422);
    expect(noPass.body.error.message.zh).toContain('任务完成率 85%');
    const rectify = await officer.post(`${B}/acceptance/decision`, {
      verdict: 'conditional',
      reasons: '综合利用率未达指标，限期整改',
    });
    expect(rectify.body).toMatchObject({ phase: 'rectifying', round: 2, fixBy: expect.any(String) });
    expect((await piB.get(B)).body.status).toBe('rectifying');
    await piB.post(
      `${B}/acceptance/dossier`,
      dossier([30, 2], [7_000_000, 15_000_000, 6_000_000], auditB.body.id),
    );
    await hostB.post(`${B}/acceptance/confirmation`, { opinion: '整改到位' });
    await officer.post(`${B}/acceptance/check`, { complete: true });
    await officer.post(`${B}/acceptance/review`, { opinion: '整改后达到指标', recommendation: 'pass' });
    expect(
      (await officer.post(`${B}/acceptance/decision`, { verdict: 'conditional', reasons: '再整改' })).status,
    ).toBe(422);
    expect(
      (await officer.post(`${B}/acceptance/decision`, { verdict: 'pass', reasons: '整改后通过' })).status,
    ).toBe(200);
    await until(
      () => piB.get(B),
      (r) => r.body.status === 'accepted',
      30_000,
    );

    // C: 50 % completion: only a fail; an objection holds the verdict until answered.
    await piC.post(`${C}/acceptance/dossier`, dossier([15, 1], [3_000_000, 4_000_000, 2_000_000], null));
    await hostC.post(`${C}/acceptance/confirmation`, { opinion: '材料属实' });
    await officer.post(`${C}/acceptance/check`, { complete: true });
    await officer.post(`${C}/acceptance/review`, { opinion: '主要指标未完成', recommendation: 'fail' });
    expect(
      (await officer.post(`${C}/acceptance/decision`, { verdict: 'closure', reasons: '结题' })).status,
    ).toBe(422);
    expect(
      (await officer.post(`${C}/acceptance/decision`, { verdict: 'fail', reasons: '任务完成率 50%' })).status,
    ).toBe(200);
    const objection = await expert.post(`${C}/acceptance/objections`, {
      name: '李四',
      reasons: '示范线已投产，检测数据未计入',
    });
    expect(objection.status).toBe(201);
    await new Promise((r) => setTimeout(r, 6_000));
    expect((await piC.get(`${C}/acceptance`)).body.phase).toBe('published');
    expect(
      (await expert.post(`${C}/acceptance/objections`, { name: '王五', reasons: '逾期提出的异议' })).status,
    ).toBe(409);
    const answered = await officer.post(`${C}/acceptance/objections/${objection.body.id}/answer`, {
      outcome: 'dismissed',
      reply: '经核查，检测报告日期在验收材料提交之后，结论维持',
    });
    expect(answered.status).toBe(200);
    const finalC = await until(
      () => piC.get(`${C}/acceptance`),
      (r) => r.body.phase === 'final',
      30_000,
    );
    expect(finalC.body.objections).toEqual([expect.objectContaining({ name: '李四', outcome: 'dismissed' })]);
    expect((await piC.get(C)).body.status).toBe('failed');
    // Paid ¥180,000, spent ¥90,000: ¥90,000 recovered; the PI's credit record.
    const orders = (await piC.get(`${C}/recovery-orders`)).body.items;
    expect(orders).toEqual([
      expect.objectContaining({ amountFen: amounts(c)[0] - 9_000_000, status: 'open' }),
    ]);
    expect(await records(piC.user.id, c.projectId)).toEqual([
      expect.objectContaining({ kind: 'failed_acceptance', severity: 'minor' }),
    ]);
    // The final installment is never released.
    expect((await officer.post(`/agreements/${c.agreementId}/installments/2/approval`)).status).toBe(409);
    const conclusions = (await request('GET', '/public/acceptance-conclusions')).body.items as Array<{
      projectId: string;
      verdict: string;
      final: boolean;
    }>;
    expect(
      conclusions
        .filter((x) => [a.projectId, b.projectId, c.projectId].includes(x.projectId))
        .map((x) => [x.projectId, x.verdict, x.final])
        .sort(),
    ).toEqual(
      [
        [a.projectId, 'pass', true],
        [b.projectId, 'pass', true],
        [c.projectId, 'fail', true],
      ].sort(),
    );
  }, 400_000);

  it('a challenge project is accepted on its agreed indicators by a panel with the issuer’s representative', async () => {
    const BAISE_COLLEGE = '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e02'; // issued the test challenge
    const [officer, admin, pi, host] = await Promise.all(
      ['officer', 'admin', OWN_USERS.acceptChallengePi.username, OWN_USERS.acceptChallengeHost.username].map(
        as,
      ),
    );
    // The challenge program as a drill: a twenty-second term, acceptance in seconds and minutes.
    const program = await drillProgram(admin, 'challenge', (t) => {
      Object.assign(t.durations, {
        executionLength: 'PT20S',
        reportCadence: 'PT20S',
        acceptanceWindow: 'PT10M',
        acceptanceOverdueLimit: 'PT10M',
        acceptanceObjectionPeriod: 'PT3S',
      });
    });
    const published = await publishedCall(
      officer,
      admin,
      await as('applicant'),
      program.code,
      closingIn(12_000),
    );
    const bid = await pi.post('/applications', {
      callId: published.callId,
      topicId: published.challengeId,
      ...completeDraft,
      title: '赤泥综合利用揭榜方案',
      pledge: {
        goals: '两年内赤泥综合利用率达到 30%，申请发明专利 2 件，建成示范线。',
        milestones: [{ title: '建成示范线', due: '2028-06-30', indicator: '赤泥综合利用率≥30%' }],
        consequences: '未按期通过里程碑考核的，停止后续拨款并记入科研信用记录。',
      },
    });
    expect(bid.status).toBe(201);
    await attachRequired(pi, bid.body.id);
    expect((await pi.post(`/applications/${bid.body.id}/submit`, SIGN)).status).toBe(200);
    await waitForClose(officer, published.callId);
    expect(
      (await officer.post(`/applications/${bid.body.id}/formal-check`, { decision: 'pass' })).status,
    ).toBe(200);
    const { roundId } = await scoredRound(officer, published.callId, () => 88, {
      experts: 9,
      issuer: { institutionId: BAISE_COLLEGE, organisation: '百色学院' },
    });
    const proposed = await officer.post(`/calls/${published.callId}/awards`, {
      roundId,
      items: [{ applicationId: bid.body.id, amountFen: 30_000_000 }],
      note: '揭榜方案经评审通过',
    });
    expect(proposed.status).toBe(201);
    expect((await admin.post(`/awards/${proposed.body.id}/approval`, { decision: 'approve' })).status).toBe(
      200,
    );
    await until(
      () => officer.get(`/awards/${proposed.body.id}`),
      (r) => r.body.status === 'final',
      60_000,
    );
    const list = await until(
      () => officer.get(`/awards/${proposed.body.id}/agreements`),
      (r) => Array.isArray(r.body.items) && r.body.items.length === 1,
    );
    const signed = (await signAll(list.body.items[0].id, [pi, host, officer], { performancePledge: true }))
      .body;
    const P = `/projects/${signed.projectId}` as const;
    await until(
      () => pi.get(`${P}/acceptance`),
      (r) => r.status === 200 && r.body.phase === 'awaiting',
      60_000,
    );

    // The panel's pool: eight experts of this run, the first of the issuing institution, one finance.
    const run = Date.now().toString(36);
    const tag = `揭榜验收${run}`;
    const experts = new Map<string, Client>();
    for (let i = 0; i < 8; i++) {
      const username = `ac${run}e${i}`;
      const e = await officer.post('/experts', {
        name: `揭榜验收专家${run.slice(-4)}${i + 1}`,
        title: '研究员',
        organisation: i === 0 ? '百色学院' : `揭榜验收专家单位${run}-${i}`,
        ...(i === 0 ? { institutionId: BAISE_COLLEGE } : {}),
        keyFields: ['new_materials'],
        keywords: [tag],
        region: '广西百色',
        finance: i === 1,
        loadCap: 5,
        externalRef: `AC-${run}-${i}`,
        account: { username, password: 'challenge-acceptance-2026' },
      });
      expect(e.status).toBe(201);
      experts.set(e.body.id, await login(username, 'challenge-acceptance-2026'));
    }
    const [issuerRep, finance] = [...experts.keys()];

    // The test is the agreement's indicators, at their targets (the 军令状's): reported achieved.
    const dossier = {
      summary: '示范线建成运行，赤泥综合利用率经第三方检测达到 31%。',
      indicators: [
        { name: '赤泥综合利用率', unit: '%', target: 30, achieved: 31, evidence: '第三方检测报告' },
        { name: '发明专利申请', unit: '件', target: 2, achieved: 2, evidence: '专利受理通知书' },
      ],
      accounts: [
        { category: 'equipment', plannedFen: 8_000_000, spentFen: 3_000_000 },
        { category: 'business', plannedFen: 16_000_000, spentFen: 4_000_000 },
        { category: 'labour', plannedFen: 6_000_000, spentFen: 1_000_000 },
      ],
    };
    expect((await pi.post(`${P}/acceptance/dossier`, dossier)).body).toMatchObject({ completion: 1 });
    await host.post(`${P}/acceptance/confirmation`, { opinion: '材料属实' });
    await officer.post(`${P}/acceptance/check`, { complete: true });
    const convened = await officer.post(`${P}/acceptance/panel`, { pool: { keywords: [tag] } });
    expect(convened.status).toBe(200);
    // The template's seven, with the issuer's representative and the finance expert (RULES §10, §12.3).
    const drawn: string[] = convened.body.panel.members.map((m: { expertId: string }) => m.expertId);
    expect(drawn).toHaveLength(7);
    expect(drawn).toEqual(expect.arrayContaining([issuerRep, finance]));
    for (const id of drawn) {
      const e = experts.get(id)!;
      const seat = (await e.get('/panel-reviews/mine')).body.items.find(
        (x: { projectId: string }) => x.projectId === signed.projectId,
      );
      expect((await e.post(`/panel-reviews/${seat.id}/response`, { decision: 'accept' })).status).toBe(200);
      expect(
        (
          await e.post(`/panel-reviews/${seat.id}/opinion`, {
            recommendation: 'pass',
            score: 88,
            opinion: '榜单指标全部达到，示范线运行稳定。',
          })
        ).status,
      ).toBe(200);
    }
    const reviewed = await until(
      () => officer.get(`${P}/acceptance`),
      (r) => r.body.phase === 'reviewed',
      30_000,
    );
    expect(reviewed.body).toMatchObject({
      review: { by: 'panel', recommendation: 'pass' },
      suggestedVerdict: 'pass',
    });
    expect(
      (await officer.post(`${P}/acceptance/decision`, { verdict: 'pass', reasons: '榜单指标全部达到' }))
        .status,
    ).toBe(200);
    await until(
      () => pi.get(P),
      (r) => r.body.status === 'accepted',
      30_000,
    );
  }, 300_000);
});
