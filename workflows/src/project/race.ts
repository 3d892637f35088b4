import { ParentClosePolicy, patched, setHandler, startChild } from '@temporalio/workflow';
import { workflowIds } from '@kjflow/domain/kernel/ids.rules';
import { raceMidpointInstant } from '@kjflow/domain/project/race.rules';
import { raceLostSignal } from '../definitions';
import { endProject } from './ending';
import { finished, ProjectRun } from './run';

/**
 * 赛马 (issue 15 §5): a project that is a team of a race starts the race's workflow
 * (`horse-race-<id>`, which owns the comparison; the other teams find it running) and, told by it
 * that its team does not continue, terminates itself without fault (终止: unspent funds returned,
 * no credit record) on the one path a project ends early (ending.ts).
 */
export function racePart(run: ProjectRun): void {
  if (!patched('project-race')) return;
  const s = run.state;

  run.duties.push({
    dueAt: () => (s.registered && s.race && !s.race.started ? 0 : null),
    run: async () => {
      const race = s.race!;
      try {
        await startChild('horseRaceWorkflow', {
          workflowId: workflowIds.horseRace(race.id),
          args: [{ raceId: race.id, opensAt: race.opensAt }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
      } catch (err) {
        // Another team's project started it first: one comparison per race.
        if (!(err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError')) throw err;
      }
      race.started = true;
    },
  });

  setHandler(raceLostSignal, ({ raceId, actorId, reasons }) => {
    void run.event(async () => {
      if (finished(s) || s.race?.id !== raceId) return;
      await endProject(run, {
        decision: 'terminate',
        reasons: `赛马中期比拼未获继续支持：${reasons}`,
        actorId,
        spentFen: s.midterm?.spentFen ?? 0,
        evidenceRef: `horse-race:${raceId}`,
        sourceStep: `race:${raceId}:ended`,
        creditStep: 'credit:race',
        record: (recovery, status) =>
          run.acts.recordProjectEnd({
            projectId: s.projectId,
            cause: { kind: 'race', raceId },
            actorId,
            at: Date.now(),
            status,
            reasons,
            recovery,
          }),
      });
    });
  });
}

/** When the race's comparison opens: the project's mid-term point (the template's), else the race's date. */
export function raceOpensAt(midtermAt: string | null | undefined, midpointDate: string): string {
  return midtermAt ?? raceMidpointInstant(midpointDate);
}
