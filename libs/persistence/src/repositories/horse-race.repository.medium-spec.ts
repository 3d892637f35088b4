import { awardFixture } from '../testing/award-fixtures';
import { uniqueId, useMediumDatabase } from '../testing/medium';
import { AgreementRepository } from './agreement.repository';
import { AwardRepository } from './award.repository';
import { HorseRaceRepository } from './horse-race.repository';
import { ProjectRepository } from './project.repository';

describe('HorseRaceRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new HorseRaceRepository(db.ds);
  const schedule = {
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: '2027-12-31T00:00:00.000Z',
    reports: [],
    midtermAt: null,
  };

  /**
   * A race of two teams on a call with a template (continueCount 1) plus a third application of
   * the same award outside the race, each with a draft agreement; no project yet.
   */
  async function race(opts: { template?: Record<string, unknown> | null } = {}) {
    const f = await awardFixture(db.ds, 3);
    const [teamA, teamB, outsider] = f.applicationIds;
    if (opts.template !== null) {
      const templateId = uniqueId();
      await db.ds.query(
        `INSERT INTO program_templates (id, code, version, mode, template) VALUES ($1, $2, 1, 'horse_race', $3)`,
        [
          templateId,
          `race-${templateId.slice(0, 8)}`,
          JSON.stringify(opts.template ?? { horseRace: { continueCount: 1 } }),
        ],
      );
      await db.ds.query(`UPDATE calls SET template_id = $2, mode = 'horse_race' WHERE id = $1`, [
        f.callId,
        templateId,
      ]);
    }
    const roundId = uniqueId();
    await db.ds.query(
      `INSERT INTO review_rounds (id, call_id, strategy, experts_per_application, seed, policy, status, created_by)
       VALUES ($1, $2, 'random', 3, 1, '{}', 'closed', $3)`,
      [roundId, f.callId, f.officerId],
    );
    const awardId = uniqueId();
    await new AwardRepository(db.ds).insert(
      {
        id: awardId,
        callId: f.callId,
        roundId,
        chain: ['admin'],
        proposedBy: f.officerId,
        note: null,
        noticeWorkingDays: 5,
        restartNotice: true,
        items: [teamA, teamB, outsider].map((applicationId) => ({ applicationId, amountFen: 1_000 })),
        horseRace: {
          applicationIds: [teamA, teamB],
          midpointDate: '2026-12-31',
          gapPercent: 3.5,
          routesStatement: '两条技术路线不同',
        },
      },
      new Date(),
    );
    const agreements: Record<string, string> = {};
    for (const applicationId of [teamA, teamB, outsider]) {
      const id = uniqueId();
      agreements[applicationId] = id;
      await new AgreementRepository(db.ds).insert(
        {
          id,
          awardId,
          applicationId,
          callId: f.callId,
          amountFen: 1_000,
          content: { title: '赛马项目' },
          signBy: new Date(Date.now() + 86_400_000),
        },
        new Date(),
      );
    }
    const [{ id: raceId }]: Array<{ id: string }> = await db.ds.query(
      `SELECT id FROM horse_races WHERE award_id = $1`,
      [awardId],
    );
    return { f, raceId, awardId, teamA, teamB, outsider, agreements };
  }

  it('finds the race of a team agreement and of its project, never of an agreement outside the race', async () => {
    const r = await race();
    expect(await repo().ofAgreement(r.agreements[r.teamA])).toEqual({
      id: r.raceId,
      midpointDate: '2026-12-31',
    });
    expect(await repo().ofAgreement(r.agreements[r.teamB])).toEqual({
      id: r.raceId,
      midpointDate: '2026-12-31',
    });
    expect(await repo().ofAgreement(r.agreements[r.outsider])).toBeNull();
    expect(await repo().ofAgreement(uniqueId())).toBeNull();

    const projectA = uniqueId();
    const outsiderProject = uniqueId();
    await new ProjectRepository(db.ds).openFromAgreement(projectA, r.agreements[r.teamA], schedule);
    await new ProjectRepository(db.ds).openFromAgreement(outsiderProject, r.agreements[r.outsider], schedule);
    expect(await repo().ofProject(projectA)).toBe(r.raceId);
    expect(await repo().ofProject(outsiderProject)).toBeNull();
    expect(await repo().ofProject(uniqueId())).toBeNull();
  });

  it("reads the race's facts: teams in race order with their projects once signed, the template's continueCount, the mode", async () => {
    const r = await race();
    expect(await repo().facts(r.raceId)).toEqual({
      midpointDate: '2026-12-31',
      mode: 'horse_race',
      continueCount: 1,
      teams: [
        { applicationId: r.teamA, projectId: null },
        { applicationId: r.teamB, projectId: null },
      ],
    });
    const projectB = uniqueId();
    await new ProjectRepository(db.ds).openFromAgreement(projectB, r.agreements[r.teamB], schedule);
    // The outsider's project shares the award but is no team: it must not appear.
    await new ProjectRepository(db.ds).openFromAgreement(uniqueId(), r.agreements[r.outsider], schedule);
    expect((await repo().facts(r.raceId))?.teams).toEqual([
      { applicationId: r.teamA, projectId: null },
      { applicationId: r.teamB, projectId: projectB },
    ]);
    expect(await repo().facts(uniqueId())).toBeNull();
  });

  it('reads no continueCount without a template or without the option', async () => {
    const bare = await race({ template: null });
    expect(await repo().facts(bare.raceId)).toMatchObject({ continueCount: null, mode: 'open_competition' });
    const noOption = await race({ template: { horseRace: {} } });
    expect(await repo().facts(noOption.raceId)).toMatchObject({ continueCount: null });
  });

  it('opens once, records (and re-records) each team result in the jsonb map, and decides', async () => {
    const r = await race();
    const [p1, p2] = [uniqueId(), uniqueId()];
    const staff = r.f.officerId;
    expect(await repo().get(r.raceId)).toMatchObject({ phase: 'waiting', teamProjectIds: [], results: {} });

    const opened = new Date('2026-12-31T01:00:00.000Z');
    await repo().open(r.raceId, [p1, p2], '2026-12-30T16:00:00.000Z', opened);
    // A second open (a replayed step) does not move a race that is already comparing.
    await repo().open(r.raceId, [p2], '2027-01-30T16:00:00.000Z', new Date());
    expect(await repo().get(r.raceId)).toMatchObject({
      phase: 'comparing',
      teamProjectIds: [p1, p2],
      opensAt: new Date('2026-12-30T16:00:00.000Z'),
      openedAt: opened,
    });

    const at1 = new Date('2027-01-05T02:00:00.000Z');
    await repo().recordResult(
      r.raceId,
      { projectId: p1, score: 70, opinion: '进度滞后', issuerRepresentative: null },
      staff,
      at1,
    );
    await repo().recordResult(
      r.raceId,
      { projectId: p2, score: 88.5, opinion: '指标领先', issuerRepresentative: '张代表' },
      staff,
      at1,
    );
    const at2 = new Date('2027-01-06T02:00:00.000Z');
    // A corrected result replaces the team's entry and leaves the other team's alone.
    await repo().recordResult(
      r.raceId,
      { projectId: p1, score: 72, opinion: '复核后更正', issuerRepresentative: null },
      staff,
      at2,
    );
    expect((await repo().get(r.raceId))?.results).toEqual({
      [p1]: {
        score: 72,
        opinion: '复核后更正',
        issuerRepresentative: null,
        recordedBy: staff,
        recordedAt: at2.toISOString(),
      },
      [p2]: {
        score: 88.5,
        opinion: '指标领先',
        issuerRepresentative: '张代表',
        recordedBy: staff,
        recordedAt: at1.toISOString(),
      },
    });

    const decided = new Date('2027-01-10T02:00:00.000Z');
    await repo().decide(r.raceId, { continuing: [p2], reasons: '择优支持' }, staff, decided);
    expect(await repo().get(r.raceId)).toMatchObject({
      phase: 'decided',
      continuing: [p2],
      decisionReasons: '择优支持',
      decidedBy: staff,
      decidedAt: decided,
      results: expect.objectContaining({ [p1]: expect.objectContaining({ score: 72 }) }),
    });
  });
});

describe('ProjectRepository.setStatus (real PostgreSQL)', () => {
  const db = useMediumDatabase();

  it("sets one project's status, leaves the others alone and keeps the status check", async () => {
    const f = await awardFixture(db.ds, 0);
    const repo = new ProjectRepository(db.ds);
    const project = {
      programCode: 'horse_race',
      title: '赛马项目',
      summary: '',
      piId: f.piId,
      institutionId: f.institutionId,
      status: 'ongoing' as const,
      startsOn: '2026-01-01',
      endsOn: '2027-12-31',
      acceptedOn: null,
      source: '测试',
    };
    const [ended, other] = [uniqueId(), uniqueId()];
    await repo.insert(ended, project);
    await repo.insert(other, project);
    await repo.setStatus(ended, 'terminated');
    const status = async (id: string) => (await repo.page({ id }, { limit: 1 })).items[0]?.status;
    expect(await status(ended)).toBe('terminated');
    expect(await status(other)).toBe('ongoing');
    await expect(repo.setStatus(other, 'abandoned')).rejects.toThrow(/projects_status_check/);
    expect(await status(other)).toBe('ongoing');
  });
});
