import { DataSource } from 'typeorm';
import { appendWithChange, CasePolicyRepository } from '@kjflow/persistence';
import type { CasePolicyRecord } from '@kjflow/workflows';

export function casePolicyActivities(ds: DataSource) {
  return {
    /** The next version of the timings, numbered under the policy's lock; a retry finds its row. */
    async saveCasePolicy(rec: CasePolicyRecord): Promise<{ version: number }> {
      return ds.transaction(async (tx) => {
        const repo = new CasePolicyRepository(tx);
        const done = await repo.byId(rec.id);
        if (done) return { version: done.version };
        const version = await repo.nextVersion();
        await appendWithChange(
          tx,
          {
            type: 'case_policy.saved',
            subjectType: 'misconduct_case',
            subjectId: 'policy',
            actorId: rec.actorId,
            payload: { id: rec.id, version, policy: rec.policy },
            workflowId: rec.workflowId,
            step: rec.step,
            occurredAt: new Date(rec.at),
          },
          () => repo.insert({ id: rec.id, version, policy: rec.policy, createdBy: rec.actorId }),
        );
        return { version };
      });
    },
  };
}
