import { inboxKindsFor, Role } from '@kjflow/domain';
import { readAllPages, uniqueId, useMediumDatabase } from '../testing/medium';
import { expertRecord } from '../testing/review-fixtures';
import { ExpertRepository } from './expert.repository';
import { InboxCaller, InboxRepository } from './inbox.repository';

describe('InboxRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new InboxRepository(db.ds);
  const HOUR = 3_600_000;
  const at = (msFromNow: number) => new Date(Date.now() + msFromNow);

  async function user(roles: Role[], institutionId: string | null = null): Promise<InboxCaller> {
    const id = uniqueId();
    await db.ds.query(
      `INSERT INTO users (id, username, display_name, password_hash, roles, institution_id)
       VALUES ($1, $2, '测试用户', 'x', $3, $4)`,
      [id, `inbox-${id}`, roles, institutionId],
    );
    return { id, roles, institutionId };
  }

  async function institution(): Promise<string> {
    const id = uniqueId();
    await db.ds.query(`INSERT INTO institutions (id, name, county) VALUES ($1, '测试单位', '右江区')`, [id]);
    return id;
  }

  async function call(createdBy: string, status: string, windowEnd: Date): Promise<string> {
    const id = uniqueId();
    await db.ds.query(
      `INSERT INTO calls (id, title, mode, status, window_start, window_end, budget_cap_fen, created_by)
       VALUES ($1, '待办测试批次', 'open_competition', $2, now() - interval '2 days', $3, 100000000, $4)`,
      [id, status, windowEnd, createdBy],
    );
    return id;
  }

  async function application(
    callId: string,
    applicantId: string,
    institutionId: string | null,
    status: string,
    title: string,
    resubmitUntil: Date | null = null,
  ): Promise<string> {
    const id = uniqueId();
    await db.ds.query(
      `INSERT INTO applications (id, call_id, applicant_id, institution_id, status, content, resubmit_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, callId, applicantId, institutionId, status, JSON.stringify({ title }), resubmitUntil],
    );
    return id;
  }

  const everything = async (caller: InboxCaller) =>
    (await readAllPages((page) => repo().page(caller, inboxKindsFor(caller), page), 200)).items;

  it("lists an applicant's draft and returned application, soonest deadline first, and nobody else's", async () => {
    const inst = await institution();
    const pi = await user(['applicant'], inst);
    const other = await user(['applicant'], inst);
    const open = await call(pi.id, 'open', at(48 * HOUR));
    const draft = await application(open, pi.id, inst, 'draft', '赤泥综合利用');
    const fixBy = at(5 * HOUR);
    const returned = await application(open, pi.id, inst, 'returned', '铝精深加工', fixBy);
    await application(open, pi.id, inst, 'submitted', '已提交的申报');
    await application(open, other.id, inst, 'draft', '别人的草稿');

    const items = await everything(pi);
    expect(items.map((i) => [i.kind, i.subjectId, i.name])).toEqual([
      ['application_returned', returned, '铝精深加工'],
      ['application_draft', draft, '赤泥综合利用'],
    ]);
    expect(items[0].dueAt?.getTime()).toBe(fixBy.getTime());
    expect(await repo().counts(pi, inboxKindsFor(pi))).toEqual({
      application_draft: 1,
      application_returned: 1,
    });
  });

  it("lists an institution's endorsements and missing pledges, not another institution's", async () => {
    const inst = await institution();
    const admin = await user(['institution_admin'], inst);
    const pi = await user(['applicant'], inst);
    const elsewhere = await institution();
    const windowEnd = at(24 * HOUR);
    const c = await call(pi.id, 'open', windowEnd);
    const waiting = await application(c, pi.id, inst, 'awaiting_endorsement', '待推荐的申报');
    await db.ds.query(
      `INSERT INTO application_pledges (application_id, party, signed_by, signed_at) VALUES ($1, 'institution', $2, now())`,
      [waiting, admin.id],
    );
    const unpledged = await application(c, pi.id, inst, 'submitted', '单位未承诺的申报');
    await application(c, pi.id, elsewhere, 'awaiting_endorsement', '别的单位的申报');

    const items = await everything(admin);
    expect(items.map((i) => [i.kind, i.subjectId])).toEqual([
      // Same deadline (the window's end): by kind, then subject.
      ['endorsement', waiting],
      ['institution_pledge', unpledged],
    ]);
    expect(items[0].dueAt?.getTime()).toBe(windowEnd.getTime());
  });

  it("lists an expert's invitation and then the review to score, with the round's deadlines", async () => {
    const expertUser = await user(['expert']);
    const officer = await user(['officer']);
    const pi = await user(['applicant']);
    const expertId = uniqueId();
    await new ExpertRepository(db.ds).insert(
      expertId,
      expertUser.id,
      expertRecord(`I-${expertId.slice(0, 8)}`),
    );
    const c = await call(officer.id, 'closed', at(-HOUR));
    const app = await application(c, pi.id, null, 'formal_check_passed', '待评审的申报');
    const roundId = uniqueId();
    await db.ds.query(
      `INSERT INTO review_rounds (id, call_id, strategy, experts_per_application, seed, policy, status, created_by)
       VALUES ($1, $2, 'random', 1, 1, '{}', 'reviewing', $3)`,
      [roundId, c, officer.id],
    );
    const assignmentId = uniqueId();
    const respondBy = at(HOUR);
    await db.ds.query(
      `INSERT INTO review_assignments (id, round_id, application_id, expert_id, status, draw, affinity, respond_by, created_at)
       VALUES ($1, $2, $3, $4, 'invited', 1, 0, $5, now())`,
      [assignmentId, roundId, app, expertId, respondBy],
    );
    expect((await everything(expertUser)).map((i) => [i.kind, i.subjectId, i.dueAt?.getTime()])).toEqual([
      ['review_invitation', assignmentId, respondBy.getTime()],
    ]);

    const scoreBy = at(3 * HOUR);
    await db.ds.query(`UPDATE review_assignments SET status = 'accepted', score_by = $2 WHERE id = $1`, [
      assignmentId,
      scoreBy,
    ]);
    expect((await everything(expertUser)).map((i) => [i.kind, i.subjectId, i.dueAt?.getTime()])).toEqual([
      ['review_scoring', assignmentId, scoreBy.getTime()],
    ]);

    await db.ds.query(`UPDATE review_assignments SET status = 'submitted' WHERE id = $1`, [assignmentId]);
    expect(await everything(expertUser)).toEqual([]);
  });

  it("lists an officer's formal checks once the call has closed, and guides to approve but not their own", async () => {
    const officer = await user(['officer']);
    const drafter = await user(['officer']);
    const pi = await user(['applicant']);
    const closed = await call(drafter.id, 'closed', at(-HOUR));
    const open = await call(drafter.id, 'open', at(HOUR));
    const toCheck = await application(closed, pi.id, null, 'submitted', '待形式审查');
    const stillOpen = await application(open, pi.id, null, 'submitted', '批次未截止');
    const templateId = uniqueId();
    await db.ds.query(
      `INSERT INTO program_templates (id, code, version, mode, template) VALUES ($1, $2, 1, 'open_competition', '{}')`,
      [templateId, `inbox-${templateId}`],
    );
    const guideId = uniqueId();
    await db.ds.query(
      `INSERT INTO guides (id, template_id, status, approval_chain, approved_steps, draft, created_by)
       VALUES ($1, $2, 'in_review', '{officer,admin}', 0, '{"title":"2026年指南"}', $3)`,
      [guideId, templateId, drafter.id],
    );

    const mine = (await everything(officer)).map((i) => `${i.kind}:${i.subjectId}`);
    expect(mine).toContain(`formal_check:${toCheck}`);
    expect(mine).not.toContain(`formal_check:${stillOpen}`);
    expect(mine).toContain(`guide_approval:${guideId}`);
    const drafters = (await everything(drafter)).map((i) => `${i.kind}:${i.subjectId}`);
    expect(drafters).not.toContain(`guide_approval:${guideId}`);
    // The next step is the admin's once the officer has approved.
    await db.ds.query(`UPDATE guides SET approved_steps = 1 WHERE id = $1`, [guideId]);
    expect((await everything(officer)).map((i) => i.subjectId)).not.toContain(guideId);
    const admin = await user(['admin']);
    expect((await everything(admin)).map((i) => `${i.kind}:${i.subjectId}`)).toContain(
      `guide_approval:${guideId}`,
    );
  });

  it('pages with `next` through the same items in the same order as one page', async () => {
    const pi = await user(['applicant']);
    const c = await call(pi.id, 'open', at(48 * HOUR));
    for (let i = 0; i < 5; i++)
      await application(c, pi.id, null, 'returned', `退回${i}`, i < 3 ? at((i + 1) * HOUR) : null);
    for (let i = 0; i < 2; i++) await application(c, pi.id, null, 'draft', `草稿${i}`);
    const whole = await everything(pi);
    const paged = await readAllPages((page) => repo().page(pi, inboxKindsFor(pi), page), 2);
    expect(paged.pages).toBe(4);
    expect(paged.items).toEqual(whole);
    const dues = whole.map((i) => i.dueAt?.getTime() ?? Infinity);
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(whole).toHaveLength(7);
  });

  it('gives an auditor an empty inbox', async () => {
    const auditor = await user(['auditor']);
    expect(inboxKindsFor(auditor)).toEqual([]);
    expect(await repo().page(auditor, [], { limit: 50 })).toEqual({ items: [], next: null });
    expect(await repo().counts(auditor, [])).toEqual({});
  });

  it('answers every kind for a user holding every role (each query is valid SQL)', async () => {
    const inst = await institution();
    const all = await user(['applicant', 'institution_admin', 'expert', 'officer', 'admin', 'auditor'], inst);
    const page = await repo().page(all, inboxKindsFor(all), { limit: 10 });
    expect(page.items.length).toBeLessThanOrEqual(10);
    const counts = await repo().counts(all, inboxKindsFor(all));
    expect(Object.keys(counts).every((k) => inboxKindsFor(all).includes(k as never))).toBe(true);
  });
});
