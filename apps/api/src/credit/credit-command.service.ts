import { Inject, Injectable } from '@nestjs/common';
import { Client, UpdateDefinition, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  assertOfficerMayRecord,
  assertReferencedRecord,
  CreditRecordInput,
  isCreditSubject,
  notFound,
  RepairDecisionInput,
  RepairRequestInput,
  workflowIds,
} from '@kjflow/domain';
import { CreditRepository, creditRecordFromEntity } from '@kjflow/persistence';
import { TASK_QUEUE } from '@kjflow/temporal';
import {
  CreditSubjectRef,
  CreditSubjectState,
  decideCreditRepairUpdate,
  recordCreditEntryUpdate,
  requestCreditRepairUpdate,
} from '@kjflow/workflows';
import type { creditSubjectWorkflow } from '@kjflow/workflows';
import { DataSource } from 'typeorm';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { CreditService } from './credit.service';

const RECORD = { zh: '信用记录', en: 'Credit record' };
const REQUEST = { zh: '修复申请', en: 'Repair request' };

/**
 * Writes to the credit ledger: commands to the subject's workflow (`credit-subject-<type>-<id>`),
 * which checks the rules, writes through its activities and answers once the row is written.
 */
@Injectable()
export class CreditCommandService {
  constructor(
    private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly query: CreditService,
  ) {}

  /** An officer's record (corrections and repairs reference an earlier record of the subject). */
  async record(input: CreditRecordInput, actor: Actor) {
    assertOfficerMayRecord(input.kind);
    if (input.referencesRecordId) {
      const ref = await this.ledger().record(input.referencesRecordId);
      assertReferencedRecord(ref && creditRecordFromEntity(ref), input.subject);
    }
    const state = await this.send(input.subject, recordCreditEntryUpdate, {
      actorId: actor.id,
      entry: input,
    });
    return this.query.get(state.lastRecordId!);
  }

  /** The subject (or their institution's admin) asks to repair a negative record. */
  async requestRepair(input: RepairRequestInput, actor: Actor) {
    const record = await this.ledger().record(input.recordId);
    const subject = record && { type: record.subjectType, id: record.subjectId };
    if (!subject || !isCreditSubject(actor, subject)) throw notFound(RECORD);
    const state = await this.send(subject, requestCreditRepairUpdate, {
      actorId: actor.id,
      recordId: input.recordId,
      reason: input.reason,
      evidenceRefs: input.evidenceRefs,
    });
    return this.query.repairRequest(state.lastRepairRequestId!);
  }

  /** An officer decides; an approval writes the `repair` record with the decision. */
  async decideRepair(id: string, input: RepairDecisionInput, actor: Actor) {
    const request = await this.ledger().repairRequest(id);
    const record = request && (await this.ledger().record(request.recordId));
    if (!record) throw notFound(REQUEST);
    await this.send({ type: record.subjectType, id: record.subjectId }, decideCreditRepairUpdate, {
      actorId: actor.id,
      requestId: id,
      decision: input.decision,
      reason: input.reason ?? null,
    });
    return this.query.repairRequest(id);
  }

  private ledger() {
    return new CreditRepository(this.ds);
  }

  /** Update-with-start: the subject's workflow may have ended when idle; the same id reopens it. */
  private send<A>(
    subject: CreditSubjectRef,
    update: UpdateDefinition<CreditSubjectState, [A]>,
    args: A,
  ): Promise<CreditSubjectState> {
    const start = new WithStartWorkflowOperation<typeof creditSubjectWorkflow>('creditSubjectWorkflow', {
      workflowId: workflowIds.creditSubject(subject.type, subject.id),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [{ subject }],
    });
    return this.temporal.workflow.executeUpdateWithStart(update, {
      startWorkflowOperation: start,
      args: [args],
    });
  }
}
