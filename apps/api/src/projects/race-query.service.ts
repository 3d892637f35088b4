import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, assertRaceTeam, RaceView } from '@kjflow/domain';
import { AgreementRepository, HorseRaceRepository, ProjectRepository } from '@kjflow/persistence';
import { ProjectsQueryService } from './projects-query.service';

/** 赛马中期择优 of a project's race, read from the records. */
@Injectable()
export class RaceQueryService {
  private readonly projects: ProjectRepository;
  private readonly races: HorseRaceRepository;
  private readonly agreements: AgreementRepository;

  constructor(
    ds: DataSource,
    private readonly readers: ProjectsQueryService,
  ) {
    this.projects = new ProjectRepository(ds);
    this.races = new HorseRaceRepository(ds);
    this.agreements = new AgreementRepository(ds);
  }

  /** The project's race, to those who may read the project (others: 404). */
  async raceOf(id: string, actor: Actor): Promise<string> {
    await this.readers.get(id, actor);
    const raceId = await this.races.ofProject(id);
    assertRaceTeam(raceId);
    return raceId;
  }

  /** The race's phase and opening as recorded (null before a team's project started it). */
  async phaseOf(raceId: string) {
    const r = await this.races.get(raceId);
    return { phase: r?.phase ?? 'waiting', opensAt: r?.openedAt ? r.openedAt.toISOString() : null } as const;
  }

  /** The race: every team with its project, status and result, and the decision. */
  async get(id: string, actor: Actor): Promise<RaceView> {
    const raceId = await this.raceOf(id, actor);
    const [r, facts] = await Promise.all([this.races.get(raceId), this.races.facts(raceId)]);
    const race = await this.agreements.raceOfAward(r!.awardId);
    const statuses = await Promise.all(
      facts!.teams.map(async (t) =>
        t.projectId
          ? ((await this.projects.page({ id: t.projectId }, { limit: 1 })).items[0]?.status ?? null)
          : null,
      ),
    );
    return {
      id: raceId,
      midpointDate: facts!.midpointDate,
      phase: r!.phase,
      opensAt: r!.openedAt ? r!.openedAt.toISOString() : null,
      teams: facts!.teams.map((t, i) => {
        const res = t.projectId ? r!.results[t.projectId] : undefined;
        return {
          applicationId: t.applicationId,
          projectId: t.projectId,
          title: race?.teams.find((x) => x.applicationId === t.applicationId)?.title ?? '',
          projectStatus: statuses[i],
          result: res ?? null,
        };
      }),
      decision:
        r!.continuing && r!.decidedBy && r!.decidedAt
          ? {
              continuing: r!.continuing,
              reasons: r!.decisionReasons ?? '',
              decidedBy: r!.decidedBy,
              decidedAt: r!.decidedAt.toISOString(),
            }
          : null,
    };
  }
}
