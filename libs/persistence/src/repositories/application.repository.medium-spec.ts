import { pageQuerySchema } from '@kjflow/domain';
import { appendWithChange } from '../event-store';
import { InstitutionEntity } from '../entities/institution.entity';
import { UserEntity } from '../entities/user.entity';
import { readAllPages, useMediumDatabase, uniqueId } from '../testing/medium';
import { ApplicationRepository } from './application.repository';
import { AttachmentRepository } from './attachment.repository';
import { CallRepository, callSpecOf } from './call.repository';
import { FormalCheckRepository } from './formal-check.repository';
import { PledgeRepository } from './pledge.repository';

describe('application-stage repositories (real PostgreSQL)', () => {
  const db = useMediumDatabase();

  /** An institution, a PI of it and a call, with fresh ids. */
  async function fixture() {
    const institutionId = uniqueId();
    const piId = uniqueId();
    await db.ds.getRepository(InstitutionEntity).insert({
      id: institutionId,
      name: `右江民族医学院 ${institutionId.slice(0, 8)}`,
      county: '右江区',
      kind: 'university',
      creditCode: null,
    });
    await db.ds.getRepository(UserEntity).insert({
      id: piId,
      username: `pi-${piId}`,
      displayName: '覃强',
      passwordHash: 'x',
      roles: ['applicant'],
      institutionId,
    });
    const callId = uniqueId();
    await new CallRepository(db.ds).insert(
      {
        id: callId,
        title: '2026年百色市重点研发计划',
        mode: 'open_competition',
        windowStart: new Date(Date.now() - 86_400_000).toISOString(),
        windowEnd: new Date(Date.now() + 86_400_000).toISOString(),
        budgetCapFen: 50_000_000,
        totalBudgetFen: 200_000_000,
        createdBy: piId,
      },
      'open',
    );
    return { institutionId, piId, callId };
  }

  async function application(f: Awaited<ReturnType<typeof fixture>>, title: string) {
    const id = uniqueId();
    await new ApplicationRepository(db.ds).insert({
      id,
      callId: f.callId,
      applicantId: f.piId,
      institutionId: f.institutionId,
      topicId: null,
      content: { title, summary: `${title}的摘要`, requestedFen: 30_000_000 },
    });
    return id;
  }

  const firstPage = pageQuerySchema.parse({});

  it('reads an application with its call and applicant, lists it by each filter, and keeps submitted versions', async () => {
    const f = await fixture();
    const repo = new ApplicationRepository(db.ds);
    const id = await application(f, '芒果炭疽病生物防治技术研究');
    const row = await repo.find(id);
    expect(row).toMatchObject({
      id,
      callTitle: '2026年百色市重点研发计划',
      applicantName: '覃强',
      status: 'draft',
      version: 1,
      issuerInstitutionId: null,
      submittedAt: null,
    });
    expect(await repo.find(uniqueId())).toBeNull();

    const at = new Date();
    await db.ds.transaction(async (tx) => {
      const inTx = new ApplicationRepository(tx);
      await inTx.recordSubmittedVersion(id, at);
      await inTx.setStatus(id, { status: 'submitted', version: 2, submittedAt: at });
    });
    await repo.saveDraft(id, { title: '改后的标题', summary: '摘要', requestedFen: 1 }, 3);
    await repo.recordSubmittedVersion(id, new Date(at.getTime() + 1000));
    const versions = await repo.versions(id);
    expect(versions.map((v) => [v.submission, v.content.title])).toEqual([
      [1, '芒果炭疽病生物防治技术研究'],
      [2, '改后的标题'],
    ]);
    for (const filter of [
      { applicantId: f.piId },
      { institutionId: f.institutionId },
      { callId: f.callId, status: 'submitted' as const },
    ]) {
      expect((await repo.page(filter, firstPage)).items.map((r) => r.id)).toEqual([id]);
    }
    expect(await repo.page({ callId: f.callId, status: 'rejected' }, firstPage)).toEqual({
      items: [],
      next: null,
    });
  });

  it('pages a list newest change first, neither skipping nor repeating a row', async () => {
    const f = await fixture();
    const repo = new ApplicationRepository(db.ds);
    const ids: string[] = [];
    for (let n = 0; n < 5; n++) ids.push(await application(f, `第${n}项申报`));
    const seen: string[] = [];
    let next: string | null | undefined;
    do {
      const page = await repo.page(
        { callId: f.callId },
        pageQuerySchema.parse({ limit: '2', next: next ?? undefined }),
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((r) => r.id));
      next = page.next;
    } while (next);
    expect(seen.sort()).toEqual([...ids].sort());
    const [newest] = (await repo.page({ callId: f.callId }, pageQuerySchema.parse({ limit: '1' }))).items;
    expect(newest).toMatchObject({
      id: ids[4],
      callTitle: '2026年百色市重点研发计划',
      applicantName: '覃强',
      title: '第4项申报',
      requestedFen: 30_000_000,
      status: 'draft',
    });
    expect(newest).not.toHaveProperty('content'); // a list reads no content
  });

  it('pages the submitted versions in order of submission', async () => {
    const f = await fixture();
    const repo = new ApplicationRepository(db.ds);
    const id = await application(f, '第1次提交');
    for (let n = 1; n <= 5; n++) {
      await repo.saveDraft(id, { title: `第${n}次提交`, summary: '摘要', requestedFen: 1 }, n + 1);
      await repo.recordSubmittedVersion(id, new Date());
    }
    const { items, pages } = await readAllPages((page) => repo.pageOfVersions(id, page), 2);
    expect(items.map((v) => [v.submission, v.content.title])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [n, `第${n}次提交`]),
    );
    expect(pages).toBe(3);
    expect((await repo.pageOfVersions(uniqueId(), firstPage)).items).toEqual([]);
  });

  it('lists the passed applications of a call in order of submission, with their institution', async () => {
    const f = await fixture();
    const repo = new ApplicationRepository(db.ds);
    const [late, early, draft] = [
      await application(f, '晚提交'),
      await application(f, '早提交'),
      await application(f, '草稿'),
    ];
    await repo.setStatus(early, { status: 'formal_check_passed', version: 3, submittedAt: new Date(1_000) });
    await repo.setStatus(late, { status: 'formal_check_passed', version: 3, submittedAt: new Date(2_000) });
    const passed = await repo.passed(f.callId);
    expect(passed.map((p) => p.id)).toEqual([early, late]);
    expect(passed[0]).toMatchObject({
      title: '早提交',
      institution: expect.stringContaining('右江民族医学院'),
    });
    expect(passed.map((p) => p.id)).not.toContain(draft);
    // The PI's other application that reached the bureau counts for 限项; the draft does not.
    expect(await new FormalCheckRepository(db.ds).otherSubmittedInCall(f.callId, f.piId, early)).toBe(1);
    expect(
      (await new FormalCheckRepository(db.ds).otherLiveApplications(f.piId, early)).map((a) => a.id).sort(),
    ).toEqual([late, draft].sort());
  });

  it('keeps the first pledge signature of each party', async () => {
    const f = await fixture();
    const id = await application(f, '承诺');
    const pledges = new PledgeRepository(db.ds);
    expect(await pledges.of(id)).toEqual({ pi: null, institution: null });
    const first = new Date('2026-03-01T02:00:00Z');
    await pledges.sign(id, 'pi', f.piId, first);
    await pledges.sign(id, 'pi', f.piId, new Date('2026-03-02T02:00:00Z'));
    const signed = await pledges.of(id);
    expect(signed.pi).toMatchObject({ signedBy: f.piId, signedAt: first });
    expect(signed.institution).toBeNull();
  });

  it('adds attachments, reads the present documents, and marks a removal without deleting', async () => {
    const f = await fixture();
    const id = await application(f, '附件');
    const attachments = new AttachmentRepository(db.ds);
    const file = (documentCode: string, uploadedAt: Date) => ({
      id: uniqueId(),
      applicationId: id,
      documentCode,
      fileName: `${documentCode}.pdf`,
      mediaType: 'application/pdf',
      sizeBytes: 1234,
      sha256: 'a'.repeat(64),
      uploadedBy: f.piId,
      uploadedAt,
    });
    const a = file('budget', new Date(1_000));
    const b = file('other', new Date(2_000));
    await attachments.insert(b);
    await attachments.insert(a);
    expect((await attachments.live(id)).map((r) => r.id)).toEqual([a.id, b.id]);
    expect((await attachments.presentDocuments(id)).sort()).toEqual(['budget', 'other']);
    expect((await attachments.findLive(id, a.id))?.sizeBytes).toBe(1234);

    await attachments.markRemoved(a.id, f.piId, new Date());
    expect(await attachments.findLive(id, a.id)).toBeNull();
    expect(await attachments.presentDocuments(id)).toEqual(['other']);
    expect(await db.ds.getRepository('attachments').countBy({ id: a.id })).toBe(1);
  });

  it('marks a passed list published once, through its keyed event; reads a call back as its spec', async () => {
    const f = await fixture();
    const calls = new CallRepository(db.ds);
    const publish = (at: Date) =>
      appendWithChange(
        db.ds,
        {
          type: 'call.passed_list_published',
          subjectType: 'call',
          subjectId: f.callId,
          actorId: f.piId,
          payload: {},
          workflowId: `call-${f.callId}`,
          step: 'passed-list',
          occurredAt: at,
        },
        (tx) => new CallRepository(tx).markPassedListPublished(f.callId, at),
      );
    const first = new Date('2026-05-01T00:00:00Z');
    expect(await publish(first)).toEqual({ applied: true });
    expect(await publish(new Date())).toEqual({ applied: false });
    const call = (await calls.find(f.callId))!;
    expect(call.passedListPublishedAt).toEqual(first);
    expect(callSpecOf(call)).toMatchObject({
      id: f.callId,
      mode: 'open_competition',
      budgetCapFen: 50_000_000,
      totalBudgetFen: 200_000_000,
      createdBy: f.piId,
    });
    expect(callSpecOf(call)).not.toHaveProperty('templateId');
    expect(await calls.topicExists(uniqueId())).toBe(false);
    expect(await calls.isTopicOfGuide(uniqueId(), uniqueId(), false)).toBe(false);
    expect(await calls.templateOf(call)).toBeNull();
    const firstPage = pageQuerySchema.parse({ limit: '200' });
    expect((await calls.page({}, firstPage)).items.map((c) => c.id)).toContain(f.callId);
    // An officer's search: text anywhere in the title; wildcards are only text.
    const ids = async (filter: Parameters<CallRepository['page']>[0]) =>
      (await calls.page(filter, firstPage)).items.map((c) => c.id);
    const found = await calls.page({ q: '百色市重点', status: 'open' }, firstPage);
    expect(found.items.map((c) => c.id)).toContain(f.callId);
    expect(found.items.every((c) => c.title.includes('百色市重点') && c.status === 'open')).toBe(true);
    expect(await ids({ q: '百色市重点', status: 'closed' })).not.toContain(f.callId);
    expect(await ids({ q: '百色%研发' })).toEqual([]);
  });
});
