import { awardFixture } from '../testing/award-fixtures';
import { readAllPages, uniqueId, useMediumDatabase } from '../testing/medium';
import { AgreementRepository } from './agreement.repository';
import { AwardRepository } from './award.repository';

describe('AgreementRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new AgreementRepository(db.ds);

  /** A final award of one application, and its draft agreement. */
  async function draft() {
    const f = await awardFixture(db.ds, 1);
    const awardId = uniqueId();
    const awards = new AwardRepository(db.ds);
    await awards.insert(
      {
        id: awardId,
        callId: f.callId,
        roundId: null,
        chain: ['admin'],
        proposedBy: f.officerId,
        note: null,
        noticeWorkingDays: 5,
        restartNotice: true,
        items: [{ applicationId: f.applicationIds[0], amountFen: 1_000 }],
        horseRace: null,
      },
      new Date(),
    );
    await awards.setStatus(awardId, { status: 'final' }, new Date());
    await awards.finalizeItems(awardId);
    const id = uniqueId();
    const installments = [
      { sharePercent: 30, releasedBy: 'signing', amountFen: 300 },
      { sharePercent: 70, releasedBy: 'milestone', amountFen: 700 },
    ];
    await repo().insert(
      {
        id,
        awardId,
        applicationId: f.applicationIds[0],
        callId: f.callId,
        amountFen: 1_000,
        content: { title: '项目 1', milestones: [{}, {}], installments },
        signBy: new Date(Date.now() + 86_400_000),
      },
      new Date(),
    );
    return { f, awardId, id };
  }

  it('records a draft with version 1; reads what a final award makes agreements from', async () => {
    const { f, awardId, id } = await draft();
    expect(await repo().find(id)).toMatchObject({
      id,
      awardId,
      status: 'draft',
      version: 1,
      applicantId: f.piId,
      institutionId: f.institutionId,
    });
    expect(await repo().pageOfAward(awardId, { limit: 5 })).toEqual({ items: [id], next: null });
    expect((await repo().pageOfVersions(id, { limit: 50 })).items.map((v) => v.version)).toEqual([1]);
    const items = await repo().awardedItems(awardId);
    expect(items.map((i) => [i.application_id, Number(i.amount_fen), i.mode])).toEqual([
      [f.applicationIds[0], 1_000, 'open_competition'],
    ]);
    expect(await repo().raceOfAward(awardId)).toBeNull();
  });

  it('revises, signs (planning the installments), checks a milestone, approves and pays: the execution facts follow', async () => {
    const { f, id } = await draft();
    await repo().revise(
      id,
      { changes: { objectives: '新目标' }, newVersion: 2, note: '协商', revisedBy: f.officerId },
      new Date(),
    );
    expect((await repo().find(id))?.content).toMatchObject({ objectives: '新目标', title: '项目 1' });
    for (const party of ['pi', 'institution', 'bureau'] as const)
      await repo().insertSignature(
        id,
        { party, signedBy: f.piId, version: 2, pledgeAccepted: false },
        new Date(),
      );
    await repo().markSigned(id, new Date(), (r) => (r === 'signing' ? new Date() : null));
    expect((await repo().signatures(id)).map((s) => s.party)).toEqual(['pi', 'institution', 'bureau']);
    expect(await repo().execution(id)).toEqual({
      status: 'signed',
      amountFen: 1_000,
      milestoneCount: 2,
      milestones: [],
      installments: [
        { seq: 1, releasedBy: 'signing', amountFen: 300, status: 'planned', approvedBy: null },
        { seq: 2, releasedBy: 'milestone', amountFen: 700, status: 'planned', approvedBy: null },
      ],
    });
    await repo().insertMilestoneCheck(
      id,
      { milestone: 1, outcome: 'passed', opinion: '通过', checkedBy: f.officerId },
      new Date(),
    );
    await repo().approveInstallment(id, 1, f.officerId, new Date());
    await repo().payInstallment(id, 1, f.piId, new Date());
    const e = await repo().execution(id);
    expect(e?.milestones).toEqual(['passed']);
    expect(e?.installments[0]).toMatchObject({ status: 'paid', approvedBy: f.officerId });
    expect((await repo().installment(id, 1))?.paidBy).toBe(f.piId);
    expect(await repo().installment(id, 3)).toBeNull();
    expect((await repo().paymentList((await repo().find(id))!.callId)).map((r) => [r.seq, r.status])).toEqual(
      [[1, 'paid']],
    );
    expect(await repo().printMeta(id)).toMatchObject({
      call_title: '芒果产业关键技术',
      pi_name: expect.any(String),
    });
  });

  it('lists agreements for the bureau with title, parties and what is paid, by call and status', async () => {
    const { f, awardId, id } = await draft();
    const row = async (filter: Parameters<AgreementRepository['page']>[0]) =>
      (await repo().page({ callId: f.callId, ...filter }, { limit: 5 })).items;
    expect(await row({})).toEqual([
      expect.objectContaining({
        id,
        awardId,
        callId: f.callId,
        applicationId: f.applicationIds[0],
        title: '项目 1',
        piName: expect.any(String),
        mode: 'open_competition',
        status: 'draft',
        projectId: null,
      }),
    ]);
    expect(await row({ status: 'signed' })).toEqual([]);
    for (const party of ['pi', 'institution', 'bureau'] as const)
      await repo().insertSignature(
        id,
        { party, signedBy: f.piId, version: 1, pledgeAccepted: false },
        new Date(),
      );
    await repo().markSigned(id, new Date(), () => null);
    await repo().approveInstallment(id, 1, f.officerId, new Date());
    await repo().payInstallment(id, 1, f.piId, new Date());
    const [signed] = await row({ status: 'signed' });
    expect([signed.id, Number(signed.amountFen), Number(signed.paidFen)]).toEqual([id, 1_000, 300]);
    expect(await row({ mode: 'challenge' })).toEqual([]);
  });

  it('pages the versions of the terms, oldest first, each with who revised it', async () => {
    const { f, id } = await draft();
    for (const version of [2, 3, 4])
      await repo().revise(
        id,
        {
          changes: { objectives: `目标 ${version}` },
          newVersion: version,
          note: `第${version}版`,
          revisedBy: f.officerId,
        },
        new Date(),
      );
    const { items, pages } = await readAllPages((page) => repo().pageOfVersions(id, page), 3);
    expect(items.map((v) => [v.version, v.note, v.revisedBy, v.content.objectives ?? null])).toEqual([
      [1, null, null, null],
      [2, '第2版', f.officerId, '目标 2'],
      [3, '第3版', f.officerId, '目标 3'],
      [4, '第4版', f.officerId, '目标 4'],
    ]);
    expect(items[0].revisedByName).toBeNull();
    expect(items[3].revisedByName).toEqual(expect.any(String));
    expect(pages).toBe(2);
    expect((await repo().version(id, 3))?.content).toMatchObject({ objectives: '目标 3' });
    expect(await repo().version(id, 5)).toBeNull();
  });

  it('forfeits: the award item returns its amount to the call', async () => {
    const { f, awardId, id } = await draft();
    await repo().forfeit(id);
    expect((await repo().find(id))?.status).toBe('forfeited');
    expect((await new AwardRepository(db.ds).items(awardId)).map((i) => i.status)).toEqual(['forfeited']);
    expect(await new AwardRepository(db.ds).committedFen(f.callId)).toBe(0);
    expect(await repo().execution(uniqueId())).toBeNull();
  });
});
