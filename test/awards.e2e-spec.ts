import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import {
  apiUrl,
  as,
  callEvents,
  closeDb,
  completeDraft,
  count,
  Client,
  inboxItem,
  readAll,
  request,
  SIGN,
  TINY_PDF,
  until,
} from './support/api';
import { drillProgram, iso, waitForClose } from './support/flows';
import { pdfText } from './support/pdf';

const objector = { name: '王建国', contact: '13807761234', idNumber: '11010519491231002X' };
const FACTS = '该项目负责人同期以相同内容申报了自治区科技计划并已获立项，属于重复申报，附立项文件编号。';
const CALL_TITLE = '2026年百色市科技计划（立项测试）';

/**
 * 立项 and 公示: a proposal within the call's budget, approved by someone other than the
 * proposer, published for its notice period, named objections answered (one award cancelled),
 * then final; over-budget, anonymous, vague and late requests refused.
 */
describe('awards and public notice (立项 / 公示)', () => {
  let officer: Client;
  let admin: Client;
  let auditor: Client;
  let applicants: Client[];
  let callId: string;
  const apps: string[] = [];
  let signedAgreementId: string; // the first award's agreement, signed by all three parties
  let awardId: string;

  beforeAll(async () => {
    [officer, admin, auditor] = await Promise.all(['officer', 'admin', 'auditor'].map(as));
    applicants = await Promise.all(['applicant', 'applicant2', 'enterprise'].map(as));
    // A drill of the key R&D program (notice of seconds, 30 s to sign: the first agreement is
    // negotiated and signed within it, the second forfeited at it) with what a call without a
    // program has: the admin approves, 60 % paid on signing and 40 % after acceptance, no document
    // list, no endorsement step, no title level.
    const program = await drillProgram(admin, 'key-rd', (t) => {
      t.durations.signingDeadline = 'PT30S';
      t.stages = t.stages.filter((s: string) => s !== 'endorsement');
      t.eligibility.requiredDocuments = [];
      delete t.eligibility.minPiTitleLevel;
      t.funding.installments = [
        { sharePercent: 60, releasedBy: 'signing' },
        { sharePercent: 40, releasedBy: 'acceptance' },
      ];
      t.award.approvalChain = ['admin'];
    });
    const call = await officer.post('/calls', {
      title: CALL_TITLE,
      mode: 'open_competition',
      windowStart: iso(-60_000),
      // Seconds: the three submissions fit (also with three other files running beside), then the
      // formal check once the call has closed.
      windowEnd: iso(10_000),
      budgetCapFen: 50_000_000,
      totalBudgetFen: 60_000_000, // ¥600,000: two awards of ¥300,000
      templateCode: program.code,
    });
    expect(call.status).toBe(201);
    callId = call.body.id;
    for (const [i, who] of applicants.entries()) {
      const a = await who.post('/applications', { callId, ...completeDraft, title: `立项测试项目${i + 1}` });
      await who.post(`/applications/${a.body.id}/submit`, SIGN);
      apps.push(a.body.id);
    }
    await waitForClose(officer, callId);
    for (const id of apps) await officer.post(`/applications/${id}/formal-check`, { decision: 'pass' });
  });
  afterAll(closeDb);

  const item = (applicationId: string, amountFen = 30_000_000) => ({ applicationId, amountFen });

  it('refuses a proposal over the budget, naming the shortfall, and bad input; nothing is written', async () => {
    const awards = () => count('SELECT 1 FROM awards WHERE call_id = $1', [callId]);
    const before = await awards();
    const over = await officer.post(`/calls/${callId}/awards`, { items: apps.map((a) => item(a)) });
    expect(over.status).toBe(400);
    expect(over.body.error.fields[0]).toMatchObject({ path: 'items' });
    expect(over.body.error.message.zh).toContain('超出本批次预算 ¥300,000.00');
    const tooMuch = await officer.post(`/calls/${callId}/awards`, { items: [item(apps[0], 30_000_001)] });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.fields[0].path).toBe('items.0.amountFen');
    const twice = await officer.post(`/calls/${callId}/awards`, { items: [item(apps[0]), item(apps[0])] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.fields[0].path).toBe('items.1.applicationId');
    for (const who of [applicants[0], auditor])
      expect((await who.post(`/calls/${callId}/awards`, { items: [item(apps[0])] })).status).toBe(403);
    expect(await awards()).toBe(before);
  });

  it('approves with four eyes, runs the notice with named objections, cancels one award, then is final', async () => {
    const proposed = await officer.post(`/calls/${callId}/awards`, {
      items: [item(apps[0]), item(apps[1], 25_000_000)],
      note: '按评审排序择优立项',
    });
    expect(proposed.status).toBe(201);
    const id = proposed.body.id;
    expect(proposed.body).toMatchObject({ status: 'in_approval', chain: ['admin'] });
    expect(proposed.body.items.map((i: { amountFen: number }) => i.amountFen)).toEqual([
      30_000_000, 25_000_000,
    ]);
    // It waits in the inbox of the chain's step (the admin), never in the proposer's.
    expect(await inboxItem(admin, 'award_approval', id)).toMatchObject({
      subject: { type: 'award', id, ref: null, name: CALL_TITLE },
      dueAt: null,
      overdue: false,
      action: { method: 'POST', path: `/awards/${id}/approval`, route: `/awards/${id}` },
    });
    expect(await inboxItem(officer, 'award_approval', id)).toBeUndefined();

    // Not before it is published; the proposer cannot approve their own proposal.
    expect((await request('GET', `/public/awards/${id}/notice`)).status).toBe(404);
    const own = await officer.post(`/awards/${id}/approval`, { decision: 'approve' });
    expect(own.status).toBe(403);
    expect((await admin.post(`/awards/${id}/approval`, { decision: 'return' })).status).toBe(400);
    const approved = await admin.post(`/awards/${id}/approval`, {
      decision: 'approve',
      comments: '经局务会研究，同意立项。',
    });
    expect(approved.status).toBe(200);
    // The decision keeps its reasons, by whom and when (Beijing time).
    expect(approved.body.decisions).toEqual([
      expect.objectContaining({
        actorId: admin.user.id,
        decision: 'approve',
        comments: '经局务会研究，同意立项。',
      }),
    ]);
    expect(approved.body.decisions[0].atLocal).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(await inboxItem(admin, 'award_approval', id)).toBeUndefined();
    const inNotice = await until(
      () => auditor.get(`/awards/${id}`),
      (r) => r.body.status === 'in_notice',
    );
    expect(inNotice.body.notice).toMatchObject({ workingDays: 5 });

    // The public list, no login: titles, institutions, amounts and the period in Beijing time.
    const pub = await request('GET', `/public/awards/${id}/notice`);
    expect(pub.status).toBe(200);
    expect(pub.body.items).toHaveLength(2);
    expect(pub.body.notice.endLocal).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    // Objections: anonymous and vague ones are refused with their fields; a named one is taken.
    const objections = () => count('SELECT 1 FROM objections WHERE award_id = $1', [id]);
    const anonymous = await request('POST', `/public/awards/${id}/objections`, {
      body: { objector: { contact: '13807761234' }, applicationId: apps[1], facts: FACTS },
    });
    expect(anonymous.status).toBe(400);
    expect(anonymous.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'objector.idNumber',
      'objector.name',
    ]);
    const vague = await request('POST', `/public/awards/${id}/objections`, {
      body: { objector, applicationId: apps[1], facts: '有问题' },
    });
    expect(vague.status).toBe(400);
    expect(vague.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['facts']);
    expect(await objections()).toBe(0);
    // Evidence files are uploaded without an account during the notice; the type is read from
    // the content; an objection names them by id (or gives a document reference).
    const evidence = async (name: string, body: Buffer, awardId = id) => {
      const res = await fetch(
        `${apiUrl()}/public/awards/${awardId}/evidence?name=${encodeURIComponent(name)}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/octet-stream' },
          body,
        },
      );
      return { status: res.status, body: (await res.json()) as Record<string, any> };
    };
    const spoofed = await evidence('立项文件.pdf', Buffer.from('MZ not really a pdf at all'));
    expect(spoofed.status).toBe(415);
    const file = await evidence('立项文件.pdf', TINY_PDF);
    expect(file.status).toBe(201);
    expect(file.body).toMatchObject({ name: '立项文件.pdf', mediaType: 'application/pdf' });
    const unknownFile = await request('POST', `/public/awards/${id}/objections`, {
      body: {
        objector,
        applicationId: apps[1],
        facts: FACTS,
        evidence: ['桂科计字〔2026〕18号', randomUUID()],
      },
    });
    expect(unknownFile.status).toBe(400);
    expect(unknownFile.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['evidence.1']);
    expect(await objections()).toBe(0);
    const filed = await request('POST', `/public/awards/${id}/objections`, {
      body: {
        objector,
        applicationId: apps[1],
        facts: FACTS,
        evidence: ['桂科计字〔2026〕18号', file.body.id],
      },
    });
    expect(filed.status).toBe(201);
    // The officers are to answer it by the end of the notice (which stays open until they do).
    expect(await inboxItem(officer, 'objection_answer', id, filed.body.id)).toMatchObject({
      subject: { type: 'award', id, ref: filed.body.id, name: CALL_TITLE },
      dueAt: inNotice.body.notice.end,
      dueAtLocal: inNotice.body.notice.endLocal,
      action: {
        method: 'POST',
        path: `/awards/${id}/objections/${filed.body.id}/decision`,
        route: `/awards/${id}/objections/${filed.body.id}`,
      },
    });
    // The objector keeps a receipt to read the answer; a wrong one reveals nothing.
    const answer = (receipt: string) =>
      request(
        'GET',
        `/public/awards/${id}/objections/${filed.body.id}?receipt=${encodeURIComponent(receipt)}`,
      );
    expect(filed.body.answerAt).toBe(
      `/public/awards/${id}/objections/${filed.body.id}?receipt=${filed.body.receipt}`,
    );
    expect((await answer(filed.body.receipt)).body).toMatchObject({
      status: 'open',
      statusLabel: { zh: '核查中' },
      answer: null,
    });
    expect((await answer('not-the-receipt-at-all')).status).toBe(404);
    // The staff investigating it see the evidence and can open the file; nobody else can.
    const listed = await officer.get(`/awards/${id}/objections`);
    expect(listed.body.items[0].evidence).toEqual([
      { ref: '桂科计字〔2026〕18号', file: null },
      {
        ref: file.body.id,
        file: expect.objectContaining({
          name: '立项文件.pdf',
          href: `/awards/${id}/evidence/${file.body.id}`,
        }),
      },
    ]);
    const download = await fetch(`${apiUrl()}/awards/${id}/evidence/${file.body.id}`, {
      headers: { authorization: `Bearer ${officer.token}` },
    });
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await download.arrayBuffer()).equals(TINY_PDF)).toBe(true);
    expect((await applicants[1].get(`/awards/${id}/evidence/${file.body.id}`)).status).toBe(403);

    // The officer investigates and cancels that award, answering the objector.
    const badOutcome = await officer.post(`/awards/${id}/objections/${filed.body.id}/decision`, {
      outcome: 'adjust',
      answer: '经核查，调整立项金额。',
    });
    expect(badOutcome.status).toBe(400);
    expect(badOutcome.body.error.fields[0].path).toBe('adjustedAmountFen');
    const cancelled = await officer.post(`/awards/${id}/objections/${filed.body.id}/decision`, {
      outcome: 'cancel',
      answer: '经核查，异议属实，取消该项目立项。',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancel', answer: '经核查，异议属实，取消该项目立项。' });
    expect(await inboxItem(officer, 'objection_answer', id, filed.body.id)).toBeUndefined();
    expect((await answer(filed.body.receipt)).body).toMatchObject({
      status: 'cancel',
      statusLabel: { zh: '取消立项' },
      answer: '经核查，异议属实，取消该项目立项。',
    });
    // The changed list is republished (更正公示) and, as the default template says, the period
    // starts again from the republication.
    const republished = await request('GET', `/public/awards/${id}/notice`);
    expect(republished.body.items.map((i: { applicationId: string }) => i.applicationId)).toEqual([apps[0]]);
    expect(republished.body.notice).toMatchObject({ revision: 1, restartsOnChange: true });
    expect(Date.parse(republished.body.notice.end)).toBeGreaterThan(Date.parse(inNotice.body.notice.end));
    expect(Date.parse(republished.body.notice.start)).toBe(Date.parse(republished.body.notice.republishedAt));
    expect(republished.body.corrections).toEqual([
      expect.objectContaining({
        applicationId: apps[1],
        outcome: 'cancel',
        outcomeLabel: { zh: '取消立项', en: 'Award cancelled' },
        answer: '经核查，异议属实，取消该项目立项。',
      }),
    ]);
    expect(JSON.stringify(republished.body)).not.toContain(objector.idNumber);

    // Final once the notice has ended with no objection open; that event makes agreements.
    const final = await until(
      () => auditor.get(`/awards/${id}`),
      (r) => r.body.status === 'final',
    );
    expect(Date.parse(final.body.finalizedAt)).toBeGreaterThanOrEqual(
      Date.parse(republished.body.notice.end),
    );
    expect(
      final.body.items.map((i: { applicationId: string; status: string }) => [i.applicationId, i.status]),
    ).toEqual([
      [apps[0], 'final'],
      [apps[1], 'cancelled'],
    ]);
    const events = await auditor.get(`/events?subjectType=award&subjectId=${id}`);
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual([
      'award.submitted_for_approval',
      'award.approved',
      'award.notice_started',
      'award.evidence_uploaded',
      'award.objection_filed',
      'award.objection_cancel',
      'award.notice_republished',
      'award.finalized',
    ]);

    // Too late: refused with the end of the notice in Beijing time.
    const late = await request('POST', `/public/awards/${id}/objections`, {
      body: { objector, applicationId: apps[0], facts: FACTS },
    });
    expect(late.status).toBe(422);
    expect(late.body.error.message.zh).toContain('逾期不予受理');
    const lateFile = await evidence('补充证据.pdf', TINY_PDF);
    expect(lateFile.status).toBe(422);
    expect(await count('SELECT 1 FROM objection_evidence WHERE award_id = $1', [id])).toBe(1);
    expect(await objections()).toBe(1);
  });

  it('previews a notice across the National Day holiday: working days on the State Council calendar', async () => {
    // A call without a program: the notice runs the RULES default of 5 working days.
    const plain = await officer.post('/calls', {
      title: '2026年百色市科技计划（公示期测算）',
      mode: 'open_competition',
      windowStart: iso(-60_000),
      windowEnd: iso(600_000),
      budgetCapFen: 50_000_000,
    });
    expect(plain.status).toBe(201);
    const plainId: string = plain.body.id;
    // Published Tuesday 2026-09-29: day 1 is 09-30, then 10-01…10-07 are holidays, 10-08 and
    // 10-09 count, 10-10 is a make-up working Saturday, and day 5 is Monday 10-12.
    const preview = await officer.get(
      `/calls/${plainId}/awards/notice-preview?publishAt=${encodeURIComponent('2026-09-29T10:00:00+08:00')}`,
    );
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      workingDays: 5,
      lastDay: '2026-10-12',
      startLocal: '2026-09-29 10:00:00',
      endLocal: '2026-10-12 23:59:59',
    });
    // The drill program's notice is a fixed period: previewed on the clock, on no calendar.
    const drill = await officer.get(
      `/calls/${callId}/awards/notice-preview?publishAt=${encodeURIComponent('2026-09-29T10:00:00+08:00')}`,
    );
    expect(drill.body).toMatchObject({
      workingDays: 5,
      lastDay: '2026-09-29',
      endLocal: '2026-09-29 10:00:08',
      calendar: null,
    });
    const bad = await officer.get(`/calls/${plainId}/awards/notice-preview?publishAt=tomorrow`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('publishAt');
    for (const who of [auditor, applicants[0]])
      expect(
        (await who.get(`/calls/${plainId}/awards/notice-preview?publishAt=2026-09-29T10:00:00%2B08:00`))
          .status,
      ).toBe(403);
  });

  it('generates the agreement from the application, signs it three ways, pays the first installment, and forfeits an unsigned one', async () => {
    const awards = await auditor.get(`/calls/${callId}/awards`);
    expect(awards.body.items.map((a: { status: string }) => a.status)).toEqual(['final']);
    const awardId: string = awards.body.items[0].id;
    const list = await until(
      () => officer.get(`/awards/${awardId}/agreements`),
      (r) => Array.isArray(r.body.items) && r.body.items.length === 1,
    );
    const agreement = list.body.items[0];
    signedAgreementId = agreement.id;
    expect(agreement).toMatchObject({ applicationId: apps[0], amountFen: 30_000_000, status: 'draft' });
    expect(agreement.content.indicators).toHaveLength(completeDraft.indicators.length);
    expect(agreement.content.milestones).toHaveLength(completeDraft.schedule.length);
    expect(agreement.content.installments).toEqual([
      { sharePercent: 60, releasedBy: 'signing', amountFen: 18_000_000 },
      { sharePercent: 40, releasedBy: 'acceptance', amountFen: 12_000_000 },
    ]);
    const [pi, other] = applicants;
    expect((await other.get(`/agreements/${agreement.id}`)).status).toBe(404);
    expect((await other.post(`/agreements/${agreement.id}/signatures`)).status).toBe(404);

    const instAdmin = await as('inst-admin'); // 百色学院, the host of the first application

    // Negotiation: the bureau revises the draft; the PI's edit of the old version is refused.
    const milestones = completeDraft.schedule.map((m, i) =>
      i === 0 ? { ...m, deliverable: '完成中试并提交第三方检测报告' } : m,
    );
    const bad = await officer.post(`/agreements/${agreement.id}/revisions`, {
      version: 1,
      milestones: [{ ...milestones[0], end: '2020-01-01' }],
      note: '调整',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['milestones.0.end', 'note']);
    const revised = await officer.post(`/agreements/${agreement.id}/revisions`, {
      version: 1,
      milestones,
      note: '经协商，第一个里程碑增加第三方检测要求。',
    });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ version: 2, status: 'draft' });
    expect(revised.body.content.milestones[0].deliverable).toBe('完成中试并提交第三方检测报告');
    const stale = await pi.post(`/agreements/${agreement.id}/revisions`, {
      version: 1,
      objectives: '按原申报书目标执行，不增加第三方检测要求，其余内容不变。',
      note: '恢复原目标',
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.fields[0].path).toBe('version');
    for (const who of [instAdmin, auditor])
      expect(
        (await who.post(`/agreements/${agreement.id}/revisions`, { version: 2, note: '无权修改任务书' }))
          .status,
      ).toBe(403);
    expect(
      (
        await other.post(`/agreements/${agreement.id}/revisions`, {
          version: 2,
          objectives: 'x'.repeat(30),
          note: '无权修改任务书',
        })
      ).status,
    ).toBe(404);
    const versions = await pi.get(`/agreements/${agreement.id}/versions`);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    const revision = {
      note: '经协商，第一个里程碑增加第三方检测要求。',
      revisedBy: officer.user.id,
      changes: [
        {
          path: 'milestones.0.deliverable',
          before: completeDraft.schedule[0].deliverable,
          after: '完成中试并提交第三方检测报告',
        },
      ],
    };
    expect(versions.body.items[1]).toMatchObject(revision);
    // A version a page: the second still says what it changed from the first, on the page before.
    const paged = await readAll(pi, `/agreements/${agreement.id}/versions`, 1);
    expect(paged.pages).toBe(2);
    expect(paged.items.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(paged.items[0].changes).toEqual([]);
    expect(paged.items[1]).toMatchObject(revision);
    expect((await pi.get(`/agreements/${agreement.id}/agreement.pdf`)).status).toBe(409);

    expect((await pi.post(`/agreements/${agreement.id}/signatures`)).status).toBe(200);
    // Signed terms are locked.
    const locked = await officer.post(`/agreements/${agreement.id}/revisions`, {
      version: 2,
      objectives: '签署后再修改目标，应当被拒绝，因为条款已经锁定。',
      note: '签署后修改',
    });
    expect(locked.status).toBe(409);
    expect(locked.body.error.message.zh).toBe('项目负责人已签署，任务书内容已锁定');
    expect((await pi.post(`/agreements/${agreement.id}/signatures`)).status).toBe(409);
    expect((await instAdmin.post(`/agreements/${agreement.id}/signatures`)).status).toBe(200);
    const signed = await officer.post(`/agreements/${agreement.id}/signatures`);
    expect(signed.body.status).toBe('signed');
    expect(signed.body.signatures.map((x: { party: string }) => x.party)).toEqual([
      'pi',
      'institution',
      'bureau',
    ]);
    expect(signed.body.installments.map((x: { status: string }) => x.status)).toEqual(['planned', 'planned']);
    expect(signed.body.signatures.map((x: { version: number }) => x.version)).toEqual([2, 2, 2]);
    // The first installment is due within 30 days of signing (RULES §7); the rest wait for acceptance.
    expect(Date.parse(signed.body.installments[0].dueBy) - Date.parse(signed.body.signedAt)).toBe(
      30 * 86_400_000,
    );
    expect(signed.body.installments[0].overdue).toBe(false);
    expect(signed.body.installments[1].dueBy).toBeNull();

    // The printable agreement: the signed terms, each signer and time in Beijing time.
    const pdf = await fetch(`${apiUrl()}/agreements/${agreement.id}/agreement.pdf`, {
      headers: { authorization: `Bearer ${pi.token}` },
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
    for (const expected of [
      agreement.content.title,
      '¥300,000.00',
      '完成中试并提交第三方检测报告',
      ...signed.body.signatures.map((x: { signedByName: string }) => x.signedByName),
      ...signed.body.signatures.map((x: { signedAtLocal: string }) => x.signedAtLocal.replace(/\s+/g, '')),
    ])
      expect(text).toContain(expected);
    expect((await other.get(`/agreements/${agreement.id}/agreement.pdf`)).status).toBe(404);

    // The second installment waits for acceptance; the first is approved, then paid by someone else.
    expect((await officer.post(`/agreements/${agreement.id}/installments/2/approval`)).status).toBe(409);
    expect((await officer.post(`/agreements/${agreement.id}/installments/1/approval`)).status).toBe(200);
    expect((await officer.post(`/agreements/${agreement.id}/installments/1/payment`)).status).toBe(403);
    const paid = await admin.post(`/agreements/${agreement.id}/installments/1/payment`);
    expect(paid.body.installments[0].status).toBe('paid');
    expect((await admin.post(`/agreements/${agreement.id}/installments/1/payment`)).status).toBe(409);
    expect((await pi.post(`/agreements/${agreement.id}/installments/1/approval`)).status).toBe(403);
    const xlsx = await fetch(`${apiUrl()}/calls/${callId}/payments.xlsx`, {
      headers: { authorization: `Bearer ${officer.token}` },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    expect(wb.worksheets[0].getRow(2).getCell(4).value).toBe('180000.00');

    // A second award nobody signs: forfeited at the deadline, its amount back in the budget.
    const second = await officer.post(`/calls/${callId}/awards`, { items: [item(apps[2])] });
    expect(second.status).toBe(201);
    await admin.post(`/awards/${second.body.id}/approval`, { decision: 'approve' });
    const full = await officer.post(`/calls/${callId}/awards`, { items: [item(apps[1], 1)] });
    expect(full.status).toBe(400);
    const forfeited = await until(
      async () => (await officer.get(`/awards/${second.body.id}/agreements`)).body.items,
      (b) => Array.isArray(b) && b[0]?.status === 'forfeited',
      80_000,
    );
    expect(forfeited[0].signatures).toEqual([]);
    expect((await auditor.get(`/awards/${second.body.id}`)).body.items[0].status).toBe('forfeited');
    expect((await officer.post(`/calls/${callId}/awards`, { items: [item(apps[1], 1)] })).status).toBe(201);
  }, 150_000);

  it('gates the award and agreement endpoints for every role; a denied request writes nothing', async () => {
    const USERS = ['applicant', 'applicant2', 'inst-admin', 'expert', 'officer', 'admin', 'auditor'] as const;
    const c = Object.fromEntries(await Promise.all(USERS.map(async (u) => [u, await as(u)]))) as Record<
      (typeof USERS)[number],
      Client
    >;
    awardId = (await auditor.get(`/calls/${callId}/awards`)).body.items[0].id;
    const a = signedAgreementId;
    const x = 'x'; // an invalid body: roles let through answer 400, so nothing is written
    // Statuses in USERS order; 404 where the resource's existence is not revealed to that user.
    const AUDIT = [403, 403, 403, 403, 200, 200, 200]; // staff and the auditor
    const READERS = [200, 404, 200, 404, 200, 200, 200]; // the PI, the host, staff, the auditor
    const cases: Array<[string, string, unknown, number[]]> = [
      ['GET', `/awards/${awardId}`, undefined, AUDIT],
      ['POST', `/calls/${callId}/awards`, { items: x }, [403, 403, 403, 403, 400, 400, 403]],
      ['POST', `/awards/${awardId}/approval`, { decision: x }, [403, 403, 403, 403, 400, 400, 403]],
      ['GET', `/awards/${awardId}/objections`, undefined, [403, 403, 403, 403, 200, 200, 403]],
      ['GET', `/awards/${awardId}/agreements`, undefined, AUDIT],
      ['GET', `/agreements/${a}`, undefined, READERS],
      ['GET', `/agreements/${a}/versions`, undefined, READERS],
      ['GET', `/agreements/${a}/agreement.pdf`, undefined, READERS],
      ['POST', `/agreements/${a}/revisions`, { version: x }, [400, 400, 403, 403, 400, 400, 403]],
      ['POST', `/agreements/${a}/signatures`, { performancePledge: x }, [400, 400, 400, 403, 400, 400, 403]],
      ['POST', `/agreements/${a}/milestones/1/check`, { outcome: x }, [403, 403, 403, 403, 400, 400, 403]],
      ['POST', `/agreements/${a}/installments/2/approval`, undefined, [403, 403, 403, 403, 409, 409, 403]],
      ['GET', `/calls/${callId}/payments.xlsx`, undefined, AUDIT],
    ];
    const events = () => callEvents(callId); // every path above is of this call
    const before = await events();
    for (const [method, path, body, expected] of cases)
      for (const u of USERS) {
        const res = await request(method, path, {
          token: c[u].token,
          ...(body !== undefined ? { body } : {}),
        });
        const status = expected[USERS.indexOf(u)];
        expect({ u, method, path, status: res.status }).toEqual({ u, method, path, status });
      }
    expect(await events()).toBe(before);
    // No login: the public notice only.
    expect((await request('GET', `/awards/${awardId}`)).status).toBe(401);
    expect((await request('GET', `/agreements/${a}/agreement.pdf`)).status).toBe(401);
    expect((await request('GET', `/public/awards/${awardId}/notice`)).status).toBe(200);
  });
});
