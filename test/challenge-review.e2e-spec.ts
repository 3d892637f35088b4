import { as, attachRequired, closeDb, completeDraft, SIGN } from './support/api';
import { closingIn, publishedCall, waitForClose } from './support/flows';

const BAISE_COLLEGE = '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e02'; // issued the test challenge
const pledge = {
  goals: '两年内突破高端铝材精深加工关键工艺，建成示范生产线。',
  milestones: [{ title: '完成中试', due: '2027-06-30', indicator: '成品率≥85%' }],
  consequences: '未按期完成里程碑的，停止后续拨款并记入科研信用记录。',
};

/**
 * 揭榜挂帅 review: the panel of every bid includes the issuer's (发榜方) representative, whom the
 * issuer tie would otherwise exclude, drawn by the optimal strategy through the API.
 */
describe('challenge review (揭榜评审)', () => {
  it('seats the issuer’s representative on every bid’s panel, with a finance expert, by optimal matching', async () => {
    const [officer, admin, applicant, applicant2, enterprise] = await Promise.all(
      ['officer', 'admin', 'applicant', 'applicant2', 'enterprise'].map(as),
    );
    // Two bids in a window of seconds; the experts are registered while it runs out. The bids took
    // 5.1 of 6 s with three files at a time on a loaded machine: 15 s, as four run at a time.
    const { callId, challengeId } = await publishedCall(
      officer,
      admin,
      applicant,
      'challenge',
      closingIn(15_000),
    );
    const bids: string[] = [];
    for (const [i, who] of [applicant2, enterprise].entries()) {
      const b = await who.post('/applications', {
        callId,
        topicId: challengeId,
        ...completeDraft,
        title: `铝精深加工揭榜方案${i + 1}`,
        pledge,
      });
      await attachRequired(who, b.body.id);
      expect((await who.post(`/applications/${b.body.id}/submit`, SIGN)).status).toBe(200);
      bids.push(b.body.id);
    }

    const tag = `揭榜评审${Date.now().toString(36)}`;
    const experts: Array<{ id: string; rep: boolean; finance: boolean }> = [];
    for (let i = 0; i < 9; i++) {
      const rep = i === 0;
      const e = await officer.post('/experts', {
        name: `揭榜评审专家${i + 1}`,
        title: '高级工程师',
        organisation: rep ? '百色学院' : `揭榜评审单位${tag}${i}`,
        ...(rep ? { institutionId: BAISE_COLLEGE } : {}),
        keyFields: ['eco_aluminium'],
        keywords: [tag, '铝'],
        region: '广西',
        finance: i === 1 || i === 2,
        loadCap: 5,
        externalRef: `CH-${tag}-${i}`,
      });
      expect(e.status).toBe(201);
      experts.push({ id: e.body.id, rep, finance: i === 1 || i === 2 });
    }

    // The formal check, then the round, once the call has closed.
    await waitForClose(officer, callId);
    for (const bid of bids)
      expect((await officer.post(`/applications/${bid}/formal-check`, { decision: 'pass' })).status).toBe(
        200,
      );
    const round = await officer.post(`/calls/${callId}/review-rounds`, {
      strategy: 'optimal',
      seed: 7,
      pool: { keywords: [tag] },
    });
    expect(round.status).toBe(201);
    expect(round.body).toMatchObject({ strategy: 'optimal', expertsPerApplication: 7 });
    const rep = experts.find((e) => e.rep)!;
    for (const bid of bids) {
      const panel = round.body.assignments
        .filter((a: { applicationId: string }) => a.applicationId === bid)
        .map((a: { expertId: string }) => a.expertId);
      expect(panel).toHaveLength(7);
      expect(panel).toContain(rep.id);
      expect(panel.some((id: string) => experts.find((e) => e.id === id)?.finance)).toBe(true);
    }
    // The issuer tie is not counted against its own representative.
    expect(round.body.conflicts.filter((c: { expertId: string }) => c.expertId === rep.id)).toEqual([]);
    await closeDb();
  }, 120_000);
});
