import ExcelJS from 'exceljs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { apiUrl, as, attachRequired, closeDb, completeDraft, request, SIGN, until } from './support/api';
import {
  closingIn,
  drillProgram,
  expectedInstallments,
  publishedCall,
  RankedApplication,
  scoredRound,
  signAll,
  waitForClose,
} from './support/flows';

const seed = (file: string) => JSON.parse(fs.readFileSync(path.resolve(__dirname, '../seeds', file), 'utf8'));
/** The open-competition program: its panel, notice period and installment schedule. */
const keyRd = seed('programs/key-rd.json') as {
  panel: { size: number };
  durations: { noticePeriodWorkingDays: number };
  award: { approvalChain: string[] };
  funding: { installments: Array<{ sharePercent: number; releasedBy: string }> };
};
const institutions = (seed('data/demo.json') as { institutions: Array<{ id: string; name: string }> })
  .institutions;
const institutionName = (id: string | null) => institutions.find((i) => i.id === id)!.name;

/** Beijing time (UTC+8, no daylight saving) as the API writes it: YYYY-MM-DD HH:mm:ss. */
const beijing = (iso: string) =>
  new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

/**
 * 公开竞争 end to end on the real stack: a guide of the key R&D program opens a call; three
 * institutions apply with the required documents, are endorsed and pass the formal check; a
 * review round ranks them; the top two are awarded within the budget, approved, published and
 * final; the agreement follows the application and the program's installments; three parties
 * sign and the first installment is approved, paid and on the finance bureau's list.
 */
