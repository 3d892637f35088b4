import * as fs from 'node:fs';
import * as path from 'node:path';
import { apiUrl, as, closeDb, Client, count, inboxItem, TINY_PDF, until } from './support/api';
import { DRILL_DURATIONS, expectedInstallments, signedDirectedProjects } from './support/flows';
import { OWN_USERS } from './support/fuzz-users';

const seed = (file: string) => JSON.parse(fs.readFileSync(path.resolve(__dirname, '../seeds', file), 'utf8'));

/**
 * A program written only as a template, with reporting in seconds: a report every 40 s (two inside
 * the 100 s term), a reminder 10 s before each, a grace of 15 s before an overdue report becomes a
 * credit record, and installments released by signing and by the first and second accepted report.
 */
const CADENCE_MS = 40_000;
const GRACE_MS = 15_000;
function reportsTemplate(code: string) {
  const base = seed('programs/directed-key-industry.json');
  return {
    ...base,
    code,
    name: { zh: '进展报告测试计划', en: 'Progress-report test program' },
    stages: base.stages.filter((s: string) => s !== 'midterm_check'),
    durations: {
      ...base.durations,
      // A notice of seconds (DRILL_DURATIONS), to reach signing within the test.
      ...DRILL_DURATIONS,
      midtermPoint: undefined,
      reportCadence: 'PT40S',
      executionLength: 'PT100S',
      reportReminderBefore: 'PT10S',
      reportGrace: 'PT15S',
    },
    funding: {
      installments: [
        { sharePercent: 50, releasedBy: 'signing' },
        { sharePercent: 30, releasedBy: 'report_accepted' },
        { sharePercent: 20, releasedBy: 'report_accepted' },
      ],
    },
  };
}

const report = (n: number) => ({
  progress: `第 ${n} 期：完成赤泥脱碱预处理工艺研究，配料与成型工艺参数优化完毕。`,
  milestones: [{ name: '工艺研究', status: n === 1 ? 'on_track' : 'done', note: '' }],
  indicators: [{ name: '赤泥综合利用率', unit: '%', target: 30, achieved: 10 * n }],
  spending: [
    { category: 'equipment', plannedFen: 5_000_000, spentFen: 2_000_000 * n },
    { category: 'business', plannedFen: 20_000_000, spentFen: 6_000_000 * n },
    { category: 'labour', plannedFen: 5_000_000, spentFen: 1_500_000 * n },
  ],
  problems: '中试设备到货延迟两周。',
  outcomes: '申请发明专利 1 件。',
  attachmentIds: [] as string[],
});

