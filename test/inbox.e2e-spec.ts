import {
  as,
  attachRequired,
  closeDb,
  Client,
  completeDraft,
  createCall,
  login,
  SIGN,
  until,
} from './support/api';
import { iso, publishedCall, sheetFor, topicsFromDemands, waitForClose } from './support/flows';

interface InboxItem {
  kind: string;
  title: { zh: string; en: string };
  subject: { type: string; id: string; ref: string | null; name: string };
  dueAt: string | null;
  dueAtLocal: string | null;
  overdue: boolean;
  action: { method: string; path: string; route: string };
}

/**
 * The task inbox (待办, issue 19 §1): what waits on each user, with its deadline and the request
 * that acts on it, and each item gone once done. The demo users are shared with other files, so
 * the tests look for their own subjects in the whole inbox (every page), never at its size.
 */
describe('the task inbox (GET /inbox)', () => {
  let officer: Client;
  let officer2: Client;
  let admin: Client;
  let applicant: Client; // 百色学院
  let applicant2: Client;
  let instAdmin: Client; // 百色学院科研处
  let auditor: Client;

  beforeAll(async () => {
    [officer, officer2, admin, applicant, applicant2, instAdmin, auditor] = await Promise.all(
      ['officer', 'officer2', 'admin', 'applicant', 'applicant2', 'inst-admin', 'auditor'].map(as),
    );
  });
  afterAll(closeDb);

  /** Every item of the caller's inbox, read page by page as the portal would. */
  async function inbox(who: Client): Promise<InboxItem[]> {
    const items: InboxItem[] = [];
    let next: string | null = null;
    do {
      const res: { status: number; body: any } = await who.get(
        `/inbox?limit=200${next ? `&next=${next}` : ''}`,
      );
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      next = res.body.next;
    } while (next);
    return items;
  }
  const find = async (who: Client, kind: string, id: string) =>
    (await inbox(who)).find((i) => i.kind === kind && i.subject.id === id);

  it('gives every role its inbox, sorted by deadline with counts per kind; an auditor an empty one', async () => {
    for (const who of [officer, admin, applicant, instAdmin, auditor]) {
      const res = await who.get('/inbox');
      expect(res.status).toBe(200);
      const dues = res.body.items.map((i: InboxItem) => (i.dueAt ? Date.parse(i.dueAt) : Infinity));
      expect(dues).toEqual([...dues].sort((a, b) => a - b));
      expect(res.body.total).toBe(
        Object.values(res.body.counts as Record<string, number>).reduce((a, n) => a + n, 0),
      );
    }
    expect((await auditor.get('/inbox')).body).toEqual({ items: [], next: null, counts: {}, total: 0 });
  });

  it('walks an application through the PI’s, the institution’s and the officer’s inboxes', async () => {
    const { callId, topicId } = await publishedCall(officer, admin, applicant, 'key-rd', {
      startsInMs: -1_000,
      endsInMs: 25_000,
    });
    const call = (await officer.get(`/calls/${callId}`)).body;
    const created = await applicant.post('/applications', { callId, topicId, ...completeDraft });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    await attachRequired(applicant, id);

    // The PI's draft, due when the call closes.
    const draft = await find(applicant, 'application_draft', id);
    expect(draft).toMatchObject({
      subject: { type: 'application', id, name: completeDraft.title },
      dueAt: new Date(call.windowEnd).toISOString(),
      overdue: false,
      action: { method: 'POST', path: `/applications/${id}/submit` },
    });
    expect(draft!.title.zh).toContain(completeDraft.title);

    expect((await applicant.post(`/applications/${id}/submit`, SIGN)).body.status).toBe(
      'awaiting_endorsement',
    );
    expect(await find(applicant, 'application_draft', id)).toBeUndefined();
    // The host institution's endorsement, with the step's deadline.
    expect(await find(instAdmin, 'endorsement', id)).toMatchObject({
      subject: { type: 'application', id },
      dueAt: new Date(call.windowEnd).toISOString(),
      action: { method: 'POST', path: `/applications/${id}/endorsement` },
    });
    const endorsed = await instAdmin.post(`/applications/${id}/endorsement`, { decision: 'endorse' });
    expect(endorsed.body.status).toBe('submitted');
    expect(await find(instAdmin, 'endorsement', id)).toBeUndefined();
    expect(await find(instAdmin, 'institution_pledge', id)).toBeUndefined(); // endorsing signed it

    // The officer's formal check, once the call has closed.
    expect(await find(officer, 'formal_check', id)).toBeUndefined();
    await waitForClose(officer, callId);
    expect(await find(officer, 'formal_check', id)).toMatchObject({
      action: { method: 'POST', path: `/applications/${id}/formal-check` },
    });
    const returned = await officer.post(`/applications/${id}/formal-check`, {
      decision: 'return',
      reason: '缺少合作协议，请补正',
    });
    expect(returned.status).toBe(200);
    expect(await find(officer, 'formal_check', id)).toBeUndefined();

    // Back with the PI, due at the end of the fix window.
    const { resubmitUntil } = (await applicant.get(`/applications/${id}`)).body;
    expect(Date.parse(resubmitUntil)).toBeGreaterThan(Date.now());
    expect(await find(applicant, 'application_returned', id)).toMatchObject({
      dueAt: new Date(resubmitUntil).toISOString(),
      overdue: false,
      action: { path: `/applications/${id}/submit` },
    });
    const again = await applicant.post(`/applications/${id}/submit`, SIGN);
    expect(again.status).toBe(200);
    expect(await find(applicant, 'application_returned', id)).toBeUndefined();
  }, 120_000);

  it('lists a guide awaiting approval to the step’s role, never to its drafter, until approved', async () => {
    const { topicId } = await topicsFromDemands(officer, applicant);
    const guide = await officer.post('/guides', {
      templateCode: 'key-rd',
      approvalChain: ['officer', 'admin'],
      content: {
        title: '待办测试指南',
        topicIds: [topicId],
        budgetCapFen: 50_000_000,
        totalBudgetFen: 200_000_000,
        windowStart: iso(3_600_000),
        windowEnd: iso(7_200_000),
      },
    });
    expect(guide.status).toBe(201);
    const id: string = guide.body.id;
    expect((await officer.post(`/guides/${id}/submit`)).status).toBe(200);

    expect(await find(officer, 'guide_approval', id)).toBeUndefined(); // four eyes
    expect(await find(officer2, 'guide_approval', id)).toMatchObject({
      subject: { type: 'guide', id, name: '待办测试指南' },
      dueAt: null,
      overdue: false,
      action: { method: 'POST', path: `/guides/${id}/approval` },
    });
    expect(await find(admin, 'guide_approval', id)).toBeUndefined(); // not the admin's step yet
    expect((await officer2.post(`/guides/${id}/approval`, { decision: 'approve' })).status).toBe(200);
    expect(await find(officer2, 'guide_approval', id)).toBeUndefined();
    expect(await find(admin, 'guide_approval', id)).toBeDefined();
    expect((await admin.post(`/guides/${id}/approval`, { decision: 'approve' })).status).toBe(200);
    expect(await find(admin, 'guide_approval', id)).toBeUndefined();
  }, 120_000);

  it("lists an expert's invitation, then the review with the round's deadline, until scored", async () => {
    const call = await createCall(officer, { closesInMs: 8_000 });
    const app = await applicant2.post('/applications', { callId: call.id, ...completeDraft });
    expect(app.status).toBe(201);
    await attachRequired(applicant2, app.body.id);
    expect((await applicant2.post(`/applications/${app.body.id}/submit`, SIGN)).status).toBe(200);
    await waitForClose(officer, call.id);
    expect(
      (await officer.post(`/applications/${app.body.id}/formal-check`, { decision: 'pass' })).status,
    ).toBe(200);

    const run = Date.now().toString(36);
    const tag = `待办池${run}`;
    const expertRes = await officer.post('/experts', {
      name: `待办专家${run.slice(-4)}`,
      title: '教授',
      organisation: `待办专家单位${run}`,
      keyFields: ['new_materials'],
      keywords: [tag],
      region: '广西百色',
      finance: true,
      loadCap: 5,
      externalRef: `INBOX-${run}`,
      account: { username: `inbox${run}`, password: 'inbox-pass-2026' },
    });
    expect(expertRes.status).toBe(201);
    const expert = await login(`inbox${run}`, 'inbox-pass-2026');
    expect((await inbox(expert)).length).toBe(0);

    const round = await officer.post(`/calls/${call.id}/review-rounds`, {
      expertsPerApplication: 1,
      pool: { keywords: [tag] },
    });
    expect(round.status).toBe(201);
    const assignmentId: string = round.body.assignments[0].id;

    // Listed once its review's workflow runs, a moment after the draw.
    const invitation = await until(
      () => find(expert, 'review_invitation', assignmentId),
      (i) => i !== undefined,
    );
    expect(invitation).toMatchObject({
      subject: { type: 'review_assignment', id: assignmentId },
      overdue: false,
      action: { method: 'POST', path: `/reviews/${assignmentId}/response` },
    });
    expect(Date.parse(invitation!.dueAt!)).toBeGreaterThan(Date.now());

    const accepted = await expert.post(`/reviews/${assignmentId}/response`, { decision: 'accept' });
    expect(accepted.status).toBe(200);
    expect(await find(expert, 'review_invitation', assignmentId)).toBeUndefined();
    const review = await find(expert, 'review_scoring', assignmentId);
    expect(review).toMatchObject({ action: { path: `/reviews/${assignmentId}/score` } });
    expect(Date.parse(review!.dueAt!)).toBeGreaterThan(Date.now());

    const opened = await expert.get(`/reviews/${assignmentId}/application`);
    expect(opened.status).toBe(200);
    const scored = await expert.post(`/reviews/${assignmentId}/score`, sheetFor(opened.body.rubric, 80));
    expect(scored.status).toBe(200);
    expect(await inbox(expert)).toEqual([]);
  }, 120_000);
});
