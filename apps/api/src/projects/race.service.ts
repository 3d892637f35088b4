import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client } from '@temporalio/client';
import {
  Actor,
  assertRaceActor,
  DomainError,
  RaceDecisionInput,
  RaceResultInput,
  RaceView,
  workflowIds,
} from '@kjflow/domain';
import { AgreementRepository, HorseRaceRepository, ProjectRepository } from '@kjflow/persistence';
import { decideRaceUpdate, recordRaceResultUpdate } from '@kjflow/workflows';
import { ProjectsQueryService } from './projects-query.service';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';

const NO_RACE = { zh: '该项目不属于赛马项目', en: 'This project is not a team of a horse race' };

/** 赛马中期择优 of a project's race: commands through `horse-race-<id>`, reads from the records. */
@Injectable()
export class RaceService {
  private readonly projects: ProjectRepository;
  private readonly races: HorseRaceRepository;
  private readonly agreements: AgreementRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly readers: ProjectsQueryService,
  ) {
    this.projects = new ProjectRepository(ds);
    this.races = new HorseRaceRepository(ds);
    this.agreements = new AgreementRepository(ds);
  }

  /** The project's race, to those who may read the project (others: 404). */
  private async raceOf(id: string, actor: Actor): Promise<string> {
    await this.readers.get(id, actor);
    const raceId = await this.races.ofProject(id);
    if (!raceId) throw new DomainError('not_found', NO_RACE);
    return raceId;
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

  private async command(id: string, actor: Actor, send: (raceId: string) => Promise<unknown>) {
    assertRaceActor(actor);
    const raceId = await this.raceOf(id, actor);
    const r = await this.races.get(raceId);
    await sendCommand(
      this.temporal.workflow.getHandle(workflowIds.horseRace(raceId)),
      () => {
        // No run: not started by a project yet, or decided.
        if (r?.phase === 'decided')
          throw new DomainError('conflict', {
            zh: '赛马中期比拼已作出决定',
            en: "The race's mid-point comparison has been decided",
          });
        throw new DomainError('invalid_state', {
          zh: '赛马中期比拼尚未开始',
          en: "The race's mid-point comparison has not opened yet",
        });
      },
      () => send(raceId),
    );
    return this.get(id, actor);
  }

  /** A team's mid-point result (this project's), recorded again until the decision. */
  recordResult(id: string, input: RaceResultInput, actor: Actor) {
    return this.command(id, actor, (raceId) =>
      this.temporal.workflow
        .getHandle(workflowIds.horseRace(raceId))
        .executeUpdate(recordRaceResultUpdate, { args: [{ actorId: actor.id, projectId: id, ...input }] }),
    );
  }

  /** The decision: the team(s) that continue; the others are terminated without fault. */
  decide(id: string, input: RaceDecisionInput, actor: Actor) {
    return this.command(id, actor, (raceId) =>
      this.temporal.workflow
        .getHandle(workflowIds.horseRace(raceId))
        .executeUpdate(decideRaceUpdate, { args: [{ actorId: actor.id, ...input }] }),
    );
  }
}
