import ExcelJS from 'exceljs';
import { apiUrl, as, closeDb, Client, count, until } from './support/api';
import { DRILL_DURATIONS, signedDirectedProjects } from './support/flows';
import { OWN_USERS } from './support/fuzz-users';

/**
 * 中期检查 and 追回 end to end (issue 15 §4, §6), on a program written as a template with durations
 * of seconds: the mid-term check opens five seconds after signing. One project passes its check and
 * gets its mid-term installment approved and paid; the other is revoked (four eyes), ends with a
 * recovery order of everything paid and credit records, and its unpaid order turns overdue with
 * another credit record before the repayment is recorded and the finance bureau's list shows it.
 */
describe('project mid-term check (中期检查) and recovery orders (追回)', () => {
  afterAll(closeDb);

  it('continue releases the mid-term installment; revoke recovers the funds and writes credit records', async () => {
    const [officer, officer2, admin, auditor, expert, pi, host, pi2, host2, otherPi, otherHost] =
      await Promise.all(
        [
          'officer',
          'officer2',
          'admin',
          'auditor',
          'expert',
          'applicant',
          'inst-admin',
          OWN_USERS.midtermPi.username,
          OWN_USERS.midtermHost.username,
          'enterprise',
          'inst-admin3',
        ].map(as),
      );

    // A program written as a template: the directed program with a mid-term check after five
    // seconds, a ten-second recovery deadline, and half the money released by the check.
    const base = (await officer.get('/program-templates/directed-key-industry')).body.template;
    const code = `midterm-e2e-${Date.now().toString(36)}`;
    const template = {
      ...base,
      code,
      name: { zh: '中期检查测试计划', en: 'Mid-term check test program' },
      durations: {
        ...base.durations,
        ...DRILL_DURATIONS, // a notice of seconds
        executionLength: 'PT2H',
        reportCadence: 'PT1H',
        midtermPoint: 'PT5S',
        rectifyWindow: 'PT1M',
        recoveryWindow: 'PT10S',
      },
      funding: {
        installments: [
          { sharePercent: 50, releasedBy: 'signing' },
          { sharePercent: 30, releasedBy: 'midterm_check' },
          { sharePercent: 20, releasedBy: 'acceptance' },
        ],
      },
    };
    const saved = await admin.post('/program-templates', template);
    expect(saved.status).toBe(201);

    const [a, b] = await signedDirectedProjects(
      code,
      [officer, admin],
      [
        [pi, host],
        [pi2, host2],
      ],
    );
    const amounts = (x: typeof a) => x.agreement.installments.map((i: { amountFen: number }) => i.amountFen);
    const statuses = async (agreementId: string) =>
      (await officer.get(`/agreements/${agreementId}`)).body.installments.map(
        (i: { status: string }) => i.status,
      );

    // The first installment of each is approved and paid at signing.
    for (const x of [a, b]) {
      expect((await officer.post(`/agreements/${x.agreementId}/installments/1/approval`)).status).toBe(200);
      expect((await admin.post(`/agreements/${x.agreementId}/installments/1/payment`)).status).toBe(200);
    }
    // Before the check passes, the mid-term installment is refused with the rule's reason.
    const early = await officer.post(`/agreements/${a.agreementId}/installments/2/approval`);
    expect(early.status).toBe(409);
    expect(early.body.error.message.zh).toContain('中期检查通过后');

    // The check opens at the mid-term point.
    const opened = await until(
      () => pi.get(`/projects/${a.projectId}/midterm`),
      (r) => r.status === 200 && r.body.phase === 'opened',
    );
    expect(opened.body).toMatchObject({ round: 1, submission: null, decision: null, overdue: false });
    await until(
      () => pi2.get(`/projects/${b.projectId}/midterm`),
      (r) => r.status === 200 && r.body.phase === 'opened',
    );

    // Who may do what, on every new endpoint (a refused request writes nothing).
    const events = () => count(`SELECT 1 FROM domain_events WHERE subject_id = $1`, [a.projectId]);
    const before = await events();
    const statement = {
      selfAssessment: '已完成中期目标：示范基地建成，病虫害防治效果达 80%。',
      spending: { equipment: 2_000_000, business: 3_000_000, labour: 1_000_000, indirect: 500_000 },
    };
    const A = `/projects/${a.projectId}` as const;
    const readers: Array<[Client, number]> = [
      [officer, 200],
      [admin, 200],
      [auditor, 200],
      [pi, 200],
      [host, 200],
      [otherPi, 404],
      [otherHost, 404],
      [expert, 404],
    ];
    for (const [who, status] of readers) {
      expect([who.user.roles, (await who.get(`${A}/midterm`)).status]).toEqual([who.user.roles, status]);
      expect([who.user.roles, (await who.get(`${A}/recovery-orders`)).status]).toEqual([
        who.user.roles,
        status,
      ]);
    }
    const commands: Array<[string, object, Array<[Client, number]>]> = [
      [
        'submission',
        statement,
        [officer, admin, auditor, host, expert, otherHost]
          .map((c) => [c, 403] as [Client, number])
          .concat([[otherPi, 404]]),
      ],
      [
        'confirmation',
        { opinion: '情况属实' },
        [officer, admin, auditor, pi, expert, otherPi]
          .map((c) => [c, 403] as [Client, number])
          .concat([[otherHost, 404]]),
      ],
      [
        'review',
        { opinion: '进展良好', recommendation: 'continue' },
        [auditor, pi, host, expert, otherPi, otherHost].map((c) => [c, 403] as [Client, number]),
      ],
      [
        'decision',
        { decision: 'continue', reasons: '完成中期目标' },
        [auditor, pi, host, expert, otherPi, otherHost].map((c) => [c, 403] as [Client, number]),
      ],
    ];
    for (const [step, body, refused] of commands)
      for (const [who, status] of refused)
        expect([
          step,
          who.user.roles,
          (await who.post(`${A}/midterm/${step}` as `${typeof A}/midterm/review`, body)).status,
        ]).toEqual([step, who.user.roles, status]);
    // Staff out of order: the check is not at the review yet.
    expect(
      (await officer.post(`${A}/midterm/review`, { opinion: '进展良好', recommendation: 'continue' })).status,
    ).toBe(409);
    for (const who of [pi, host, expert]) {
      const xlsx = await fetch(`${apiUrl()}/recovery-orders.xlsx`, {
        headers: { authorization: `Bearer ${who.token}` },
      });
      expect(xlsx.status).toBe(403);
    }
    expect(await events()).toBe(before);

    // Project A: statement, confirmation, review, continue; the mid-term installment is released.
    expect((await pi.post(`${A}/midterm/submission`, statement)).body).toMatchObject({
      phase: 'submitted',
      submission: { spentFen: 6_500_000 },
    });
    expect((await host.post(`${A}/midterm/confirmation`, { opinion: '情况属实' })).body.phase).toBe(
      'confirmed',
    );
    expect(
      (await officer.post(`${A}/midterm/review`, { opinion: '进展良好', recommendation: 'continue' })).body
        .phase,
    ).toBe('reviewed');
    const passed = await officer2.post(`${A}/midterm/decision`, {
      decision: 'continue',
      reasons: '完成中期目标，同意继续实施',
    });
    expect(passed.status).toBe(200);
    // Every party reads the decision and its reasons.
    for (const who of [pi, host, auditor])
      expect((await who.get(`${A}/midterm`)).body.decision).toMatchObject({
        decision: 'continue',
        reasons: '完成中期目标，同意继续实施',
      });
    expect((await officer.get(A)).body.status).toBe('ongoing');
    expect((await officer.post(`/agreements/${a.agreementId}/installments/2/approval`)).status).toBe(200);
    expect((await admin.post(`/agreements/${a.agreementId}/installments/2/payment`)).status).toBe(200);
    expect(await statuses(a.agreementId)).toEqual(['paid', 'paid', 'planned']);

    // Project B: reviewed, then revoked by someone other than the reviewer.
    const B = `/projects/${b.projectId}` as const;
    await pi2.post(`${B}/midterm/submission`, statement);
    await host2.post(`${B}/midterm/confirmation`, { opinion: '情况属实' });
    await officer.post(`${B}/midterm/review`, { opinion: '经费支出与任务无关', recommendation: 'revoke' });
    const revoke = { decision: 'revoke', reasons: '虚报经费支出，挪用项目资金', creditInstitution: true };
    const sameEyes = await officer.post(`${B}/midterm/decision`, revoke);
    expect(sameEyes.status).toBe(422);
    expect(sameEyes.body.error.message.zh).toContain('双人复核');
    const revoked = await officer2.post(`${B}/midterm/decision`, revoke);
    expect(revoked.status).toBe(200);
    expect(revoked.body.decision).toMatchObject({ decision: 'revoke', reasons: revoke.reasons });
    expect((await pi2.get(B)).body.status).toBe('revoked');
    // All disbursed funds are recovered: the first installment.
    const orders = (await pi2.get(`${B}/recovery-orders`)).body.items;
    expect(orders).toEqual([
      expect.objectContaining({ amountFen: amounts(b)[0], status: 'open', paidAt: null }),
    ]);
    expect(orders[0].reason).toContain(revoke.reasons);
    // Unpaid installments are no longer approved.
    expect((await officer.post(`/agreements/${b.agreementId}/installments/2/approval`)).status).toBe(409);
    // Credit records: the PI and, as the officer said, the institution (serious breach by default).
    const records = async (type: string, id: string) =>
      (await officer.get(`/credit-records?subjectType=${type}&subjectId=${id}`)).body.items as Array<{
        kind: string;
        severity: string;
        projectId: string | null;
      }>;
    expect((await records('person', pi2.user.id)).filter((r) => r.projectId === b.projectId)).toEqual([
      expect.objectContaining({ kind: 'project_revoked', severity: 'serious' }),
    ]);
    expect(
      (await records('institution', host2.user.institutionId!)).filter((r) => r.projectId === b.projectId),
    ).toEqual([expect.objectContaining({ kind: 'project_revoked', severity: 'serious' })]);

    // Unpaid at its deadline: overdue, with a credit record for the PI.
    await until(
      () => pi2.get(`${B}/recovery-orders`),
      (r) => r.body.items[0].status === 'overdue',
    );
    // (The credit record is the duty's next write, just after the order turns overdue.)
    const kinds = async () =>
      (await records('person', pi2.user.id))
        .filter((r) => r.projectId === b.projectId)
        .map((r) => r.kind)
        .sort();
    expect(await until(kinds, (k) => k.length === 2)).toEqual(['project_revoked', 'recovery_overdue']);
    // The repayment, recorded late by staff (not by the PI); once only.
    expect((await pi2.post(`${B}/recovery-orders/${orders[0].id}/payment`, { note: '' })).status).toBe(403);
    const repaid = await admin.post(`${B}/recovery-orders/${orders[0].id}/payment`, {
      note: '财政专户缴款书 0421',
    });
    expect(repaid.status).toBe(200);
    expect(repaid.body).toMatchObject({ status: 'paid', paidAt: expect.any(String) });
    expect((await admin.post(`${B}/recovery-orders/${orders[0].id}/payment`, { note: '' })).status).toBe(409);

    // The finance bureau's list.
    const res = await fetch(`${apiUrl()}/recovery-orders.xlsx`, {
      headers: { authorization: `Bearer ${auditor.token}` },
    });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const rows: string[][] = [];
    wb.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1).map(String)));
    const line = rows.find((r) => r[0] === orders[0].id)!;
    expect(line).toBeDefined();
    expect(line[3]).toBe((amounts(b)[0] / 100).toFixed(2));
    expect(line[6]).toBe('已缴回');
  }, 300_000);
});
