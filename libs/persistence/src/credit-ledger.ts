import { DataSource, EntityManager } from 'typeorm';
import type { CreditRecordWrite } from '@kjflow/domain';
import { CreditRecordEntity } from './entities';
import { CreditRepository } from './repositories/credit.repository';
import { appendWithChange } from './event-store';

/**
 * The one way into the credit ledger: the record and its `credit.recorded` event in one
 * transaction, once per (workflow, step) however often it is retried.
 */
export async function appendCreditRecord(
  db: DataSource | EntityManager,
  w: CreditRecordWrite,
): Promise<{ applied: boolean }> {
  return appendWithChange(
    db,
    {
      type: 'credit.recorded',
      subjectType: 'credit_record',
      subjectId: w.id,
      actorId: w.recordedBy,
      payload: {
        subject: w.subject,
        kind: w.kind,
        severity: w.severity,
        projectId: w.projectId,
        referencesRecordId: w.referencesRecordId,
      },
      workflowId: w.workflowId,
      step: w.step,
      occurredAt: new Date(w.at),
    },
    async (tx) => {
      const ledger = new CreditRepository(tx);
      const sourceEventId = w.sourceEvent ? await ledger.eventIdOf(w.sourceEvent) : null;
      await ledger.insertRecord({
        id: w.id,
        subjectType: w.subject.type,
        subjectId: w.subject.id,
        kind: w.kind,
        severity: w.severity,
        stage: w.stage,
        projectId: w.projectId,
        facts: w.facts,
        evidenceRefs: w.evidenceRefs,
        decisionNo: w.decisionNo,
        effectiveFrom: w.effectiveFrom,
        effectiveUntil: w.effectiveUntil,
        referencesRecordId: w.referencesRecordId,
        isPublic: w.isPublic,
        caseId: w.caseId ?? null,
        sourceEventId,
        recordedBy: w.recordedBy,
        recordedAt: new Date(w.at),
        workflowId: w.workflowId,
        step: w.step,
      });
    },
  );
}

/** A ledger row as the domain reads it (the rating, the API). */
export function creditRecordFromEntity(r: CreditRecordEntity) {
  return {
    id: r.id,
    subject: { type: r.subjectType, id: r.subjectId },
    kind: r.kind,
    severity: r.severity,
    stage: r.stage,
    projectId: r.projectId,
    facts: r.facts,
    evidenceRefs: r.evidenceRefs,
    decisionNo: r.decisionNo,
    effectiveFrom: r.effectiveFrom,
    effectiveUntil: r.effectiveUntil,
    referencesRecordId: r.referencesRecordId,
    isPublic: r.isPublic,
    caseId: r.caseId,
    sourceEventId: r.sourceEventId,
    recordedBy: r.recordedBy,
    recordedAt: r.recordedAt.toISOString(),
  };
}
