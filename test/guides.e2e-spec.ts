import * as fs from 'node:fs';
import * as path from 'node:path';
import { as, closeDb, completeDraft, count, Client, readAll, request, until } from './support/api';
import { drillProgram, iso, topicsFromDemands } from './support/flows';

describe('program templates', () => {
  let admin: Client;
  let officer: Client;
  beforeAll(async () => {
    [admin, officer] = await Promise.all([as('admin'), as('officer')]);
  });
  afterAll(closeDb);

  it('lists the five seeded Baise programs, one per mode at least', async () => {
    const res = await officer.get('/program-templates');
    expect(res.status).toBe(200);
    // Files sharing this stack save programs of their own at any moment (drills of these,
    // `<code>-drill-<run>`, and test programs, `<name>-e2e-<run>`): the seeded ones are compared.
    const seeded = (items: Array<{ code: string }>) =>
      items.map((t) => t.code).filter((c) => !/-(drill|e2e)-[a-z0-9]+$/.test(c));
    expect([...seeded(res.body.items)].sort()).toEqual(
      fs
        .readdirSync(path.resolve(__dirname, '../seeds/programs'))
        .map((f) => f.replace(/\.json$/, ''))
        .sort(),
    );
    expect(new Set(res.body.items.map((t: { template: { mode: string } }) => t.template.mode))).toEqual(
      new Set(['open_competition', 'challenge', 'directed', 'horse_race']),
    );
    // Two a page, by code: the same templates, each once, in the order of the first page.
    const paged = await readAll(officer, '/program-templates', 2);
    expect(seeded(paged.items)).toEqual(seeded(res.body.items));
    expect(new Set(paged.items.map((t: { code: string }) => t.code)).size).toBe(paged.items.length);
    expect(paged.pages).toBe(Math.ceil(paged.items.length / 2));
  });

  it('saves a changed template as a new version, keeping the old one', async () => {
    // A program of this file's own (a drill of key-rd): other files read key-rd meanwhile.
    const own = await drillProgram(admin, 'key-rd');
    const current = (await officer.get(`/program-templates/${own.code}`)).body;
    const changed = {
      ...current.template,
      eligibility: { ...current.template.eligibility, budgetCapFen: 80_000_000 },
    };
    const saved = await admin.post('/program-templates', changed);
    expect(saved.status).toBe(201);
    expect(saved.body.version).toBe(current.version + 1);
    expect(saved.body.template.eligibility.budgetCapFen).toBe(80_000_000);
    expect(saved.body.versions.map((v: { version: number }) => v.version)).toEqual([
      current.version + 1,
      current.version,
    ]);
  });

  it('refuses an invalid template naming every offending path, and only admins may save', async () => {
    const base = (await officer.get('/program-templates/key-rd')).body.template;
    // What the refused saves would have written: a key-rd version with the unknown stage, or any
    // template saved by the officer (whom no file lets save one). Other files save theirs meanwhile.
    const saved = () =>
      count(
        `SELECT 1 FROM program_templates
          WHERE (code = $1 AND template->'stages' ? 'lottery') OR created_by = $2`,
        [base.code, officer.user.id],
      );
    const before = await saved();
    const bad = {
      ...base,
      stages: [...base.stages, 'lottery'],
      durations: { ...base.durations, applicationWindow: '-P30D' },
      rubric: {
        ...base.rubric,
        criteria: base.rubric.criteria.map((c: object, i: number) =>
          i === 0 ? { ...c, weight: (c as { weight: number }).weight - 1 } : c,
        ),
      },
    };
    const res = await admin.post('/program-templates', bad);
    expect(res.status).toBe(400);
    const paths = res.body.error.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        `stages.${base.stages.length}`,
        'durations.applicationWindow',
        'rubric.criteria',
      ]),
    );
    expect(
      res.body.error.fields.find((f: { path: string }) => f.path === 'rubric.criteria').message.zh,
    ).toMatch(/100/);
    expect((await officer.post('/program-templates', base)).status).toBe(403);
    expect(await saved()).toBe(before);
  });
});

