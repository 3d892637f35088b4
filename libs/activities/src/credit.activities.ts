import { DataSource } from 'typeorm';
import type { CreditRecord } from '@kjflow/domain';
import {
  appendCreditRecord,
  appendWithChange,
  creditRecordFromEntity,
  CreditRepository,
} from '@kjflow/persistence';
import type {
  CreditLedger,
  CreditRepairDecisionRecord,
  CreditRepairRequestRecord,
  CreditRepairRequestRef,
} from '@kjflow/workflows';

/** The credit subject workflow's reads and writes: the ledger, repair requests and decisions. */
export function creditActivities(ds: DataSource) {
  return {
    async creditLedger(input: { subject: { type: string; id: string } }): Promise<CreditLedger> {
      const repo = new CreditRepository(ds);
      const rows = await repo.ofSubject(input.subject);
      const pending = await repo.pendingRepairsOf(rows.map((r) => r.id));
      return {
        records: rows.map((r) => creditRecordFromEntity(r) as unknown as CreditRecord),
        pendingRepairRecordIds: pending,
      };
    },

    async creditRepairRequest(input: { id: string }): Promise<CreditRepairRequestRef | null> {
      const r = await new CreditRepository(ds).repairRequest(input.id);
      return r
        ? {
            id: r.id,
            recordId: r.recordId,
            status: r.status,
            requestedBy: r.requestedBy,
            reason: r.reason,
            evidenceRefs: r.evidenceRefs,
          }
        : null;
    },

    async requestCreditRepair(rec: CreditRepairRequestRecord): Promise<void> {
      await appendWithChange(
        ds,
        {
          type: 'credit_repair.requested',
          subjectType: 'credit_record',
          subjectId: rec.recordId,
          actorId: rec.requestedBy,
          payload: { requestId: rec.id, status: 'pending', evidenceRefs: rec.evidenceRefs },
          workflowId: rec.workflowId,
          step: rec.step,
          occurredAt: new Date(rec.at),
        },
        (tx) =>
          new CreditRepository(tx).insertRepairRequest({
            id: rec.id,
            recordId: rec.recordId,
            reason: rec.reason,
            evidenceRefs: rec.evidenceRefs,
            requestedBy: rec.requestedBy,
            createdAt: new Date(rec.at),
          }),
      );
    },

    async decideCreditRepair(rec: CreditRepairDecisionRecord): Promise<void> {
      const status = rec.decision === 'approve' ? 'approved' : 'rejected';
      await appendWithChange(
        ds,
        {
          type: `credit_repair.${status}`,
          subjectType: 'credit_record',
          subjectId: rec.recordId,
          actorId: rec.decidedBy,
          payload: {
            requestId: rec.requestId,
            status,
            reason: rec.reason,
            repairRecordId: rec.repair?.id ?? null,
          },
          workflowId: rec.workflowId,
          step: rec.step,
          occurredAt: new Date(rec.at),
        },
        async (tx) => {
          // The repair record and the decision stand or fall together.
          if (rec.repair) await appendCreditRecord(tx, rec.repair);
          await new CreditRepository(tx).decideRepairRequest(rec.requestId, {
            status,
            decisionReason: rec.reason,
            decidedBy: rec.decidedBy,
            decidedAt: new Date(rec.at),
            repairRecordId: rec.repair?.id ?? null,
          });
        },
      );
    },
  };
}
