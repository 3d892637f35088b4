import { DataSource } from 'typeorm';
import { outcomeContributions, workflowIds } from '@kjflow/domain';
import type { OutcomeStepRecord } from '@kjflow/workflows';
import { appendWithChange, OutcomeRepository } from '@kjflow/persistence';

const STATUS = { verified: 'verified', returned: 'returned', rejected: 'rejected' } as const;
const DECISION = { verified: 'verify', returned: 'return', rejected: 'reject' } as const;

/** 成果 (issue 16 §3): each step of an outcome with its event, in one transaction. */
export function outcomeActivities(ds: DataSource) {
  return {
    async recordOutcome(rec: OutcomeStepRecord): Promise<void> {
      const at = new Date(rec.at);
      // What the outcome adds to each indicator is the domain's mapping, kept with the version.
      const contributions = rec.record ? outcomeContributions(rec.record) : undefined;
      await appendWithChange(
        ds,
        {
          type: `outcome.${rec.step}`,
          subjectType: 'outcome',
          subjectId: rec.outcomeId,
          actorId: rec.actorId,
          payload: {
            projectId: rec.projectId,
            version: rec.version,
            ...(rec.record
              ? {
                  type: rec.record.type,
                  title: rec.record.title,
                  occurredOn: rec.record.occurredOn,
                  contributions,
                }
              : {}),
            ...(rec.comment ? { comment: rec.comment } : {}),
          },
          workflowId: workflowIds.outcome(rec.outcomeId),
          // Once per step and version: a retried activity writes nothing twice.
          step: `${rec.step}:v${rec.version}`,
          occurredAt: at,
        },
        async (tx) => {
          const outcomes = new OutcomeRepository(tx);
          if (rec.step === 'registered')
            await outcomes.insert(
              {
                id: rec.outcomeId,
                projectId: rec.projectId,
                record: rec.record!,
                registeredBy: rec.actorId,
                at,
              },
              contributions!,
            );
          else if (rec.step === 'resubmitted')
            await outcomes.resubmit(rec.outcomeId, rec.record!, rec.version, at, contributions!);
          else
            await outcomes.decide(
              rec.outcomeId,
              STATUS[rec.step],
              DECISION[rec.step],
              rec.comment ?? null,
              rec.actorId,
              at,
            );
        },
      );
    },
  };
}
