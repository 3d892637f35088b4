import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import { workflowIds } from '@kjflow/domain/kernel/ids.rules';
import { assertRaceDecision, assertRaceResult, raceLosers } from '@kjflow/domain/project/race.rules';
import type { Activities } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import {
  DecideRaceArgs,
  decideRaceUpdate,
  horseRaceStateQuery,
  HorseRaceState,
  raceLostSignal,
  RecordRaceResultArgs,
  recordRaceResultUpdate,
} from './definitions';
import { check } from './lib/failures';
import { handlerQueue } from './lib/serial';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

export interface HorseRaceInput {
  raceId: string;
  /** When the comparison opens (UTC ISO): the mid-term point of the project that started the race. */
  opensAt: string;
}

/**
 * 赛马中期择优 (`horse-race-<id>`, issue 15 §5, RULES §9, §12.3). One workflow owns the comparison
 * of the teams, so no team's project decides about another: the first project of the race starts it
 * (the others find it running); at the mid-point it opens the comparison over the teams whose
 * projects exist then, staff record each team's result (a challenge's with the issuer's
 * representative), and one decision names the team(s) that continue by the template's rule. Each
 * other team's project is told, and terminates itself without fault (its own status and recovery
 * order, the one path of project/ending.ts). The run ends with the decision.
 */
export async function horseRaceWorkflow(input: HorseRaceInput): Promise<HorseRaceState> {
  const state: HorseRaceState = {
    raceId: input.raceId,
    phase: 'waiting',
    opensAt: input.opensAt,
    teams: [],
    continueCount: 1,
    issuerTakesPart: false,
  };
  const { serial, guarded } = handlerQueue(state);
  setHandler(horseRaceStateQuery, () => state);

  setHandler(
    recordRaceResultUpdate,
    guarded<RecordRaceResultArgs>(async (a) => {
      assertRaceResult(state, a.projectId, a.issuerRepresentative);
      await acts.recordHorseRace({
        raceId: state.raceId,
        actorId: a.actorId,
        at: Date.now(),
        result: {
          projectId: a.projectId,
          score: a.score,
          opinion: a.opinion,
          issuerRepresentative: a.issuerRepresentative,
        },
      });
      state.teams = state.teams.map((t) => (t.projectId === a.projectId ? { ...t, score: a.score } : t));
    }),
    { validator: (a) => check(() => assertRaceResult(state, a.projectId, a.issuerRepresentative)) },
  );

  setHandler(
    decideRaceUpdate,
    guarded<DecideRaceArgs>(async (a) => {
      assertRaceDecision(state, a.continuing);
      const terminated = raceLosers(state, a.continuing);
      await acts.recordHorseRace({
        raceId: state.raceId,
        actorId: a.actorId,
        at: Date.now(),
        decision: { continuing: a.continuing, terminated, reasons: a.reasons },
      });
      state.phase = 'decided';
      state.continuing = a.continuing;
      // Each project owns its status and its accounts: it terminates itself on being told.
      for (const projectId of terminated)
        await getExternalWorkflowHandle(workflowIds.project(projectId)).signal(raceLostSignal, {
          raceId: state.raceId,
          actorId: a.actorId,
          reasons: a.reasons,
        });
    }),
    { validator: (a) => check(() => assertRaceDecision(state, a.continuing)) },
  );

  await sleep(Math.max(0, Date.parse(input.opensAt) - Date.now()));
  await serial(async () => {
    const facts = await acts.horseRaceFacts({ raceId: state.raceId });
    // Teams whose agreement was never signed have no project and take no part.
    const teams = facts.teams.flatMap((t) => (t.projectId ? [t.projectId] : []));
    await acts.recordHorseRace({
      raceId: state.raceId,
      actorId: null,
      at: Date.now(),
      opened: { teams, opensAt: state.opensAt },
    });
    state.teams = teams.map((projectId) => ({ projectId, score: null }));
    // Never more continue than take part (a race left with one team keeps it).
    state.continueCount = Math.min(facts.continueCount, Math.max(1, teams.length));
    state.issuerTakesPart = facts.issuerTakesPart;
    state.phase = 'comparing';
  });
  await condition(() => state.phase === 'decided');
  await condition(allHandlersFinished);
  return state;
}
