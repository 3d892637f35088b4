import { apiUrl, as, closeDb, Client, count, TINY_PDF, until } from './support/api';
import { drillProgram, signedDirectedProjects } from './support/flows';
import { OWN_USERS } from './support/fuzz-users';

/** Seeded experts (seeds/data/experts.json): three from outside Baise, and one of 百色学院. */
const OUTSIDE = [
  '7e0a0000-0000-4000-8000-000000000004', // 周明辉, 中南大学
  '7e0a0000-0000-4000-8000-000000000006', // 韦国栋, 广西大学
  '7e0a0000-0000-4000-8000-000000000008', // 李晓东, 桂林电子科技大学
];
const SAME_ORGANISATION = '7e0a0000-0000-4000-8000-000000000001'; // 黄志强, 百色学院

/**
 * 容错 end to end (issue 16 §2, RULES §12.5) on a drill of the directed program: a project flagged
 * high-risk by the bureau is closed (结题) through honest failure — the PI asks with an original
 * record, the host institution confirms, the officer records three experts' confirmation — with a
 * neutral credit record, the unspent funds returned, and its PI still passing the eligibility gate;
 * the same request on a project with a misconduct finding is refused naming the rule, and writes
 * nothing.
 */
describe('project honest failure (容错)', () => {
  afterAll(closeDb);

  it('closes a flagged project through honest failure without a credit penalty; refuses it where a finding exists', async () => {
    const [officer, admin, auditor, expert, pi, host, pi2, host2] = await Promise.all(
      [
        'officer',
        'admin',
        'auditor',
        'expert',
        'applicant',
        'inst-admin',
        OWN_USERS.honestPi.username,
        OWN_USERS.honestHost.username,
      ].map(as),
    );
    const program = await drillProgram(admin, 'directed-key-industry', (t) => {
      t.durations.executionLength = 'PT2H';
      t.durations.reportCadence = 'PT1H';
      t.durations.midtermPoint = 'PT90M';
    });
    const [a, b] = await signedDirectedProjects(
      program.code,
      [officer, admin],
      [
        [pi, host],
        [pi2, host2],
      ],
    );
    // The signing installment of A is paid: what is unspent goes back at the close.
    expect((await officer.post(`/agreements/${a.agreementId}/installments/1/approval`)).status).toBe(200);
    expect((await admin.post(`/agreements/${a.agreementId}/installments/1/payment`)).status).toBe(200);
    const paidFen: number = a.agreement.installments[0].amountFen;

    const A = `/projects/${a.projectId}` as const;
    const B = `/projects/${b.projectId}` as const;
    const events = () => count(`SELECT 1 FROM domain_events WHERE subject_id = $1`, [a.projectId]);
    const uploadTo = (who: Client, projectId: string, name: string) =>
      fetch(`${apiUrl()}/projects/${projectId}/attachments?${new URLSearchParams({ name })}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/pdf' },
        body: TINY_PDF,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string } }));
    const record = await uploadTo(pi, a.projectId, '实验原始记录.pdf');
    expect(record.status).toBe(201);
    const ask = {
      originalRecordIds: [record.body.id],
      diligenceStatement:
        '项目组按任务书完成了全部三轮中试，原始记录完整；赤泥脱碱工艺在工业条件下无法稳定达到指标，属技术路线的客观风险。',
    };
    const experts = {
      experts: OUTSIDE,
      opinion: '经论证，项目组已履行勤勉尽责义务，未完成系探索性风险所致。',
    };

    // Who may do what, on every new endpoint; a refused request writes nothing.
    const before = await events();
    const readers: Array<[Client, number]> = [
      [officer, 200],
      [admin, 200],
      [auditor, 200],
      [pi, 200],
      [host, 200],
      [pi2, 404],
      [host2, 404],
      [expert, 404],
    ];
    for (const [who, status] of readers)
      expect([who.user.roles, (await who.get(`${A}/honest-failure`)).status]).toEqual([
        who.user.roles,
        status,
      ]);
    const commands: Array<[string, (who: Client) => Promise<{ status: number }>, Array<[Client, number]>]> = [
      [
        'request',
        (who) => who.post(`${A}/honest-failure`, ask),
        [
          [officer, 403],
          [admin, 403],
          [auditor, 403],
          [host, 403],
          [expert, 403],
          [host2, 403],
          [pi2, 404],
        ],
      ],
      [
        'confirmation',
        (who) => who.post(`${A}/honest-failure/confirmation`, { opinion: '情况属实' }),
        [
          [officer, 403],
          [admin, 403],
          [auditor, 403],
          [pi, 403],
          [expert, 403],
          [pi2, 403],
          [host2, 404],
        ],
      ],
      [
        'expert-confirmation',
        (who) =>
          who.post(`${A}/honest-failure/expert-confirmation`, { ...experts, diligenceConfirmed: true }),
        [auditor, pi, host, expert, pi2, host2].map((c) => [c, 403] as [Client, number]),
      ],
      [
        'risk-profile',
        (who) => who.put(`${A}/risk-profile`, { riskProfile: 'high_risk', reason: '任务书约定' }),
        [auditor, pi, host, expert, pi2, host2].map((c) => [c, 403] as [Client, number]),
      ],
    ];
    for (const [step, send, refused] of commands)
      for (const [who, status] of refused)
        expect([step, who.user.roles, (await send(who)).status]).toEqual([step, who.user.roles, status]);

    // Not flagged (a directed project, not a challenge or race): refused naming the rule.
    const unflagged = await pi.post(`${A}/honest-failure`, ask);
    expect(unflagged.status).toBe(422);
    expect(unflagged.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['rules.risk_flagged']);
    expect(unflagged.body.error.message.zh).toContain('探索性强或风险高');
    // Staff out of order: nothing to confirm yet.
    expect((await host.post(`${A}/honest-failure/confirmation`, { opinion: '情况属实' })).status).toBe(409);
    expect(await events()).toBe(before);

    // The bureau flags the project high-risk, through its run (an event).
    const flagged = await officer.put(`${A}/risk-profile`, {
      riskProfile: 'high_risk',
      reason: '任务书约定为高风险探索性研究',
    });
    expect(flagged.status).toBe(200);
    expect(flagged.body).toMatchObject({ id: a.projectId, riskProfile: 'high_risk', status: 'ongoing' });
    expect(await events()).toBe(before + 1);

    // Original records are the project's own files.
    const foreign = await pi.post(`${A}/honest-failure`, {
      ...ask,
      originalRecordIds: [record.body.id, b.applicationId],
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['originalRecordIds.1']);

    // The PI asks; the host institution confirms.
    const asked = await pi.post(`${A}/honest-failure`, ask);
    expect(asked.status).toBe(200);
    expect(asked.body).toMatchObject({
      phase: 'requested',
      round: 1,
      riskProfile: 'high_risk',
      request: { originalRecordIds: [record.body.id], requestedBy: pi.user.id },
      confirmation: null,
      expertConfirmation: null,
    });
    expect((await pi.post(`${A}/honest-failure`, ask)).status).toBe(409);
    const confirmed = await host.post(`${A}/honest-failure/confirmation`, {
      opinion: '情况属实，同意申请容错',
    });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({
      phase: 'institution_confirmed',
      confirmation: { opinion: '情况属实，同意申请容错', confirmed: true, confirmedBy: host.user.id },
    });

    // The experts: at least three, odd, and none conflicted with the project (the engine says why).
    const two = await officer.post(`${A}/honest-failure/expert-confirmation`, {
      ...experts,
      experts: OUTSIDE.slice(0, 2),
      diligenceConfirmed: true,
    });
    expect(two.status).toBe(400);
    const conflicted = await officer.post(`${A}/honest-failure/expert-confirmation`, {
      ...experts,
      experts: [OUTSIDE[0], OUTSIDE[1], SAME_ORGANISATION],
      diligenceConfirmed: true,
    });
    expect(conflicted.status).toBe(422);
    expect(conflicted.body.error.fields).toEqual([
      { path: 'experts.2', message: expect.objectContaining({ zh: expect.stringContaining('同一单位') }) },
    ]);
    expect((await pi.get(`${A}`)).body.status).toBe('ongoing');

    // Confirmed: 结题, a neutral honest_failure record, the unspent funds returned.
    const closed = await officer.post(`${A}/honest-failure/expert-confirmation`, {
      ...experts,
      diligenceConfirmed: true,
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      phase: 'closed',
      expertConfirmation: {
        experts: [
          { id: OUTSIDE[0], name: '周明辉' },
          { id: OUTSIDE[1], name: '韦国栋' },
          { id: OUTSIDE[2], name: '李晓东' },
        ],
        diligenceConfirmed: true,
        recordedBy: officer.user.id,
      },
    });
    const project = await pi.get(`${A}`);
    expect(project.body).toMatchObject({ status: 'closed', riskProfile: 'high_risk' });
    const creditRecordId = (
      await until(
        () => pi.get(`${A}/honest-failure`),
        (r) => r.body.creditRecordId !== null,
      )
    ).body.creditRecordId;
    const ledger = await pi.get(`/credit-records?subjectType=person&subjectId=${pi.user.id}&limit=200`);
    const mine = ledger.body.items.filter((r: { projectId: string | null }) => r.projectId === a.projectId);
    expect(mine).toEqual([
      expect.objectContaining({ id: creditRecordId, kind: 'honest_failure', severity: 'neutral' }),
    ]);
    const orders = (await officer.get(`${A}/recovery-orders`)).body.items;
    expect(orders).toEqual([
      expect.objectContaining({
        amountFen: paidFen,
        status: 'open',
        reason: expect.stringContaining('项目结题（容错）'),
      }),
    ]);
    expect(
      (
        await officer.post(`${A}/recovery-orders/${orders[0].id}/payment`, {
          note: '财政非税收入票据 2026-118',
        })
      ).status,
    ).toBe(200);
    // Nothing more is paid to a closed project.
    const more = await officer.post(`/agreements/${a.agreementId}/installments/2/approval`);
    expect(more.status).toBe(409);
    expect(more.body.error.message.zh).toContain('项目已结题');
    // A closed project takes no more requests.
    expect((await pi.post(`${A}/honest-failure`, ask)).status).toBe(409);

    // No penalty, no effect on new applications: the PI passes the eligibility gate.
    const rating = await pi.get(`/credit/ratings/person/${pi.user.id}`);
    expect(rating.body.rating.banUntil).toBeNull();
    expect(rating.body.consequences.mayApply.allowed).toBe(true);
    const gate = await officer.post('/eligibility/check', {
      programCode: project.body.programCode,
      piId: pi.user.id,
      institutionId: pi.user.institutionId!,
    });
    expect(gate.status).toBe(200);
    expect(gate.body.pass).toBe(true);

    // Project B: flagged too, but a misconduct finding is recorded on it: the same request is refused.
    expect(
      (await officer.put(`${B}/risk-profile`, { riskProfile: 'exploratory', reason: '探索性研究' })).status,
    ).toBe(200);
    const finding = await officer.post('/credit-records', {
      subject: { type: 'person', id: pi2.user.id },
      kind: 'fabrication',
      severity: 'serious',
      stage: 'execution',
      projectId: b.projectId,
      facts: '经调查核实，项目中试检测报告系伪造。',
      evidenceRefs: ['调查报告'],
      decisionNo: '百科信〔2026〕9号',
      effectiveFrom: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
    });
    expect(finding.status).toBe(201);
    const recordB = await uploadTo(pi2, b.projectId, '实验原始记录.pdf');
    expect(recordB.status).toBe(201);
    const eventsB = () => count(`SELECT 1 FROM domain_events WHERE subject_id = $1`, [b.projectId]);
    const beforeB = await eventsB();
    const refused = await pi2.post(`${B}/honest-failure`, { ...ask, originalRecordIds: [recordB.body.id] });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['rules.no_misconduct']);
    expect(refused.body.error.message.zh).toContain('失信行为认定');
    expect(await eventsB()).toBe(beforeB);
    expect((await pi2.get(`${B}/honest-failure`)).body).toMatchObject({ phase: null, request: null });
    expect((await pi2.get(`${B}`)).body.status).toBe('ongoing');

    // An officer cannot write an honest failure directly: only this path does.
    const direct = await officer.post('/credit-records', {
      subject: { type: 'person', id: pi2.user.id },
      kind: 'honest_failure',
      severity: 'neutral',
      stage: 'acceptance',
      projectId: b.projectId,
      facts: '直接登记的容错记录，应被拒绝。',
      effectiveFrom: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10),
    });
    expect(direct.status).toBe(422);
    expect(direct.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['kind']);
  }, 300_000);
});
