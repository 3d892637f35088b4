import * as fs from 'node:fs';
import * as path from 'node:path';
import { as, closeDb, count, Client } from './support/api';
import { DRILL_DURATIONS, signedDirectedProjects } from './support/flows';
import { OWN_USERS } from './support/fuzz-users';

const seed = (file: string) => JSON.parse(fs.readFileSync(path.resolve(__dirname, '../seeds', file), 'utf8'));
const beijingDate = (iso: string | number) =>
  new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * Change requests (变更申请, issue 15 §3) on the real stack: a directed program written as a template
 * with a term of minutes and an extension lead time of two minutes (the rule of RULES §8 with
 * the template's durations), two projects of one call.
 */
describe('project change requests (变更申请)', () => {
  let officer: Client;
  let officer2: Client;
  let admin: Client;
  let auditor: Client;
  let expert: Client;
  let applicant: Client; // PI of project A (a copy of 百色学院's, of its own)
  let applicant2: Client; // PI of project B (a copy of 右江民族医学院's, of its own)
  let instAdmin: Client;
  let instAdmin2: Client;
  let a: { projectId: string; agreementId: string; signedAt: string };
  let b: { projectId: string; agreementId: string; signedAt: string };
  const LEAD_MS = 120_000;

  beforeAll(async () => {
    [officer, officer2, admin, auditor, expert, applicant, applicant2, instAdmin, instAdmin2] =
      await Promise.all(
        [
          'officer',
          'officer2',
          'admin',
          'auditor',
          'expert',
          OWN_USERS.changesAPi.username,
          OWN_USERS.changesBPi.username,
          OWN_USERS.changesAHost.username,
          OWN_USERS.changesBHost.username,
        ].map(as),
      );
    const base = seed('programs/directed-key-industry.json');
    const template = {
      ...base,
      code: `changes-e2e-${Date.now().toString(36)}`,
      // A notice of seconds (DRILL_DURATIONS), to reach signing within the test.
      durations: {
        ...base.durations,
        ...DRILL_DURATIONS,
        executionLength: 'PT3M',
        reportCadence: 'PT1M',
        midtermPoint: 'PT2M',
      },
      changes: { extensionLeadTime: 'PT2M' },
    };
    const saved = await admin.post('/program-templates', template);
    expect(saved.status).toBe(201);
    [a, b] = await signedDirectedProjects(
      template.code,
      [officer, admin],
      [
        [applicant, instAdmin],
        [applicant2, instAdmin2],
      ],
    );
    // B's first installment is paid at once (four eyes), before an overdue report holds it back.
    expect((await officer.post(`/agreements/${b.agreementId}/installments/1/approval`)).status).toBe(200);
    expect((await admin.post(`/agreements/${b.agreementId}/installments/1/payment`)).status).toBe(200);
  }, 300_000);
  afterAll(closeDb);

  const changes = (projectId: string) => `/projects/${projectId}/changes` as const;
  /** Change requests of one project: every request refused here names its project. */
  const changesOf = (projectId: string) =>
    count('SELECT 1 FROM project_changes WHERE project_id = $1', [projectId]);
  const decision = (projectId: string, changeId: string) =>
    `/projects/${projectId}/changes/${changeId}/decision` as const;

  it('takes an extension through the institution and four eyes; the end moves and a new agreement version records it', async () => {
    const before = (await applicant.get(`/projects/${a.projectId}`)).body;
    const asked = await applicant.post(changes(a.projectId), {
      kind: 'extension',
      reason: '中试设备到货延迟，需延长实施期',
      extendBy: 'PT2M',
    });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({
      kind: 'extension',
      status: 'pending',
      steps: ['institution', 'officer', 'second_officer'],
    });
    const id: string = asked.body.id;
    const newEndsAt = new Date(new Date(asked.body.detail.endsAt).getTime() + 120_000).toISOString();
    expect(asked.body.detail).toMatchObject({ extendBy: 'PT2M', newEndsAt });

    // The officer waits for the institution; the institution of another project cannot consent.
    expect((await officer.post(decision(a.projectId, id), { decision: 'approve' })).status).toBe(409);
    expect((await instAdmin2.post(decision(a.projectId, id), { decision: 'approve' })).status).toBe(404);
    expect(
      (await instAdmin.post(decision(a.projectId, id), { decision: 'approve', comment: '同意' })).status,
    ).toBe(200);
    expect((await officer.post(decision(a.projectId, id), { decision: 'approve' })).status).toBe(200);
    // Four eyes: the first approver cannot confirm; a second officer does.
    const same = await officer.post(decision(a.projectId, id), { decision: 'approve' });
    expect(same.status).toBe(422);
    expect(same.body.error.code).toBe('rule_refused');
    const done = await officer2.post(decision(a.projectId, id), { decision: 'approve', comment: '同意延期' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'approved', agreementVersion: 2 });
    expect(done.body.decisions.map((d: { step: string }) => d.step)).toEqual([
      'institution',
      'officer',
      'second_officer',
    ]);
    expect(done.body.diff).toEqual([{ path: 'endsAt', before: null, after: newEndsAt }]);

    const after = (await applicant.get(`/projects/${a.projectId}`)).body;
    expect(after.endsOn).toBe(beijingDate(newEndsAt));
    expect(before.endsOn <= after.endsOn).toBe(true);
    expect(
      await count(`SELECT 1 FROM projects WHERE id = $1 AND ends_at = $2`, [a.projectId, newEndsAt]),
    ).toBe(1);
    // A report each minute of the added time (the cadence asks for them), numbered on.
    expect(await count(`SELECT 1 FROM project_reports WHERE project_id = $1`, [a.projectId])).toBe(4);
    const versions = await officer.get(`/agreements/${a.agreementId}/versions`);
    expect(versions.status).toBe(200);
    const v2 = (versions.body.items ?? versions.body).find((v: { version: number }) => v.version === 2);
    expect(v2.note).toContain('延期');
    expect(v2.content.endsAt).toBe(newEndsAt);
    // Normally once.
    const again = await applicant.post(changes(a.projectId), {
      kind: 'extension',
      reason: '再次申请延期',
      extendBy: 'PT1M',
    });
    expect(again.status).toBe(422);
  }, 120_000);

  it('takes a budget adjustment: equipment with the institution’s consent, indirect costs never raised', async () => {
    const budget = {
      equipmentFen: 3_000_000,
      businessFen: 22_000_000,
      labourFen: 5_000_000,
      indirectFen: 3_000_000,
    };
    const before = await changesOf(a.projectId);
    const raised = await applicant.post(changes(a.projectId), {
      kind: 'budget_adjustment',
      reason: '调整预算结构',
      budget: { ...budget, indirectFen: 3_000_001, businessFen: 21_999_999 },
    });
    expect(raised.status).toBe(422);
    expect(raised.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['budget.indirectFen']);
    expect(await changesOf(a.projectId)).toBe(before);

    const asked = await applicant.post(changes(a.projectId), {
      kind: 'budget_adjustment',
      reason: '设备改为租用，节余调入测试化验加工费',
      budget,
    });
    expect(asked.status).toBe(201);
    expect(asked.body.steps).toEqual(['institution']);
    const done = await instAdmin.post(decision(a.projectId, asked.body.id), { decision: 'approve' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'approved', agreementVersion: 3 });
    expect(done.body.diff.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['budgetByCategory']),
    );
    const agreement = await applicant.get(`/agreements/${a.agreementId}`);
    expect(agreement.body.content.budgetByCategory).toEqual(budget);
    const list = await auditor.get(changes(a.projectId));
    expect(list.body.items.map((c: { kind: string; status: string }) => [c.kind, c.status])).toEqual([
      ['extension', 'approved'],
      ['budget_adjustment', 'approved'],
    ]);
  }, 60_000);

  it('refuses a new PI over the project limit, naming the project', async () => {
    const before = await changesOf(a.projectId);
    const res = await applicant.post(changes(a.projectId), {
      kind: 'pi_change',
      reason: '原负责人工作调动',
      newPiId: applicant2.user.id,
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('rule_refused');
    expect(res.body.error.message.zh).toContain('新负责人超出限项规定');
    expect(await changesOf(a.projectId)).toBe(before);
  });

  const todayInShanghai = () => beijingDate(Date.now());
  const creditRecord = (subject: { type: 'person' | 'institution'; id: string }) =>
    officer.post('/credit-records', {
      subject,
      kind: 'overdue_report',
      severity: 'minor',
      stage: 'execution',
      facts: '年度进展报告逾期三个月未提交，经催告仍未提交。',
      evidenceRefs: ['催告函'],
      decisionNo: '百科信〔2026〕9号',
      effectiveFrom: todayInShanghai(),
    });

  it('lists whom a change may name: the host’s applicants for a new PI (to the PI only), the institutions by name', async () => {
    const colleague = await as(OWN_USERS.changesAColleague.username);
    const candidates = (query: string, client = applicant) =>
      client.get(`/projects/${a.projectId}/pi-candidates?${query}` as '/projects/{id}/pi-candidates');
    const named = await candidates(`q=${encodeURIComponent('changes-a-colleague')}`);
    expect(named.status).toBe(200);
    expect(named.body.items).toEqual([
      { id: colleague.user.id, displayName: expect.stringContaining('changes-a-colleague') },
    ]);
    const everyone = (await candidates('limit=200')).body.items.map((u: { id: string }) => u.id);
    expect(everyone).toContain(colleague.user.id);
    expect(everyone).not.toContain(applicant.user.id); // the PI names someone else
    expect(everyone).not.toContain(instAdmin.user.id); // applicants only
    // The host's admin is no applicant; another project's PI does not see this project.
    expect((await candidates('', instAdmin)).status).toBe(403);
    expect((await candidates('', applicant2)).status).toBe(404);
    // The institutions' directory, by text in the name (literal: a wildcard is only a character).
    const host = (await as(OWN_USERS.changesNewHost.username)).user.institutionId!;
    const listed = await applicant.get(
      `/institutions?q=${encodeURIComponent('（changes-c）')}` as '/institutions',
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toEqual([host]);
    expect(
      (await applicant.get(`/institutions?q=${encodeURIComponent('%')}` as '/institutions')).body.items,
    ).toEqual([]);
  });

  it('checks a new PI’s credit gate again at the approval: a credit record since the request refuses it and changes nothing', async () => {
    const applicant4 = await as(OWN_USERS.changesNewPi.username);
    const asked = await applicant.post(changes(a.projectId), {
      kind: 'pi_change',
      reason: '原负责人工作调动',
      newPiId: applicant4.user.id,
    });
    expect(asked.status).toBe(201);
    expect(asked.body.steps).toEqual(['institution', 'officer', 'second_officer']);
    const id: string = asked.body.id;
    expect((await instAdmin.post(decision(a.projectId, id), { decision: 'approve' })).status).toBe(200);
    // A credit record for the new PI comes in after the request.
    expect((await creditRecord({ type: 'person', id: applicant4.user.id })).status).toBe(201);
    const versions = await count('SELECT 1 FROM agreement_versions WHERE agreement_id = $1', [a.agreementId]);
    const refused = await officer.post(decision(a.projectId, id), { decision: 'approve' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('credit_barred');
    expect(refused.body.error.message.zh).toContain('新负责人未通过信用审查');
    expect(refused.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['newPiId']);
    // Nothing changed: still waiting for the officer, the PI and the agreement as they were.
    const still = await officer.get(`/projects/${a.projectId}/changes/${id}`);
    expect(still.body).toMatchObject({ status: 'pending', agreementVersion: null });
    expect(still.body.decisions.map((d: { step: string }) => d.step)).toEqual(['institution']);
    expect((await officer.get(`/projects/${a.projectId}`)).body.piId).toBe(applicant.user.id);
    expect(await count('SELECT 1 FROM agreement_versions WHERE agreement_id = $1', [a.agreementId])).toBe(
      versions,
    );
    // The officer can still say no; the request ends.
    const rejected = await officer.post(decision(a.projectId, id), {
      decision: 'reject',
      comment: '新负责人信用受限，不予变更',
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe('rejected');
  }, 60_000);

  it('moves a project to a new host once both institutions consent and the new host passes the credit gate', async () => {
    const instAdmin3 = await as(OWN_USERS.changesNewHost.username);
    const newHost = instAdmin3.user.institutionId!;
    const barredHost = (await as(OWN_USERS.changesBarredHost.username)).user.institutionId!;
    const before = await changesOf(b.projectId);
    // An unknown institution, and one the credit gate bars, are refused on the field; nothing is written.
    const unknown = await applicant2.post(changes(b.projectId), {
      kind: 'institution_change',
      reason: '团队整体调入新单位',
      newInstitutionId: '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5eff',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['newInstitutionId']);
    expect((await creditRecord({ type: 'institution', id: barredHost })).status).toBe(201);
    const barred = await applicant2.post(changes(b.projectId), {
      kind: 'institution_change',
      reason: '团队整体调入新单位',
      newInstitutionId: barredHost,
    });
    expect(barred.status).toBe(422);
    expect(barred.body.error.code).toBe('credit_barred');
    expect(barred.body.error.message.zh).toContain('新依托单位未通过信用审查');
    expect(barred.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['newInstitutionId']);
    expect(await changesOf(b.projectId)).toBe(before);

    const asked = await applicant2.post(changes(b.projectId), {
      kind: 'institution_change',
      reason: '团队整体调入新单位',
      newInstitutionId: newHost,
    });
    expect(asked.status).toBe(201);
    expect(asked.body.steps).toEqual(['institution', 'new_institution', 'officer', 'second_officer']);
    const id: string = asked.body.id;
    // The new host reads the request it is asked about (not yet the project), named by title and by
    // its own name; another institution does not.
    const read = await instAdmin3.get(`/projects/${b.projectId}/changes/${id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      projectTitle: (await officer.get(`/projects/${b.projectId}`)).body.title,
      subject: {
        type: 'institution',
        id: newHost,
        name: (await instAdmin3.get('/auth/me')).body.institutionName,
      },
    });
    expect((await instAdmin3.get(`/projects/${b.projectId}`)).status).toBe(404);
    expect((await instAdmin.get(`/projects/${b.projectId}/changes/${id}`)).status).toBe(404);
    // The new host consents only after the current host; the officer only after both.
    const early = await instAdmin3.post(decision(b.projectId, id), { decision: 'approve' });
    expect(early.status).toBe(409);
    expect(early.body.error.message.zh).toBe('该变更申请正待依托单位意见');
    expect((await instAdmin2.post(decision(b.projectId, id), { decision: 'approve' })).status).toBe(200);
    const waits = await officer.post(decision(b.projectId, id), { decision: 'approve' });
    expect(waits.status).toBe(409);
    expect(waits.body.error.message.zh).toBe('该变更申请正待新依托单位意见');
    expect((await instAdmin2.post(decision(b.projectId, id), { decision: 'approve' })).status).toBe(409);
    expect((await instAdmin.post(decision(b.projectId, id), { decision: 'approve' })).status).toBe(404);
    expect(
      (await instAdmin3.post(decision(b.projectId, id), { decision: 'approve', comment: '同意接收' })).status,
    ).toBe(200);
    expect((await officer.post(decision(b.projectId, id), { decision: 'approve' })).status).toBe(200);
    const done = await officer2.post(decision(b.projectId, id), { decision: 'approve' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'approved', agreementVersion: 2 });
    expect(done.body.decisions.map((d: { step: string }) => d.step)).toEqual([
      'institution',
      'new_institution',
      'officer',
      'second_officer',
    ]);
    expect(done.body.diff.map((d: { path: string; after: unknown }) => [d.path, d.after])).toEqual([
      ['institutionId', newHost],
    ]);

    // The project is the new host's: its record and both admins' "my projects".
    const ids = (r: { body: { items: Array<{ id: string }> } }) => r.body.items.map((p) => p.id);
    expect((await instAdmin3.get(`/projects/${b.projectId}`)).body.institutionId).toBe(newHost);
    expect(ids(await instAdmin3.get('/projects/mine'))).toContain(b.projectId);
    expect(ids(await instAdmin2.get('/projects/mine'))).not.toContain(b.projectId);
    expect((await applicant2.get(`/projects/${b.projectId}`)).body.institutionId).toBe(newHost);
  }, 90_000);

  it('refuses an extension asked less than the lead time before the end, naming the rule and both dates', async () => {
    const project = (await applicant2.get(`/projects/${b.projectId}`)).body;
    const endsAt: string = project.endsOn;
    // Wait until less than the lead time is left (the server's clock decides).
    const latest = new Date(b.signedAt).getTime() + 180_000 - LEAD_MS;
    await new Promise((r) => setTimeout(r, Math.max(0, latest - Date.now() + 2_000)));
    const res = await applicant2.post(changes(b.projectId), {
      kind: 'extension',
      reason: '实验进度滞后',
      extendBy: 'PT1M',
    });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('rule_refused');
    expect(res.body.error.message.zh).toContain('延期须在项目结束前至少 PT2M 申请');
    expect(res.body.error.message.zh).toContain(`项目于 ${endsAt} 结束`);
    expect(res.body.error.message.en).toContain(`the project ends on ${endsAt}`);
    expect(res.body.error.message.en).toContain(`the last day to ask was ${beijingDate(latest)}`);
  }, 200_000);

  it('lets only the PI ask, the deciders decide, the readers read, and staff record an unapproved change', async () => {
    const body = { kind: 'team_change', reason: '补充骨干成员', team: [{ name: '王五', role: '骨干' }] };
    const ask: Record<string, [Client, number]> = {
      officer: [officer, 403],
      admin: [admin, 403],
      auditor: [auditor, 403],
      expert: [expert, 403],
      'inst-admin': [instAdmin, 403],
      applicant2: [applicant2, 404],
    };
    for (const [u, [c, status]] of Object.entries(ask)) {
      const before = await changesOf(a.projectId);
      expect({ u, status: (await c.post(changes(a.projectId), body)).status }).toEqual({ u, status });
      expect(await changesOf(a.projectId)).toBe(before);
    }
    const asked = await applicant.post(changes(a.projectId), body);
    expect(asked.status).toBe(201);
    const decide: Record<string, [Client, number]> = {
      applicant: [applicant, 403],
      applicant2: [applicant2, 403],
      auditor: [auditor, 403],
      expert: [expert, 403],
      'inst-admin2': [instAdmin2, 404],
    };
    for (const [u, [c, status]] of Object.entries(decide))
      expect({
        u,
        status: (await c.post(decision(a.projectId, asked.body.id), { decision: 'approve' })).status,
      }).toEqual({ u, status });
    const read: Record<string, [Client, number]> = {
      applicant: [applicant, 200],
      'inst-admin': [instAdmin, 200],
      officer: [officer, 200],
      admin: [admin, 200],
      auditor: [auditor, 200],
      applicant2: [applicant2, 404],
      expert: [expert, 404],
    };
    for (const [u, [c, status]] of Object.entries(read)) {
      expect({ u, status: (await c.get(changes(a.projectId))).status }).toEqual({ u, status });
      expect({
        u,
        status: (await c.get(`/projects/${a.projectId}/changes/${asked.body.id}`)).status,
      }).toEqual({ u, status });
    }
    const unapproved = { kind: 'objectives_change', note: '进展报告显示已擅自改变技术路线' };
    for (const [u, c] of Object.entries({ applicant, 'inst-admin': instAdmin, auditor, expert }))
      expect({
        u,
        status: (await c.post(`/projects/${a.projectId}/unapproved-changes`, unapproved)).status,
      }).toEqual({ u, status: 403 });
    const recorded = await officer.post(`/projects/${a.projectId}/unapproved-changes`, unapproved);
    expect(recorded.status).toBe(200);
    expect(recorded.body.unapprovedChange).toBe(true);
    expect(
      await count(
        `SELECT 1 FROM domain_events WHERE subject_id = $1 AND type = 'project.unapproved_change_recorded'`,
        [a.projectId],
      ),
    ).toBe(1);
  }, 60_000);
  it('settles an approved termination request like every early end: the unspent funds owed by a recovery order, no credit record', async () => {
    // The first installment was paid at signing; no spending is on record.
    const paid = (await officer.get(`/agreements/${b.agreementId}`)).body.installments
      .filter((i: { status: string }) => i.status === 'paid')
      .reduce((sum: number, i: { amountFen: number }) => sum + i.amountFen, 0);
    expect(paid).toBeGreaterThan(0);
    const instAdmin3 = await as(OWN_USERS.changesNewHost.username);
    const credits = () => count(`SELECT 1 FROM credit_records WHERE project_id = $1`, [b.projectId]);
    const creditsBefore = await credits();

    const asked = await applicant2.post(changes(b.projectId), {
      kind: 'termination_request',
      reason: '技术路线经中试验证不可行，申请终止',
    });
    expect(asked.status).toBe(201);
    const id: string = asked.body.id;
    // Its host now is the one the earlier change moved it to; then two officers (four eyes).
    for (const who of [instAdmin3, officer, officer2])
      expect(
        (await who.post(decision(b.projectId, id), { decision: 'approve', comment: '同意' })).status,
      ).toBe(200);

    const project = (await applicant2.get(`/projects/${b.projectId}`)).body;
    expect(project.status).toBe('terminated');
    const orders = (await applicant2.get(`/projects/${b.projectId}/recovery-orders`)).body.items;
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ amountFen: paid, status: 'open' });
    expect(orders[0].reason).toContain('终止');
    expect(await credits()).toBe(creditsBefore);
    // An ended project takes no more changes, and says why.
    const late = await applicant2.post(changes(b.projectId), {
      kind: 'team_change',
      reason: '补充骨干成员',
      team: [{ name: '王五', role: '骨干' }],
    });
    expect(late.status).toBe(409);
    expect(late.body.error.message.zh).toContain('已终止');
  }, 60_000);
});
