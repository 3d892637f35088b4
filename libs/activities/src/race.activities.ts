import { DataSource } from 'typeorm';
import { DEFAULT_RACE_CONTINUE_COUNT, workflowIds } from '@kjflow/domain';
import type { HorseRaceFacts, HorseRaceRecord, ProjectEndRecord } from '@kjflow/workflows';
import {
  appendWithChange,
  HorseRaceRepository,
  MidtermRepository,
  ProjectRepository,
} from '@kjflow/persistence';

/** 赛马中期择优 and a project's early end outside its mid-term check: record and event in one transaction. */
export function raceActivities(ds: DataSource) {
  return {
    async horseRaceFacts({ raceId }: { raceId: string }): Promise<HorseRaceFacts> {
      const f = await new HorseRaceRepository(ds).facts(raceId);
      if (!f) throw new Error(`horse race ${raceId} has no record`);
      return {
        midpointDate: f.midpointDate,
        teams: f.teams,
        continueCount: f.continueCount ?? DEFAULT_RACE_CONTINUE_COUNT,
        // 揭榜挂帅: the issuer (发榜方) takes part in 评榜 (RULES §12.4).
        issuerTakesPart: f.mode === 'challenge',
      };
    },

    async recordHorseRace(rec: HorseRaceRecord): Promise<void> {
      const at = new Date(rec.at);
      const [type, step, payload] = rec.opened
        ? ['horse_race.comparison_opened', 'opened', rec.opened]
        : rec.result
          ? [
              'horse_race.result_recorded',
              // A result recorded again is a new step (corrections stay in the trail).
              `result:${rec.result.projectId}:${rec.at}`,
              rec.result,
            ]
          : ['horse_race.decided', 'decided', rec.decision!];
      await appendWithChange(
        ds,
        {
          type,
          subjectType: 'horse_race',
          subjectId: rec.raceId,
          actorId: rec.actorId,
          payload: payload as unknown as Record<string, unknown>,
          workflowId: workflowIds.horseRace(rec.raceId),
          step,
          occurredAt: at,
        },
        async (tx) => {
          const races = new HorseRaceRepository(tx);
          if (rec.opened) await races.open(rec.raceId, rec.opened.teams, rec.opened.opensAt, at);
          if (rec.result) await races.recordResult(rec.raceId, rec.result, rec.actorId!, at);
          if (rec.decision) await races.decide(rec.raceId, rec.decision, rec.actorId!, at);
        },
      );
    },

    async recordProjectEnd(rec: ProjectEndRecord): Promise<void> {
      const c = rec.cause;
      const key =
        c.kind === 'race'
          ? `race:${c.raceId}`
          : c.kind === 'change'
            ? `change:${c.changeId}`
            : `milestone:${c.milestone}`;
      const event = (type: string, step: string, payload: object) => ({
        type,
        subjectType: 'project' as const,
        subjectId: rec.projectId,
        actorId: rec.actorId,
        payload: payload as Record<string, unknown>,
        workflowId: workflowIds.project(rec.projectId),
        step,
        occurredAt: new Date(rec.at),
      });
      await appendWithChange(
        ds,
        event(`project.${rec.status}`, `${key}:ended`, {
          cause: rec.cause,
          reasons: rec.reasons,
          recovery: rec.recovery,
        }),
        async (tx) => {
          await new ProjectRepository(tx).setStatus(rec.projectId, rec.status);
          if (rec.recovery) {
            await new MidtermRepository(tx).insertRecovery({
              ...rec.recovery,
              projectId: rec.projectId,
              at: new Date(rec.at),
            });
            await appendWithChange(
              tx,
              event('project.recovery_ordered', `recovery:${rec.recovery.id}`, rec.recovery),
              async () => undefined,
            );
          }
        },
      );
    },
  };
}