describe('guide and challenge publication (指南/榜单发布)', () => {
  let officer: Client;
  let admin: Client;
  let applicant: Client;
  let auditor: Client;
  beforeAll(async () => {
    [officer, admin, applicant, auditor] = await Promise.all(
      ['officer', 'admin', 'applicant', 'auditor'].map(as),
    );
  });
  afterAll(closeDb);

  it('drafts, returns, approves and publishes a guide whose call runs on its timers; corrections are versions', async () => {
    const { demandId, challengeId, topicId } = await topicsFromDemands(officer, applicant);
    const draft = await officer.post('/guides', {
      templateCode: 'challenge',
      content: {
        title: '2026年百色市揭榜挂帅项目榜单',
        intro: '面向生态铝等重点产业发布榜单，揭榜挂帅，以结果论英雄。',
        topicIds: [challengeId, topicId],
        budgetCapFen: 100_000_000,
        totalBudgetFen: 300_000_000,
        windowStart: iso(8_000),
        windowEnd: iso(16_000),
      },
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({
      status: 'draft',
      template: { code: 'challenge', version: 1 },
      approvalChain: ['admin'],
    });
    const id = draft.body.id;

    // Not public yet.
    expect((await request('GET', `/public/guides/${id}`)).status).toBe(404);

    expect((await officer.post(`/guides/${id}/submit`)).body.status).toBe('in_review');
    // The officer is not the approver the chain names.
    expect((await officer.post(`/guides/${id}/approval`, { decision: 'approve' })).status).toBe(403);
    const returned = await admin.post(`/guides/${id}/approval`, {
      decision: 'return',
      comments: '请补充揭榜条件与考核方式',
    });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('returned');
    expect(returned.body.history.at(-1)).toMatchObject({
      status: 'returned',
      reason: '请补充揭榜条件与考核方式',
    });

    const edited = await officer.patch(
      `/guides/${id}`,
      { eligibilityNotes: '不设门槛、不论资历；骨干龙头企业牵头。' },
      { 'if-match': '"1"' },
    );
    expect(edited.status).toBe(200);
    expect(edited.body.draftVersion).toBe(2);
    expect((await officer.post(`/guides/${id}/submit`)).body.status).toBe('in_review');
    // The public challenges before this guide: other files publish theirs at any moment.
    const key = (c: { id: string; guideId: string }) => `${c.guideId}/${c.id}`;
    const earlier = (await readAll(null, '/public/challenges', 100)).items.map(key);
    const published = await admin.post(`/guides/${id}/approval`, { decision: 'approve' });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ status: 'published', publishedVersion: 1 });
    const callId = published.body.callId;
    expect(callId).toEqual(expect.any(String));

    // Immutable once published.
    expect((await officer.patch(`/guides/${id}`, { title: '发布后直接修改' })).status).toBe(409);

    // Public, no login: the guide, its topics and the challenge list.
    const pub = await request('GET', `/public/guides/${id}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ status: 'published', mode: 'challenge', version: 1, callId });
    expect(pub.body.topics.map((t: { id: string }) => t.id)).toEqual([challengeId, topicId]);
    const board = await request('GET', '/public/challenges');
    expect(board.body.items.find((c: { id: string }) => c.id === challengeId)).toMatchObject({
      guideId: id,
      callId,
      kind: 'challenge',
    });
    expect(board.body.items.some((c: { id: string }) => c.id === topicId)).toBe(false);
    // One a page, newest guide first: this guide's challenge before every one published earlier
    // (only guides published since may precede it), every challenge of the list once.
    const walked = await readAll(null, '/public/challenges', 1);
    const keys = walked.items.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expect.arrayContaining([...earlier, `${id}/${challengeId}`]));
    expect(keys.slice(keys.indexOf(`${id}/${challengeId}`) + 1)).toEqual(expect.arrayContaining(earlier));
    expect(walked.pages).toBe(walked.items.length);

    // The call exists, pinned to the template version, scheduled until its window opens.
    const call = await applicant.get(`/calls/${callId}`);
    expect(call.body).toMatchObject({ status: 'scheduled', mode: 'challenge' });
    const app = await applicant.post('/applications', {
      callId,
      topicId: challengeId,
      ...completeDraft,
      requestedFen: 50_000_000,
    });
    expect(app.status).toBe(201);
    expect(app.body.topicId).toBe(challengeId);
    const wrongTopic = await applicant.post('/applications', { callId, topicId: demandId, ...completeDraft });
    expect(wrongTopic.status).toBe(400);

    // A correction is a new version; the old one stays readable; drafts under the call hear of it.
    const corrected = await officer.post(`/guides/${id}/corrections`, {
      changeNote: '更正：补充揭榜团队须签署军令状',
      eligibilityNotes: '不设门槛、不论资历；骨干龙头企业牵头；揭榜团队须签署军令状。',
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.publishedVersion).toBe(2);
    const pub2 = await request('GET', `/public/guides/${id}`);
    expect(pub2.body.version).toBe(2);
    expect(
      pub2.body.versions.map((v: { version: number; changeNote: string | null }) => [
        v.version,
        v.changeNote,
      ]),
    ).toEqual([
      [1, null],
      [2, '更正：补充揭榜团队须签署军令状'],
    ]);
    expect(pub2.body.versions[0].content.eligibilityNotes).toBe('不设门槛、不论资历；骨干龙头企业牵头。');
    const appEvents = await auditor.get(`/events?subjectType=application&subjectId=${app.body.id}`);
    expect(appEvents.body.items.map((e: { type: string }) => e.type)).toContain(
      'application.guide_corrected',
    );
    expect(
      appEvents.body.items.find((e: { type: string }) => e.type === 'application.guide_corrected').payload,
    ).toMatchObject({ guideId: id, fromVersion: 1, version: 2 });

    // The call opens and closes on the guide's dates.
    await until(
      () => applicant.get(`/calls/${callId}`),
      (r) => r.body.status === 'open',
    );
    await until(
      () => applicant.get(`/calls/${callId}`),
      (r) => r.body.status === 'closed',
    );

    // The whole trace: demand → challenge → call → application.
    const trace = await applicant.get(`/demands/${demandId}/trace`);
    expect(trace.body.topics[0]).toMatchObject({ id: challengeId, calls: [{ guideId: id, callId }] });
    expect(trace.body.topics[0].applications.map((a: { id: string }) => a.id)).toEqual([app.body.id]);
  });

  it('withdraws a guide before its window opens, withdrawing its call; never after', async () => {
    const { challengeId } = await topicsFromDemands(officer, applicant);
    const publish = async (startsInMs: number) => {
      const g = await officer.post('/guides', {
        templateCode: 'challenge',
        content: {
          title: '撤回测试榜单',
          topicIds: [challengeId],
          budgetCapFen: 10_000_000,
          totalBudgetFen: 10_000_000,
          windowStart: iso(startsInMs),
          windowEnd: iso(startsInMs + 3_600_000),
        },
      });
      await officer.post(`/guides/${g.body.id}/submit`);
      return (await admin.post(`/guides/${g.body.id}/approval`, { decision: 'approve' })).body;
    };
    const later = await publish(3_600_000);
    const withdrawn = await officer.post(`/guides/${later.id}/withdrawal`, { reason: '榜单指标需重新论证' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    await until(
      () => applicant.get(`/calls/${later.callId}`),
      (r) => r.body.status === 'withdrawn',
    );
    expect((await request('GET', `/public/guides/${later.id}`)).body.status).toBe('withdrawn');

    const open = await publish(-1_000);
    const refused = await officer.post(`/guides/${open.id}/withdrawal`, { reason: '窗口已开后尝试撤回' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message.zh).toBe('申报窗口已开启，不能撤回指南');
  });

  it('keeps the drafter from approving their own guide and applicants out of the process', async () => {
    const { topicId } = await topicsFromDemands(officer, applicant);
    const g = await admin.post('/guides', {
      templateCode: 'key-rd',
      content: {
        title: '管理员起草的指南',
        topicIds: [topicId],
        budgetCapFen: 1_000_000,
        totalBudgetFen: 5_000_000,
        windowStart: iso(60_000),
        windowEnd: iso(600_000),
      },
    });
    expect(g.status).toBe(201);
    await admin.post(`/guides/${g.body.id}/submit`);
    const self = await admin.post(`/guides/${g.body.id}/approval`, { decision: 'approve' });
    expect(self.status).toBe(403);
    expect(self.body.error.message.zh).toBe('起草人不能审核自己的指南');
    expect((await applicant.post('/guides', {})).status).toBe(403);
    expect((await applicant.post(`/guides/${g.body.id}/approval`, { decision: 'approve' })).status).toBe(403);
    expect((await applicant.get(`/guides/${g.body.id}`)).status).toBe(403);
    expect((await officer.get(`/guides/${g.body.id}`)).body.status).toBe('in_review');
  });

  it('refuses bad guides with field paths and writes nothing', async () => {
    const { topicId } = await topicsFromDemands(officer, applicant);
    // A guide a refused request would have written carries its title or this test's topic.
    const titles = ['窗口倒置的指南', '引用未知方向的指南', '未知模板的指南'];
    const guides = () =>
      count(
        `SELECT 1 FROM guides g
          WHERE g.draft->>'title' = ANY($1)
             OR EXISTS (SELECT 1 FROM guide_topics t WHERE t.guide_id = g.id AND t.topic_id = $2)`,
        [titles, topicId],
      );
    const before = await guides();
    const reversed = await officer.post('/guides', {
      templateCode: 'key-rd',
      content: {
        title: '窗口倒置的指南',
        topicIds: [topicId],
        budgetCapFen: 1,
        totalBudgetFen: 1,
        windowStart: iso(600_000),
        windowEnd: iso(60_000),
      },
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['content.windowEnd']);
    const unknownTopic = await officer.post('/guides', {
      templateCode: 'key-rd',
      content: {
        title: '引用未知方向的指南',
        topicIds: ['00000000-0000-4000-8000-000000000000'],
        budgetCapFen: 1,
        totalBudgetFen: 1,
        windowStart: iso(60_000),
        windowEnd: iso(600_000),
      },
    });
    expect(unknownTopic.status).toBe(400);
    expect(unknownTopic.body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'content.topicIds.0',
    ]);
    const unknownTemplate = await officer.post('/guides', {
      templateCode: 'no-such-program',
      content: {
        title: '未知模板的指南',
        topicIds: [topicId],
        budgetCapFen: 1,
        totalBudgetFen: 1,
        windowStart: iso(60_000),
        windowEnd: iso(600_000),
      },
    });
    expect(unknownTemplate.status).toBe(404);
    expect(await guides()).toBe(before);
  });
});