describe('open competition (公开竞争)', () => {
  afterAll(closeDb);

  it('goes from a published guide to a signed agreement and the first installment', async () => {
    const [officer, officer2, admin, auditor, applicant, applicant2, enterprise, ...hosts] =
      await Promise.all(
        [
          'officer',
          'officer2',
          'admin',
          'auditor',
          'applicant',
          'applicant2',
          'enterprise',
          'inst-admin',
          'inst-admin2',
          'inst-admin3',
        ].map(as),
      );
    const instAdmin = hosts[0];

    // The guide, once approved, opens the call (for seconds: the three applications and their
    // endorsements fit, also with other files running beside). The key R&D program as a drill: its
    // notice lasts seconds and its signing deadline minutes (DRILL_DURATIONS), the rest is the program.
    const program = await drillProgram(admin, 'key-rd');
    const { callId, guideId, topicId } = await publishedCall(
      officer,
      admin,
      applicant,
      program.code,
      closingIn(18_000),
    );
    const call = await officer.get(`/calls/${callId}`);
    expect(call.body).toMatchObject({ mode: 'open_competition', status: 'open' });
    // The budget the published guide gives the call.
    const guide = await request('GET', `/public/guides/${guideId}`);
    const totalBudgetFen: number = guide.body.content.totalBudgetFen;

    // Three applications from three institutions, each endorsed by its host, and passed once the
    // call has closed.
    const applicants = [applicant, applicant2, enterprise];
    const apps: string[] = [];
    const titles = [
      '赤泥制备新型建材关键技术研究',
      '壮药材质量控制关键技术研究',
      '高性能铝合金精深加工技术研究',
    ];
    for (const [i, who] of applicants.entries()) {
      const a = await who.post('/applications', { callId, topicId, ...completeDraft, title: titles[i] });
      expect(a.status).toBe(201);
      await attachRequired(who, a.body.id);
      const sent = await who.post(`/applications/${a.body.id}/submit`, SIGN);
      expect(sent.status).toBe(200);
      expect(sent.body.status).toBe('awaiting_endorsement');
      const endorsed = await hosts[i].post(`/applications/${a.body.id}/endorsement`, { decision: 'endorse' });
      expect(endorsed.body.status).toBe('submitted');
      apps.push(a.body.id);
    }
    await waitForClose(officer, callId);
    for (const id of apps) {
      const checked = await officer.post(`/applications/${id}/formal-check`, { decision: 'pass' });
      expect(checked.status).toBe(200);
      expect(checked.body.status).toBe('formal_check_passed');
    }
    const [mine, second, third] = apps; // applicant's, applicant2's, enterprise's

    // The experts score applicant2's highest, then applicant's, then enterprise's.
    const scores = new Map([
      [second, 91.5],
      [mine, 84],
      [third, 77],
    ]);
    const { roundId, results } = await scoredRound(officer, callId, (id) => scores.get(id)!, {
      keyField: 'modern_agriculture_forestry',
    });
    const byScore = [...apps].sort((a, b) => scores.get(b)! - scores.get(a)!);
    expect(results.map((r) => r.applicationId)).toEqual(byScore);
    expect(results.map((r) => r.rank)).toEqual([1, 2, 3]);
    for (const r of results) {
      expect(r.rankingScore).toBeCloseTo(scores.get(r.applicationId)!, 9);
      expect(r.summary.n).toBe(keyRd.panel.size);
      expect(r.disagreement.disagreement).toBe(false);
    }

    // The top two of the ranking, at the amounts they asked for, within the call's budget.
    const requested = async (id: string) =>
      (await officer.get(`/applications/${id}`)).body.content.requestedFen as number;
    const top: RankedApplication[] = results.slice(0, 2);
    const items = await Promise.all(
      top.map(async (r) => ({ applicationId: r.applicationId, amountFen: await requested(r.applicationId) })),
    );
    const awardedFen = items.reduce((s, i) => s + i.amountFen, 0);
    expect(awardedFen).toBeLessThanOrEqual(totalBudgetFen);
    const proposed = await officer.post(`/calls/${callId}/awards`, {
      roundId,
      items,
      note: '按专家评审排序择优立项',
    });
    expect(proposed.status).toBe(201);
    // The program's approval chain: the section head, then the bureau's admin (four eyes).
    expect(proposed.body).toMatchObject({ roundId, status: 'in_approval', chain: keyRd.award.approvalChain });
    const awardId: string = proposed.body.id;

    // Next in line is the third of the ranking, with the budget that is left.
    const next = await officer.get(`/calls/${callId}/awards/next?roundId=${roundId}`);
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({
      next: { applicationId: results[2].applicationId, rank: 3 },
      remainingBudgetFen: totalBudgetFen - awardedFen,
    });

    // Approved by another person, then on public notice in Beijing time.
    expect((await officer.post(`/awards/${awardId}/approval`, { decision: 'approve' })).status).toBe(403);
    expect((await admin.post(`/awards/${awardId}/approval`, { decision: 'approve' })).status).toBe(403);
    const step1 = await officer2.post(`/awards/${awardId}/approval`, { decision: 'approve' });
    expect(step1.body).toMatchObject({
      status: 'in_approval',
      decisions: [{ actorId: officer2.user.id, decision: 'approve' }],
    });
    expect((await officer2.post(`/awards/${awardId}/approval`, { decision: 'approve' })).status).toBe(403);
    expect((await admin.post(`/awards/${awardId}/approval`, { decision: 'approve' })).status).toBe(200);
    const notice = await until(
      () => request('GET', `/public/awards/${awardId}/notice`),
      (r) => r.status === 200,
    );
    const byId = (a: { applicationId: string }, b: { applicationId: string }) =>
      a.applicationId.localeCompare(b.applicationId);
    expect([...notice.body.items].sort(byId)).toEqual(
      items
        .map(({ applicationId, amountFen }) => {
          const n = apps.indexOf(applicationId);
          return {
            applicationId,
            title: titles[n],
            institution: institutionName(applicants[n].user.institutionId),
            amountFen,
          };
        })
        .sort(byId),
    );
    const period = notice.body.notice;
    expect(period.workingDays).toBe(keyRd.durations.noticePeriodWorkingDays);
    expect(period.startLocal).toBe(beijing(period.start));
    expect(period.endLocal).toBe(beijing(period.end));
    expect(Date.parse(period.end)).toBeGreaterThan(Date.parse(period.start));

    // A named objection against the second award is upheld: that award is cancelled, the list
    // republished, and the freed budget offered to the next in the ranking.
    const objection = await request('POST', `/public/awards/${awardId}/objections`, {
      body: {
        objector: { name: '王建国', contact: '13807761234', idNumber: '11010519491231002X' },
        applicationId: second,
        facts: '该项目核心内容已由同一团队承担的自治区项目资助，属于重复申报，附立项文件编号供核查。',
      },
    });
    expect(objection.status).toBe(201);
    const upheld = await officer.post(`/awards/${awardId}/objections/${objection.body.id}/decision`, {
      outcome: 'cancel',
      answer: '经核查，异议属实，取消该项目立项。',
    });
    expect(upheld.status).toBe(200);
    const offered = await officer.get(`/calls/${callId}/awards/next?roundId=${roundId}`);
    const mineFen = items.find((i) => i.applicationId === mine)!.amountFen;
    expect(offered.body).toMatchObject({
      next: { applicationId: third, rank: 3 },
      remainingBudgetFen: totalBudgetFen - mineFen,
    });
    const substitute = await officer.post(`/calls/${callId}/awards`, {
      roundId,
      items: [{ applicationId: third, amountFen: await requested(third) }],
      note: '递补：原第二名经异议核实取消立项',
    });
    expect(substitute.status).toBe(201);
    for (const approver of [officer2, admin])
      expect(
        (await approver.post(`/awards/${substitute.body.id}/approval`, { decision: 'approve' })).status,
      ).toBe(200);

    // Final once the notice has ended; agreements are generated from the applications.
    const final = await until(
      () => auditor.get(`/awards/${awardId}`),
      (r) => r.body.status === 'final',
    );
    const statusOf = (body: { items: Array<{ applicationId: string; status: string }> }, id: string) =>
      body.items.find((i) => i.applicationId === id)!.status;
    expect([statusOf(final.body, mine), statusOf(final.body, second)]).toEqual(['final', 'cancelled']);
    const agreements = await until(
      () => officer.get(`/awards/${awardId}/agreements`),
      (r) => Array.isArray(r.body.items) && r.body.items.length === 1,
    );
    expect(agreements.body.items.map((a: { applicationId: string }) => a.applicationId)).toEqual([mine]);
    const substituted = await until(
      () => officer.get(`/awards/${substitute.body.id}/agreements`),
      (r) => Array.isArray(r.body.items) && r.body.items.length === 1,
    );
    expect(substituted.body.items[0]).toMatchObject({ applicationId: third, status: 'draft' });
    const agreement = agreements.body.items.find((a: { applicationId: string }) => a.applicationId === mine);
    const amountFen = items.find((i) => i.applicationId === mine)!.amountFen;
    expect(agreement).toMatchObject({ amountFen, status: 'draft' });
    const application = (await applicant.get(`/applications/${mine}`)).body.content;
    expect(agreement.content).toMatchObject({
      title: titles[0],
      objectives: application.objectives,
      indicators: application.indicators,
      milestones: application.schedule,
      amountFen,
    });
    expect(agreement.content.indicators.map((x: { name: string }) => x.name)).toEqual(
      completeDraft.indicators.map((x) => x.name),
    );
    expect(agreement.content.milestones.map((x: { title: string }) => x.title)).toEqual(
      completeDraft.schedule.map((x) => x.title),
    );
    // The program's schedule: each share of the award, the last taking what is left.
    const plan = expectedInstallments(amountFen, keyRd.funding.installments);
    expect(agreement.content.installments).toEqual(plan);
    expect(plan.reduce((s, x) => s + x.amountFen, 0)).toBe(amountFen);

    // The PI, the host institution and the bureau sign (before the signing deadline).
    const signed = await signAll(agreement.id, [applicant, instAdmin, officer]);
    expect(
      signed.body.installments.map(
        (i: { seq: number; amountFen: number; releasedBy: string; status: string }) => [
          i.seq,
          i.amountFen,
          i.releasedBy,
          i.status,
        ],
      ),
    ).toEqual(plan.map((p, i) => [i + 1, p.amountFen, p.releasedBy, 'planned']));

    // Signing started the project (执行中) on the program's schedule: two years, a report every six
    // months, the mid-term check after a year (key-rd.json; the drill changes only the notice and
    // the signing deadline, and carries its own code).
    const projectId: string = signed.body.projectId;
    const project = await applicant.get(`/projects/${projectId}`);
    expect(project.status).toBe(200);
    expect(project.body).toMatchObject({
      agreementId: agreement.id,
      title: titles[0],
      programCode: program.code,
      mode: 'open_competition',
      piId: applicant.user.id,
      institutionId: applicant.user.institutionId,
      status: 'ongoing',
      overdue: false,
      overdueReports: 0,
    });
    const signedAt = new Date(signed.body.signedAt);
    expect(project.body.startsOn).toBe(beijing(signed.body.signedAt).slice(0, 10));
    const inYears = (n: number) => {
      const d = new Date(signedAt);
      d.setUTCFullYear(d.getUTCFullYear() + n);
      return d;
    };
    expect(project.body.endsOn).toBe(beijing(inYears(2).toISOString()).slice(0, 10));
    expect(project.body.midtermAt).toBe(inYears(1).toISOString());
    const ids = (r: { body: { items: Array<{ id: string }> } }) => r.body.items.map((p) => p.id);
    expect(ids(await applicant.get('/projects/mine'))).toContain(projectId);
    expect(ids(await instAdmin.get('/projects/mine'))).toContain(projectId);
    expect(ids(await applicant2.get('/projects/mine'))).not.toContain(projectId);
    expect((await applicant2.get(`/projects/${projectId}`)).status).toBe(404);
    expect((await officer.get('/projects/mine')).status).toBe(403);
    expect(
      ids(await auditor.get(`/projects?mode=open_competition&status=ongoing&programCode=${program.code}`)),
    ).toContain(projectId);
    expect(ids(await auditor.get('/projects?overdue=false&limit=200'))).toContain(projectId);
    expect(ids(await auditor.get('/projects?mode=challenge'))).not.toContain(projectId);
    expect((await applicant.get('/projects')).status).toBe(403);

    // The first installment: approved by the officer, paid by someone else.
    const approved = await officer.post(`/agreements/${agreement.id}/installments/1/approval`);
    expect(approved.status).toBe(200);
    expect(approved.body.installments[0].status).toBe('approved');
    const paid = await admin.post(`/agreements/${agreement.id}/installments/1/payment`);
    expect(paid.status).toBe(200);
    expect(paid.body.installments.map((i: { status: string }) => i.status)).toEqual(
      plan.map((_, i) => (i === 0 ? 'paid' : 'planned')),
    );
    const pi = await applicant.get(`/agreements/${agreement.id}`);
    expect(pi.body.installments[0]).toMatchObject({ status: 'paid', amountFen: plan[0].amountFen });

    // The finance bureau's list: that payment, in yuan, with the project and its host.
    const xlsx = await fetch(`${apiUrl()}/calls/${callId}/payments.xlsx`, {
      headers: { authorization: `Bearer ${officer.token}` },
    });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    expect(ws.rowCount).toBe(2);
    const row = ws.getRow(2);
    expect([1, 2, 3, 4, 5].map((c) => row.getCell(c).value)).toEqual([
      titles[0],
      institutionName(applicant.user.institutionId),
      1,
      (plan[0].amountFen / 100).toFixed(2),
      '已拨付',
    ]);
    expect(row.getCell(7).value).toBe(beijing(paid.body.installments[0].paidAt));
  }, 180_000);
});
