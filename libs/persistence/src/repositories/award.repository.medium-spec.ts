import { decodeCursor } from '@kjflow/domain';
import { appendWithChange } from '../event-store';
import { awardFixture } from '../testing/award-fixtures';
import { uniqueId, useMediumDatabase } from '../testing/medium';
import { AwardRepository, NewAward } from './award.repository';

describe('AwardRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new AwardRepository(db.ds);

  async function proposed() {
    const f = await awardFixture(db.ds);
    const award: NewAward = {
      id: uniqueId(),
      callId: f.callId,
      roundId: null,
      chain: ['admin'],
      proposedBy: f.officerId,
      note: '局务会研究',
      noticeWorkingDays: 5,
      restartNotice: true,
      items: [
        { applicationId: f.applicationIds[0], amountFen: 30_000_000 },
        { applicationId: f.applicationIds[1], amountFen: 20_000_000, reason: '压减' },
      ],
      horseRace: null,
    };
    await repo().insert(award, new Date());
    return { f, award };
  }

  it('records a proposal with its items; reads it back, largest item first; commits it against the call', async () => {
    const { f, award } = await proposed();
    expect(await repo().find(award.id)).toMatchObject({
      id: award.id,
      callId: f.callId,
      status: 'in_approval',
      chain: ['admin'],
      note: '局务会研究',
      noticeWorkingDays: 5,
      restartNotice: true,
    });
    const items = await repo().items(award.id);
    expect(items.map((i) => [i.applicationId, i.amountFen, i.status, i.title])).toEqual([
      [f.applicationIds[0], 30_000_000, 'proposed', '项目 1'],
      [f.applicationIds[1], 20_000_000, 'proposed', '项目 2'],
    ]);
    expect(await repo().committedFen(f.callId)).toBe(50_000_000);
    expect((await repo().takenApplications(f.callId)).sort()).toEqual([...f.applicationIds].sort());
    expect(await repo().horseRace(award.id)).toBeNull();
  });

  it('starts the notice, takes an objection and its answer (an adjusted amount), finalizes the items', async () => {
    const { f, award } = await proposed();
    const notice = { start: '2026-12-01T00:00:00.000Z', end: '2026-12-08T15:59:59.999Z' };
    await repo().setStatus(award.id, { status: 'in_notice', notice }, new Date());
    const objectionId = uniqueId();
    await repo().insertObjection(
      award.id,
      {
        id: objectionId,
        applicationId: f.applicationIds[1],
        objector: { name: '王' },
        facts: '事实',
        evidence: [],
      },
      new Date(),
    );
    await repo().answerObjection(
      award.id,
      {
        id: objectionId,
        applicationId: f.applicationIds[1],
        outcome: 'adjust',
        answer: '调整',
        adjustedAmountFen: 10_000_000,
      },
      f.officerId,
      new Date(),
    );
    expect(await repo().objection(award.id, objectionId)).toMatchObject({
      status: 'adjust',
      answer: '调整',
      title: '项目 2',
    });
    expect((await repo().corrections(award.id)).map((c) => c.id)).toEqual([objectionId]);
    expect(await repo().adjustable(award.id, f.applicationIds[1])).toEqual({
      amountFen: 10_000_000,
      callId: f.callId,
      requestedFen: 50_000_000,
      totalBudgetFen: 100_000_000,
    });
    await repo().setStatus(award.id, { status: 'final' }, new Date());
    await repo().finalizeItems(award.id);
    const a = await repo().find(award.id);
    expect(a?.noticeStart?.toISOString()).toBe(notice.start);
    expect(a?.finalizedAt).not.toBeNull();
    expect((await repo().items(award.id)).map((i) => i.status)).toEqual(['final', 'final']);
  });

  it('pages the awards of a call and the objections of an award, oldest first', async () => {
    const { f, award } = await proposed();
    const second = { ...award, id: uniqueId(), items: [] };
    await repo().insert(second, new Date(Date.now() + 1_000));
    const first = await repo().pageOfCall(f.callId, { limit: 1 });
    expect(first.items).toEqual([award.id]);
    expect(await repo().pageOfCall(f.callId, { limit: 1, next: decodeCursor(first.next!)! })).toEqual({
      items: [second.id],
      next: null,
    });
    const objectionIds = [uniqueId(), uniqueId()];
    for (const [n, id] of objectionIds.entries())
      await repo().insertObjection(
        award.id,
        { id, applicationId: f.applicationIds[0], objector: { name: '王' }, facts: '事实', evidence: [] },
        new Date(Date.now() + n * 1_000),
      );
    const page = await repo().pageOfObjections(award.id, { limit: 5 });
    expect(page.items.map((o) => [o.id, o.status])).toEqual(objectionIds.map((id) => [id, 'open']));
    expect(page.next).toBeNull();
  });

  it('keeps evidence files of the award only; a repeated write under one event key writes nothing twice', async () => {
    const { award } = await proposed();
    const e = {
      evidenceId: uniqueId(),
      name: '协议.pdf',
      mediaType: 'application/pdf',
      sizeBytes: 10,
      sha256: 'a'.repeat(64),
    };
    const write = () =>
      appendWithChange(
        db.ds,
        {
          type: 'award.evidence_uploaded',
          subjectType: 'award',
          subjectId: award.id,
          actorId: null,
          payload: {},
          workflowId: `award-${award.id}`,
          step: `evidence:${e.evidenceId}`,
          occurredAt: new Date(),
        },
        (tx) => new AwardRepository(tx).insertEvidence(award.id, e, new Date()),
      );
    expect(await write()).toEqual({ applied: true });
    expect(await write()).toEqual({ applied: false });
    expect((await repo().evidence(award.id)).map((x) => x.id)).toEqual([e.evidenceId]);
    expect(await repo().evidenceIds(award.id, [e.evidenceId, uniqueId()])).toEqual([e.evidenceId]);
    expect(await repo().evidenceFile(uniqueId(), e.evidenceId)).toBeNull();
  });
});