/** 进展报告 (issue 15 §2) through the API on the real stack. */
describe('progress reports (进展报告)', () => {
  let officer: Client;
  let admin: Client;
  let auditor: Client;
  let pi: Client; // this file's own PI (the overdue report writes their credit record)
  let host: Client; // 百色学院's admin
  let applicant2: Client;
  let otherHost: Client;
  let expert: Client;

  beforeAll(async () => {
    [officer, admin, auditor, pi, host, applicant2, otherHost, expert] = await Promise.all(
      [
        'officer',
        'admin',
        'auditor',
        OWN_USERS.reportsPi.username,
        'inst-admin',
        'applicant2',
        'inst-admin2',
        'expert',
      ].map(as),
    );
  });
  afterAll(closeDb);

  it('one report returned and resubmitted, one left overdue: shown everywhere, the next installment held back until it is accepted, and past the grace a credit record of the PI', async () => {
    const code = `reports-e2e-${Date.now().toString(36)}`;
    const template = reportsTemplate(code);
    const saved = await admin.post('/program-templates', template);
    expect(saved.status).toBe(201);

    const [p] = await signedDirectedProjects(code, [officer, admin], [[pi, host]]);
    const { projectId, agreementId } = p;
    const installments = p.agreement.installments as Array<{
      seq: number;
      amountFen: number;
      releasedBy: string;
    }>;
    expect(installments.map((i) => [i.seq, i.amountFen, i.releasedBy])).toEqual(
      expectedInstallments(p.agreement.amountFen, template.funding.installments).map((x, i) => [
        i + 1,
        x.amountFen,
        x.releasedBy,
      ]),
    );
    const signedAt = new Date(p.signedAt).getTime();
    const dueAt = (seq: number) => new Date(signedAt + seq * CADENCE_MS).toISOString();

    // The schedule: two reports, on the template's cadence, both due.
    const listed = await pi.get(`/projects/${projectId}/reports`);
    expect(listed.status).toBe(200);
    expect(
      listed.body.items.map((r: { seq: number; dueAt: string; status: string }) => [
        r.seq,
        r.dueAt,
        r.status,
      ]),
    ).toEqual([
      [1, dueAt(1), 'due'],
      [2, dueAt(2), 'due'],
    ]);
    // Paged like every list: one a page, in report order.
    const first = await pi.get(`/projects/${projectId}/reports?limit=1`);
    expect(first.body.items.map((r: { seq: number }) => r.seq)).toEqual([1]);
    const second = await pi.get(`/projects/${projectId}/reports?limit=1&next=${first.body.next}`);
    expect([second.body.items.map((r: { seq: number }) => r.seq), second.body.next]).toEqual([[2], null]);

    // The signing installment is paid at once; the next waits for an accepted report.
    expect((await officer.post(`/agreements/${agreementId}/installments/1/approval`)).status).toBe(200);
    expect((await admin.post(`/agreements/${agreementId}/installments/1/payment`)).status).toBe(200);
    const early = await officer.post(`/agreements/${agreementId}/installments/2/approval`);
    expect(early.status).toBe(409);
    expect(early.body.error.message.zh).toContain('进展报告审核通过后');

    // Evidence for the reports: the PI and the host upload to the project; nobody else (403 by
    // role, 404 where the project is not theirs), and a refusal writes nothing.
    const uploadTo = (who: Client, name: string) =>
      fetch(`${apiUrl()}/projects/${projectId}/attachments?${new URLSearchParams({ name })}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${who.token}`, 'content-type': 'application/pdf' },
        body: TINY_PDF,
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id: string } }));
    const evidence = await uploadTo(pi, '中试记录.pdf');
    expect(evidence.status).toBe(201);
    expect(evidence.body).toMatchObject({ projectId, name: '中试记录.pdf', mediaType: 'application/pdf' });
    expect((await uploadTo(host, '单位审核意见.pdf')).status).toBe(201);
    const stored = () => count(`SELECT 1 FROM attachments WHERE project_id = $1`, [projectId]);
    expect(await stored()).toBe(2);
    for (const [who, status] of [
      [officer, 403],
      [admin, 403],
      [auditor, 403],
      [expert, 403],
      [applicant2, 404],
      [otherHost, 404],
    ] as const)
      expect([who.user.roles, (await uploadTo(who, 'x.pdf')).status]).toEqual([who.user.roles, status]);
    expect(await stored()).toBe(2);

    // A report cites only the project's files: an unknown id is refused on its field, naming it.
    const r1 = `/projects/${projectId}/reports/1` as const;
    const stranger = '7d0c9a52-0000-4000-8000-000000000abc';
    const badCite = await pi.post(`${r1}/submission`, {
      ...report(1),
      attachmentIds: [evidence.body.id, stranger],
    });
    expect(badCite.status).toBe(422);
    expect(badCite.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['attachmentIds.1']);
    expect(badCite.body.error.message.zh).toContain(stranger);
    expect(await count(`SELECT 1 FROM project_report_versions WHERE project_id = $1`, [projectId])).toBe(0);

    // Report 1: submitted, confirmed, returned with a comment, submitted again, confirmed, accepted.
    const sent = await pi.post(`${r1}/submission`, { ...report(1), attachmentIds: [evidence.body.id] });
    expect(sent.body.versions[0].content.attachmentIds).toEqual([evidence.body.id]);
    // Readers of the report download what it cites; others see nothing.
    for (const [who, status] of [
      [officer, 200],
      [auditor, 200],
      [host, 200],
      [pi, 200],
      [applicant2, 404],
      [otherHost, 404],
      [expert, 404],
    ] as const) {
      const file = await fetch(`${apiUrl()}/projects/${projectId}/attachments/${evidence.body.id}`, {
        headers: { authorization: `Bearer ${who.token}` },
      });
      const bytes = Buffer.from(await file.arrayBuffer());
      expect([who.user.roles, file.status]).toEqual([who.user.roles, status]);
      if (status === 200) expect(bytes.equals(TINY_PDF)).toBe(true);
    }
    expect(
      (await auditor.get(`/projects/${projectId}/attachments`)).body.items.map(
        (a: { name: string }) => a.name,
      ),
    ).toEqual(['中试记录.pdf', '单位审核意见.pdf']);
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ seq: 1, status: 'submitted', overdue: false });
    expect(sent.body.versions.map((v: { version: number }) => v.version)).toEqual([1]);
    expect(sent.body.versions[0].content).toMatchObject({ spending: report(1).spending });
    // Out of turn: the bureau decides only after the institution confirms; the PI sends once.
    expect((await officer.post(`${r1}/decision`, { decision: 'accept' })).status).toBe(409);
    expect((await pi.post(`${r1}/submission`, report(1))).status).toBe(409);
    expect((await host.post(`${r1}/confirmation`)).body.status).toBe('confirmed');
    const noComment = await officer.post(`${r1}/decision`, { decision: 'return' });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['comment']);
    const returned = await officer.post(`${r1}/decision`, {
      decision: 'return',
      comment: '请补充设备费支出明细',
    });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('returned');
    expect(
      returned.body.versions[0].reviews.map((x: { step: string; comment: string }) => [x.step, x.comment]),
    ).toEqual([
      ['confirmed', ''],
      ['returned', '请补充设备费支出明细'],
    ]);
    const again = await pi.post(`${r1}/submission`, { ...report(1), problems: '已补充设备费支出明细。' });
    expect(again.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    // The first version stays as it was sent.
    expect(again.body.versions[0].content.problems).toBe(report(1).problems);
    expect(again.body.versions[1].content.problems).toBe('已补充设备费支出明细。');
    await host.post(`${r1}/confirmation`);
    const accepted = await officer.post(`${r1}/decision`, { decision: 'accept' });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    // Accepted is final: no decision, no new version.
    expect((await admin.post(`${r1}/decision`, { decision: 'return', comment: '再次退回修改' })).status).toBe(
      409,
    );
    expect((await pi.post(`${r1}/submission`, report(1))).status).toBe(409);
    expect(await count(`SELECT 1 FROM project_report_versions WHERE project_id = $1`, [projectId])).toBe(2);

    // Every role on every report route: readers read, others see nothing (404); each step only
    // by its party (403 by role, 404 where the project is not theirs); nothing is written.
    const r2 = `/projects/${projectId}/reports/2` as const;
    for (const [who, status] of [
      [officer, 200],
      [admin, 200],
      [auditor, 200],
      [pi, 200],
      [host, 200],
      [applicant2, 404],
      [otherHost, 404],
      [expert, 404],
    ] as const) {
      expect([who.user.roles, (await who.get(`/projects/${projectId}/reports`)).status]).toEqual([
        who.user.roles,
        status,
      ]);
      expect([who.user.roles, (await who.get(r2)).status]).toEqual([who.user.roles, status]);
    }
    const refusals: Array<[Client, 'submission' | 'confirmation' | 'decision', number]> = [
      [officer, 'submission', 403],
      [admin, 'submission', 403],
      [auditor, 'submission', 403],
      [host, 'submission', 403],
      [otherHost, 'submission', 403],
      [expert, 'submission', 403],
      [applicant2, 'submission', 404],
      [pi, 'confirmation', 403],
      [officer, 'confirmation', 403],
      [admin, 'confirmation', 403],
      [auditor, 'confirmation', 403],
      [expert, 'confirmation', 403],
      [applicant2, 'confirmation', 403],
      [otherHost, 'confirmation', 404],
      [pi, 'decision', 403],
      [host, 'decision', 403],
      [auditor, 'decision', 403],
      [expert, 'decision', 403],
      [applicant2, 'decision', 403],
      [otherHost, 'decision', 403],
    ];
    const events = () => count(`SELECT 1 FROM domain_events WHERE subject_id = $1`, [projectId]);
    const before = await events();
    for (const [who, step, status] of refusals) {
      const body =
        step === 'submission' ? report(2) : step === 'decision' ? { decision: 'accept' } : undefined;
      const res = await who.post(`${r2}/${step}`, body);
      expect([who.user.roles, step, res.status]).toEqual([who.user.roles, step, status]);
    }
    expect((await officer.get(r2)).body).toMatchObject({ status: 'due', versions: [] });
    expect(await events()).toBe(before);

    // Report 2 is left: reminded before its due date, then overdue everywhere the project is listed.
    await until(
      () => pi.get(`/projects/${projectId}`),
      (r) => r.body.overdueReports === 1,
      Math.max(0, new Date(dueAt(2)).getTime() - Date.now()) + 20_000,
    );
    const shown = await pi.get(`/projects/${projectId}`);
    expect(shown.body).toMatchObject({ overdue: true, overdueReports: 1, status: 'ongoing' });
    const mine = await pi.get('/projects/mine');
    expect(mine.body.items.find((x: { id: string }) => x.id === projectId)).toMatchObject({
      overdue: true,
      overdueReports: 1,
    });
    const hostMine = await host.get('/projects/mine?limit=200');
    expect(hostMine.body.items.find((x: { id: string }) => x.id === projectId)).toMatchObject({
      overdueReports: 1,
    });
    const ids = (r: { body: { items: Array<{ id: string }> } }) => r.body.items.map((x) => x.id);
    expect(ids(await auditor.get(`/projects?overdue=true&programCode=${code}`))).toEqual([projectId]);
    expect(ids(await auditor.get(`/projects?overdue=false&programCode=${code}`))).toEqual([]);
    expect((await pi.get(r2)).body).toMatchObject({ status: 'due', overdue: true });
    // The officers' inbox: follow up the overdue report, past its due date.
    expect(await inboxItem(officer, 'report_overdue', projectId, '2')).toMatchObject({
      title: { zh: expect.stringMatching(/^督促逾期未交的《.+》第 2 期进展报告$/) },
      subject: { type: 'project', id: projectId, ref: '2' },
      dueAt: dueAt(2),
      overdue: true,
      action: {
        method: 'GET',
        path: `/projects/${projectId}/reports`,
        route: `/projects/${projectId}/reports/2`,
      },
    });
    const trail = await auditor.get(`/events?subjectType=project&subjectId=${projectId}&limit=200`);
    const types = trail.body.items.map((e: { type: string; payload: { seq?: number } }) => [
      e.type,
      e.payload.seq,
    ]);
    expect(types).toEqual(
      expect.arrayContaining([
        ['project.report_reminder', 2],
        ['project.report_overdue', 2],
      ]),
    );
    expect(types).not.toContainEqual(['project.report_reminder', 1]); // submitted before its reminder

    // The overdue report holds back the next installment, naming it.
    const held = await officer.post(`/agreements/${agreementId}/installments/2/approval`);
    expect(held.status).toBe(409);
    expect(held.body.error.message.zh).toContain('第 2 期进展报告');
    expect(held.body.error.message.zh).toContain('已逾期');
    expect(held.body.error.message.en).toContain('Progress report 2');

    // Past the grace period: the PI's credit record (一般失信, overdue report), once.
    const records = await until(
      () => pi.get(`/credit-records?subjectType=person&subjectId=${pi.user.id}`),
      (r) => r.status === 200 && r.body.items.length > 0,
      Math.max(0, new Date(dueAt(2)).getTime() + GRACE_MS - Date.now()) + 20_000,
    );
    expect(records.body.items).toEqual([
      expect.objectContaining({ kind: 'overdue_report', severity: 'minor', projectId, stage: 'execution' }),
    ]);

    // Submitted late, still held back until it is accepted; then both report installments are released.
    expect((await pi.post(`${r2}/submission`, report(2))).body.status).toBe('submitted');
    expect(await inboxItem(officer, 'report_overdue', projectId, '2')).toBeUndefined();
    expect((await officer.post(`/agreements/${agreementId}/installments/2/approval`)).status).toBe(409);
    expect((await pi.get(`/projects/${projectId}`)).body).toMatchObject({ overdueReports: 0 });
    await host.post(`${r2}/confirmation`);
    expect((await admin.post(`${r2}/decision`, { decision: 'accept' })).body.status).toBe('accepted');
    const approved = await officer.post(`/agreements/${agreementId}/installments/2/approval`);
    expect(approved.status).toBe(200);
    expect((await officer.post(`/agreements/${agreementId}/installments/3/approval`)).status).toBe(200);
    expect((await pi.get(`/projects/${projectId}`)).body).toMatchObject({
      overdue: false,
      overdueReports: 0,
    });
    // Still exactly one credit record: a report submitted late is not recorded twice.
    expect(
      (await pi.get(`/credit-records?subjectType=person&subjectId=${pi.user.id}`)).body.items,
    ).toHaveLength(1);
  }, 360_000);
});
