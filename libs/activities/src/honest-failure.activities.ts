import { DataSource } from 'typeorm';
import {
  conflictsFor,
  ExpertConfirmationFacts,
  HonestFailureFacts,
  RiskProfile,
  shanghaiDate,
  workflowIds,
} from '@kjflow/domain';
import type { HonestFailureRecord } from '@kjflow/workflows';
import {
  appendWithChange,
  HonestFailureRepository,
  MidtermRepository,
  ProjectRepository,
} from '@kjflow/persistence';

/** 容错: the facts its rules read (ids in, facts out), and each step's record with its event in one transaction. */
export function honestFailureActivities(ds: DataSource) {
  const event = (rec: HonestFailureRecord, type: string, step: string, payload: object) => ({
    type,
    subjectType: 'project' as const,
    subjectId: rec.projectId,
    actorId: rec.actorId,
    payload: payload as Record<string, unknown>,
    workflowId: workflowIds.project(rec.projectId),
    step,
    occurredAt: new Date(rec.at),
  });

  return {
    async honestFailureFacts({
      projectId,
    }: {
      projectId: string;
    }): Promise<Omit<HonestFailureFacts, 'status'>> {
      const f = await new HonestFailureRepository(ds).facts(projectId);
      return { ...f, riskProfile: f.riskProfile as RiskProfile | null };
    },

    /** Each named expert: in the pool (available), and every conflict the engine finds with the project. */
    async expertConfirmationFacts(input: {
      projectId: string;
      expertIds: string[];
      at: number;
    }): Promise<ExpertConfirmationFacts> {
      const { project, experts } = await new HonestFailureRepository(ds).coiInput(
        input.projectId,
        input.expertIds,
      );
      const asOf = shanghaiDate(new Date(input.at));
      return {
        experts: experts.map(({ available, ...e }) => ({
          id: e.id,
          name: e.personName,
          inPool: available,
          conflicts: conflictsFor(project, e, {}, asOf).reasons.map((r) => ({
            label: r.label,
            detail: r.detail,
          })),
        })),
      };
    },

    async recordHonestFailure(rec: HonestFailureRecord): Promise<void> {
      const at = new Date(rec.at);
      const { projectId, actorId } = rec;
      if (rec.riskProfile) {
        const r = rec.riskProfile;
        // Keyed by the instant: the flag may be set again later (each setting is its own event).
        await appendWithChange(
          ds,
          event(rec, 'project.risk_profile_set', `risk_profile:${rec.at}`, r),
          (tx) => new HonestFailureRepository(tx).setRiskProfile(projectId, r.riskProfile),
        );
      } else if (rec.request) {
        const r = rec.request;
        await appendWithChange(
          ds,
          event(rec, 'project.honest_failure_requested', `honest_failure:${r.round}:requested`, r),
          (tx) => new HonestFailureRepository(tx).request(projectId, { ...r, actorId, at }),
        );
      } else if (rec.confirmation) {
        const c = rec.confirmation;
        await appendWithChange(
          ds,
          event(
            rec,
            c.confirmed ? 'project.honest_failure_confirmed' : 'project.honest_failure_refused',
            `honest_failure:${c.round}:confirmed`,
            c,
          ),
          (tx) => new HonestFailureRepository(tx).confirm(projectId, { ...c, actorId, at }),
        );
      } else if (rec.decision) {
        const d = rec.decision;
        await appendWithChange(
          ds,
          event(
            rec,
            d.diligenceConfirmed ? 'project.closed' : 'project.honest_failure_refused',
            `honest_failure:${d.round}:${d.diligenceConfirmed ? 'closed' : 'refused'}`,
            d,
          ),
          async (tx) => {
            await new HonestFailureRepository(tx).decide(projectId, { ...d, actorId, at });
            if (d.projectStatus) await new ProjectRepository(tx).setStatus(projectId, d.projectStatus);
            if (d.recovery) {
              await new MidtermRepository(tx).insertRecovery({ ...d.recovery, projectId, at });
              await appendWithChange(
                tx,
                event(rec, 'project.recovery_ordered', `recovery:${d.recovery.id}`, d.recovery),
                async () => undefined,
              );
            }
          },
        );
      }
    },
  };
}
