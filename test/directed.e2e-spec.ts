import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  apiUrl,
  as,
  attachRequired,
  closeDb,
  completeDraft,
  count,
  Client,
  request,
  SIGN,
  until,
} from './support/api';
import {
  drillProgram,
  expectedInstallments,
  scoredRound,
  signAll,
  topicsFromDemands,
  waitForClose,
} from './support/flows';
import { pdfText } from './support/pdf';

const BAISE_UNIVERSITY = '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e02'; // 百色学院

const seed = (file: string) => JSON.parse(fs.readFileSync(path.resolve(__dirname, '../seeds', file), 'utf8'));
const institutionName = (id: string) =>
  (seed('data/demo.json') as { institutions: Array<{ id: string; name: string }> }).institutions.find(
    (i) => i.id === id,
  )!.name;

/** The directed-commission program: its documents, panel, notice period and installments. */
const directedProgram = seed('programs/directed-key-industry.json') as {
  code: string;
  mode: string;
  panel: { size: number };
  durations: { noticePeriodWorkingDays: number };
  eligibility: { requiredDocuments: Array<{ code: string }> };
  funding: { installments: Array<{ sharePercent: number; releasedBy: string }> };
};

/** Directed commission (定向委托): the bureau names the institutions; nobody else may apply. */
describe('directed calls (定向委托)', () => {
  let officer: Client;
  let applicant: Client; // 百色学院
  let applicant2: Client; // 右江民族医学院
  let admin: Client;
  let auditor: Client;
  let instAdmin: Client; // 百色学院's

  beforeAll(async () => {
    [officer, applicant, applicant2, admin, auditor, instAdmin] = await Promise.all(
      ['officer', 'applicant', 'applicant2', 'admin', 'auditor', 'inst-admin'].map(as),
    );
  });
  afterAll(closeDb);

  const window = () => ({
    windowStart: new Date(Date.now() - 60_000).toISOString(),
    windowEnd: new Date(Date.now() + 600_000).toISOString(),
  });

  it('lets only the invited institution apply', async () => {
    const call = await officer.post('/calls', {
      title: '赤泥综合利用关键技术定向委托项目',
      mode: 'directed',
      ...window(),
      budgetCapFen: 100_000_000,
      invitedInstitutionIds: [BAISE_UNIVERSITY],
    });
    expect(call.status).toBe(201);
    expect(call.body.invitedInstitutionIds).toEqual([BAISE_UNIVERSITY]);

    const invited = await applicant.post('/applications', { callId: call.body.id, ...completeDraft });
    expect(invited.status).toBe(201);
    const before = await count('SELECT 1 FROM applications WHERE call_id = $1', [call.body.id]);
    const other = await applicant2.post('/applications', { callId: call.body.id, ...completeDraft });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toEqual({
      zh: '本批次为定向委托，仅受邀单位可以申报',
      en: 'This call is a directed commission; only invited institutions may apply',
    });
    expect(await count('SELECT 1 FROM applications WHERE call_id = $1', [call.body.id])).toBe(before);
  });

  /** Calls of these titles: a call a refused request would have written carries its title. */
  const callsTitled = (...titles: string[]) => count('SELECT 1 FROM calls WHERE title = ANY($1)', [titles]);

  it('requires the invited institutions for a directed call, and only there', async () => {
    const refusedTitles = ['缺少受托单位', '公开竞争却指定单位'];
    const before = await callsTitled(...refusedTitles);
    const missing = await officer.post('/calls', {
      title: '缺少受托单位',
      mode: 'directed',
      ...window(),
      budgetCapFen: 1_000,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['invitedInstitutionIds']);
    const open = await officer.post('/calls', {
      title: '公开竞争却指定单位',
      mode: 'open_competition',
      ...window(),
      budgetCapFen: 1_000,
      invitedInstitutionIds: [BAISE_UNIVERSITY],
    });
    expect(open.status).toBe(400);
    expect(await callsTitled(...refusedTitles)).toBe(before);
  });

  it('a directed commission (定向委托): the bureau names the performer for a topic; its implementation plan is reviewed by experts; then the award and the agreement', async () => {
    const { topicId } = await topicsFromDemands(officer, applicant);
    // The directed program as a drill: a notice of seconds (DRILL_DURATIONS).
    const program = await drillProgram(admin, directedProgram.code);
    const fieldsOf = (r: { body: { error: { fields: Array<{ path: string }> } } }) =>
      r.body.error.fields.map((f) => f.path);
    const directed = {
      title: '芒果重大病虫害绿色防控定向委托项目',
      mode: 'directed',
      budgetCapFen: 100_000_000,
      totalBudgetFen: 100_000_000,
      invitedInstitutionIds: [BAISE_UNIVERSITY],
    };

    // Refusals, each writing nothing: a template of another mode, an unknown template, a topic
    // outside a directed call, an unknown topic.
    const refusedTitles = [directed.title, '公开竞争却指定委托方向'];
    const before = await callsTitled(...refusedTitles);
    const otherMode = await officer.post('/calls', {
      ...directed,
      ...window(),
      templateCode: 'key-rd',
      topicId,
    });
    expect(otherMode.status).toBe(400);
    expect(fieldsOf(otherMode)).toEqual(['templateCode']);
    const unknownTemplate = await officer.post('/calls', {
      ...directed,
      ...window(),
      templateCode: 'no-such',
      topicId,
    });
    expect(unknownTemplate.status).toBe(400);
    expect(fieldsOf(unknownTemplate)).toEqual(['templateCode']);
    const openWithTopic = await officer.post('/calls', {
      title: '公开竞争却指定委托方向',
      mode: 'open_competition',
      ...window(),
      budgetCapFen: 100_000_000,
      topicId,
    });
    expect(openWithTopic.status).toBe(400);
    expect(fieldsOf(openWithTopic)).toEqual(['topicId']);
    const unknownTopic = await officer.post('/calls', {
      ...directed,
      ...window(),
      templateCode: program.code,
      topicId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknownTopic.status).toBe(400);
    expect(fieldsOf(unknownTopic)).toEqual(['topicId']);
    expect(await callsTitled(...refusedTitles)).toBe(before);

    // The bureau commissions 百色学院 for the topic, under the directed program, with a window of
    // seconds that the plan's submission fits in (the formal check follows the close).
    const created = await officer.post('/calls', {
      ...directed,
      windowStart: new Date(Date.now() - 60_000).toISOString(),
      windowEnd: new Date(Date.now() + 5_000).toISOString(),
      templateCode: program.code,
      topicId,
    });
    expect(created.status).toBe(201);
    const callId: string = created.body.id;
    const template = await officer.get(`/program-templates/${program.code}`);
    expect(template.body.template.mode).toBe('directed');
    const call = await officer.get(`/calls/${callId}`);
    expect(call.body).toMatchObject({
      mode: 'directed',
      status: 'open',
      templateId: template.body.id,
      topicId,
      invitedInstitutionIds: [BAISE_UNIVERSITY],
    });
    expect((await applicant2.post('/applications', { callId, ...completeDraft })).status).toBe(403);

    // The named performer's implementation plan answers the commissioned topic.
    const title = '芒果重大病虫害绿色防控技术实施方案';
    const draft = await applicant.post('/applications', {
      callId,
      ...completeDraft,
      title,
      summary: '集成芒果炭疽病、蒂腐病绿色防控技术，建立示范基地并推广应用。',
    });
    expect(draft.status).toBe(201);
    const applicationId: string = draft.body.id;
    expect((await applicant.get(`/applications/${applicationId}`)).body.topicId).toBe(topicId);
    await attachRequired(applicant, applicationId);
    const attachments = await applicant.get(`/applications/${applicationId}/attachments`);
    const required = directedProgram.eligibility.requiredDocuments.map((d) => d.code);
    expect(required).toContain('implementation_plan');
    expect(attachments.body.required.map((d: { code: string }) => d.code)).toEqual(
      expect.arrayContaining(required),
    );
    expect(attachments.body.required.every((d: { present: boolean }) => d.present)).toBe(true);
    expect(attachments.body.items.map((i: { document: string }) => i.document)).toContain(
      'implementation_plan',
    );
    const sent = await applicant.post(`/applications/${applicationId}/submit`, SIGN);
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('submitted');
    await waitForClose(officer, callId);
    const checked = await officer.post(`/applications/${applicationId}/formal-check`, { decision: 'pass' });
    expect(checked.status).toBe(200);
    expect(checked.body.status).toBe('formal_check_passed');

    // The experts review the plan.
    const score = 86;
    const { roundId, results, opened } = await scoredRound(officer, callId, () => score, { experts: 6 });
    expect(results).toHaveLength(1);
    // Not blind (directed): the expert sees who proposes the plan, never the PI's identity number or
    // contact details.
    expect(opened.blind).toBe(false);
    expect(opened.application.applicant).toEqual(expect.any(String));
    expect(opened.application.content.pi.name).toBe(completeDraft.pi.name);
    expect(opened.application.content.pi).not.toHaveProperty('idNumber');
    expect(opened.application.content.pi).not.toHaveProperty('phone');
    expect(opened.application.content.pi).not.toHaveProperty('email');
    const shown = JSON.stringify(opened.application);
    expect(shown).not.toContain(completeDraft.pi.idNumber);
    expect(shown).not.toContain(completeDraft.pi.idNumber.slice(-4));
    expect(shown).not.toContain(completeDraft.pi.phone);
    expect(results[0]).toMatchObject({ applicationId, topicId, rank: 1 });
    expect(results[0].rankingScore).toBeCloseTo(score, 9);
    expect(results[0].summary.n).toBe(directedProgram.panel.size);

    // Awarded at the amount asked for, approved by another person, on notice, then final.
    const amountFen = (await officer.get(`/applications/${applicationId}`)).body.content
      .requestedFen as number;
    const proposed = await officer.post(`/calls/${callId}/awards`, {
      roundId,
      items: [{ applicationId, amountFen }],
      note: '实施方案经专家论证，同意定向委托立项',
    });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toMatchObject({ roundId, status: 'in_approval' });
    const awardId: string = proposed.body.id;
    expect((await admin.post(`/awards/${awardId}/approval`, { decision: 'approve' })).status).toBe(200);
    const notice = await until(
      () => request('GET', `/public/awards/${awardId}/notice`),
      (r) => r.status === 200,
    );
    expect(notice.body.items).toEqual([
      expect.objectContaining({
        applicationId,
        title,
        institution: institutionName(BAISE_UNIVERSITY),
        amountFen,
      }),
    ]);
    expect(notice.body.notice.workingDays).toBe(directedProgram.durations.noticePeriodWorkingDays);
    const final = await until(
      () => auditor.get(`/awards/${awardId}`),
      (r) => r.body.status === 'final',
    );
    expect(final.body.items.map((i: { status: string }) => i.status)).toEqual(['final']);

    // The agreement follows the plan and the program's installments.
    const agreements = await until(
      () => officer.get(`/awards/${awardId}/agreements`),
      (r) => Array.isArray(r.body.items) && r.body.items.length === 1,
    );
    const agreement = agreements.body.items[0];
    expect(agreement).toMatchObject({ applicationId, amountFen, status: 'draft' });
    const plan = expectedInstallments(amountFen, directedProgram.funding.installments);
    expect(agreement.content).toMatchObject({ title, amountFen, installments: plan });

    // The PI, the host institution and the bureau sign; the first installment is approved and paid.
    const signed = await signAll(agreement.id, [applicant, instAdmin, officer]);
    expect(
      signed.body.installments.map((i: { seq: number; amountFen: number; releasedBy: string }) => [
        i.seq,
        i.amountFen,
        i.releasedBy,
      ]),
    ).toEqual(plan.map((p, i) => [i + 1, p.amountFen, p.releasedBy]));
    expect((await officer.post(`/agreements/${agreement.id}/installments/1/approval`)).status).toBe(200);
    const paid = await admin.post(`/agreements/${agreement.id}/installments/1/payment`);
    expect(paid.status).toBe(200);
    expect(paid.body.installments.map((i: { status: string }) => i.status)).toEqual(
      plan.map((_, i) => (i === 0 ? 'paid' : 'planned')),
    );

    // The PI's printable agreement.
    const pdf = await fetch(`${apiUrl()}/agreements/${agreement.id}/agreement.pdf`, {
      headers: { authorization: `Bearer ${applicant.token}` },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdfText(Buffer.from(await pdf.arrayBuffer()))).toContain(title);
  }, 180_000);
});
