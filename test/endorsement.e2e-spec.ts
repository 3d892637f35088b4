import { as, closeDb, completeDraft, count, Client, until, SIGN, attachRequired } from './support/api';
import { closingIn, publishedCall, waitForClose } from './support/flows';

/**
 * Programs whose template has the `endorsement` stage (the key R&D program): the PI submits to
 * the host institution, whose admin endorses it to the bureau before the deadline or returns it.
 */
describe('institution endorsement (单位推荐)', () => {
  let officer: Client;
  let admin: Client;
  let applicant: Client; // 百色学院
  let applicant2: Client; // 右江民族医学院
  let instAdmin: Client; // 百色学院科研处

  beforeAll(async () => {
    [officer, admin, applicant, applicant2, instAdmin] = await Promise.all(
      ['officer', 'admin', 'applicant', 'applicant2', 'inst-admin'].map(as),
    );
  });
  afterAll(closeDb);

  it('goes PI → institution (returned once, then endorsed) → bureau', async () => {
    const { callId, topicId } = await publishedCall(officer, admin, applicant, 'key-rd', {
      startsInMs: -1_000,
      endsInMs: 600_000,
    });
    const app = await applicant.post('/applications', { callId, topicId, ...completeDraft });
    await attachRequired(applicant, app.body.id);
    const id = app.body.id;
    const sent = await applicant.post(`/applications/${id}/submit`, SIGN);
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('awaiting_endorsement');
    // Not with the bureau yet.
    expect((await officer.get(`/calls/${callId}/applications?status=submitted`)).body.items).toEqual([]);
    expect((await officer.post(`/applications/${id}/formal-check`, { decision: 'pass' })).status).toBe(409);

    const queue = await instAdmin.get('/applications/institution?status=awaiting_endorsement');
    expect(queue.body.items.map((a: { id: string }) => a.id)).toContain(id);
    const returned = await instAdmin.post(`/applications/${id}/endorsement`, {
      decision: 'return',
      comments: '请补充单位配套承诺',
    });
    expect(returned.status).toBe(200);
    expect(returned.body.status).toBe('returned');
    expect(returned.body.history.at(-1)).toMatchObject({
      event: 'application.returned_by_institution',
      reason: '请补充单位配套承诺',
    });

    await applicant.patch(`/applications/${id}`, {
      summary: completeDraft.summary + '（已补充单位配套承诺）',
    });
    expect((await applicant.post(`/applications/${id}/submit`, SIGN)).body.status).toBe(
      'awaiting_endorsement',
    );
    const endorsed = await instAdmin.post(`/applications/${id}/endorsement`, { decision: 'endorse' });
    expect(endorsed.body.status).toBe('submitted');
    expect(
      (await officer.get(`/calls/${callId}/applications?status=submitted`)).body.items.map(
        (a: { id: string }) => a.id,
      ),
    ).toEqual([id]);
    expect(endorsed.body.history.map((h: { status: string }) => h.status)).toEqual([
      'draft',
      'awaiting_endorsement',
      'returned',
      'awaiting_endorsement',
      'submitted',
    ]);
  });

  it('lets only the host institution endorse, and writes nothing otherwise', async () => {
    const { callId } = await publishedCall(officer, admin, applicant, 'key-rd', {
      startsInMs: -1_000,
      endsInMs: 600_000,
    });
    const app = await applicant2.post('/applications', { callId, ...completeDraft }); // 右江民族医学院
    await attachRequired(applicant2, app.body.id);
    await applicant2.post(`/applications/${app.body.id}/submit`, SIGN);
    const before = await count('SELECT 1 FROM domain_events WHERE subject_id = $1', [app.body.id]);
    expect(
      (await instAdmin.post(`/applications/${app.body.id}/endorsement`, { decision: 'endorse' })).status,
    ).toBe(404);
    expect(
      (await applicant2.post(`/applications/${app.body.id}/endorsement`, { decision: 'endorse' })).status,
    ).toBe(403);
    expect(
      (await officer.post(`/applications/${app.body.id}/endorsement`, { decision: 'endorse' })).status,
    ).toBe(403);
    const noComments = await instAdmin.post(`/applications/${app.body.id}/endorsement`, {
      decision: 'return',
    });
    expect(noComments.status).toBe(400);
    expect(await count('SELECT 1 FROM domain_events WHERE subject_id = $1', [app.body.id])).toBe(before);
  });

  it('applies the deadline to the bureau receiving it: unendorsed applications lapse at the close', async () => {
    const { callId } = await publishedCall(officer, admin, applicant, 'key-rd', {
      startsInMs: -1_000,
      endsInMs: 6_000,
    });
    const app = await applicant.post('/applications', { callId, ...completeDraft });
    await attachRequired(applicant, app.body.id);
    expect((await applicant.post(`/applications/${app.body.id}/submit`, SIGN)).body.status).toBe(
      'awaiting_endorsement',
    );
    const lapsed = await until(
      () => applicant.get(`/applications/${app.body.id}`),
      (r) => r.body.status === 'lapsed',
    );
    expect(lapsed.body.history.map((h: { status: string }) => h.status)).toEqual([
      'draft',
      'awaiting_endorsement',
      'lapsed',
    ]);
    const late = await instAdmin.post(`/applications/${app.body.id}/endorsement`, { decision: 'endorse' });
    expect(late.status).toBe(409);
  });

  it('applies the deadline to the PI’s submission where the template says so: the institution endorses after the close', async () => {
    // 科技特派员: deadlineStep institution_submission, endorsementWindow P5D.
    const { callId } = await publishedCall(officer, admin, applicant, 'sci-tech-commissioner', {
      startsInMs: -1_000,
      endsInMs: 6_000,
    });
    // A dispatch program: the application names where the commissioner serves.
    const dispatch = {
      targetKind: 'township',
      targetName: '田东县祥周镇',
      county: '田东县',
      expertise: '芒果栽培与病虫害绿色防控技术服务',
    };
    const app = await applicant.post('/applications', { callId, ...completeDraft, dispatch });
    await attachRequired(applicant, app.body.id);
    expect((await applicant.post(`/applications/${app.body.id}/submit`, SIGN)).body.status).toBe(
      'awaiting_endorsement',
    );
    const other = await applicant.post('/applications', {
      callId,
      ...completeDraft,
      dispatch,
      title: '未及时提交的申报',
    });
    const call = await officer.get(`/calls/${callId}`);
    await new Promise((r) =>
      setTimeout(r, Math.max(0, new Date(call.body.windowEnd).getTime() - Date.now() + 500)),
    );
    // The PI missed the deadline with the second; the institution may still endorse the first.
    const late = await applicant.post(`/applications/${other.body.id}/submit`, SIGN);
    expect(late.status).toBe(422);
    expect(late.body.error.message.zh).toContain('截止');
    expect((await applicant.get(`/applications/${app.body.id}`)).body.status).toBe('awaiting_endorsement');
    const endorsed = await instAdmin.post(`/applications/${app.body.id}/endorsement`, {
      decision: 'endorse',
    });
    expect(endorsed.status).toBe(200);
    expect(endorsed.body.status).toBe('submitted');
    expect(endorsed.body.pledges.institution.signedBy).toBe(instAdmin.user.id);
  });

  it('lets the applicant withdraw until the formal-check decision, and nobody else', async () => {
    // Withdrawn while the call is open (one is still with the institution, which would lapse at the
    // close); the third is decided once it has closed.
    const { callId } = await publishedCall(officer, admin, applicant, 'key-rd', closingIn(15_000));
    const make = async () => {
      const a = await applicant.post('/applications', { callId, ...completeDraft });
      await attachRequired(applicant, a.body.id);
      await applicant.post(`/applications/${a.body.id}/submit`, SIGN);
      return a.body.id as string;
    };
    const [withInstitution, withBureau, decided] = [await make(), await make(), await make()];
    for (const id of [withBureau, decided])
      await instAdmin.post(`/applications/${id}/endorsement`, { decision: 'endorse' });

    for (const who of [officer, instAdmin])
      expect((await who.post(`/applications/${withBureau}/withdrawal`, {})).status).toBe(403);
    expect((await applicant2.post(`/applications/${withBureau}/withdrawal`, {})).status).toBe(404);
    for (const id of [withInstitution, withBureau]) {
      const res = await applicant.post(`/applications/${id}/withdrawal`, {
        reason: '团队调整，放弃本次申报',
      });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('withdrawn');
      expect(res.body.statusLabel.zh).toBe('已撤回');
      expect(res.body.history.at(-1)).toMatchObject({
        event: 'application.withdrawn',
        reason: '团队调整，放弃本次申报',
      });
    }

    await waitForClose(officer, callId);
    await officer.post(`/applications/${decided}/formal-check`, { decision: 'pass' });
    const before = await count('SELECT 1 FROM domain_events WHERE subject_id = $1', [decided]);
    const tooLate = await applicant.post(`/applications/${decided}/withdrawal`, {});
    expect(tooLate.status).toBe(409);
    expect(await count('SELECT 1 FROM domain_events WHERE subject_id = $1', [decided])).toBe(before);
    expect((await officer.get(`/calls/${callId}/applications?status=submitted`)).body.items).toEqual([]);
  });
});
