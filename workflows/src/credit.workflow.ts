import { proxyActivities, setHandler, uuid4 } from '@temporalio/workflow';
import { assertMayDecideRepair, assertMayRequestRepair } from '@kjflow/domain/credit/credit.rules';
import { DomainError } from '@kjflow/domain/kernel/errors.rules';
import { workflowIds } from '@kjflow/domain/kernel/ids.rules';
import { shanghaiDate } from '@kjflow/domain/kernel/time.rules';
import type { Activities } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import {
  CreditSubjectRef,
  CreditSubjectState,
  creditSubjectStateQuery,
  DecideCreditRepairArgs,
  decideCreditRepairUpdate,
  RecordCreditEntryArgs,
  recordCreditEntryUpdate,
  RequestCreditRepairArgs,
  requestCreditRepairUpdate,
} from './definitions';
import { check } from './lib/failures';
import { idleTracker } from './lib/idle';
import { handlerQueue } from './lib/serial';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

/** Idle this long (ms), the workflow ends; the next command reopens it (update-with-start, same id). */
export const CREDIT_SUBJECT_IDLE_MS = 10 * 60_000;

export interface CreditSubjectInput {
  subject: CreditSubjectRef;
  /** How long (ms) it stays open without a command (tests shorten it); CREDIT_SUBJECT_IDLE_MS by default. */
  idleMs?: number;
}

/**
 * One workflow per credit subject (`credit-subject-<type>-<id>`): it serialises the commands on
 * the subject's ledger, so a repair is checked against the records as they are (no request
 * racing a decision or a new record), and the repair rules (minimum publication period, never
 * during a serious breach's ban, four eyes) are decided here, on the workflow's clock. Ids of
 * new rows come from the workflow (`uuid4`, replayed identically), so each step is keyed by its
 * row and a reopened run never reuses an earlier run's step.
 */
export async function creditSubjectWorkflow(input: CreditSubjectInput): Promise<CreditSubjectState> {
  const { subject } = input;
  const workflowId = workflowIds.creditSubject(subject.type, subject.id);
  const state: CreditSubjectState = { subject, lastRecordId: null, lastRepairRequestId: null };
  const { guarded } = handlerQueue(state);
  const { counted, untilIdle } = idleTracker();
  setHandler(creditSubjectStateQuery, () => state);

  const validateRecord = (a: RecordCreditEntryArgs) =>
    check(() => {
      if (a.entry.subject.type !== subject.type || a.entry.subject.id !== subject.id) {
        throw new DomainError('validation_failed', {
          zh: '记录的主体与该信用档案不符',
          en: 'The record is about another subject than this ledger',
        });
      }
    });
  setHandler(
    recordCreditEntryUpdate,
    counted(
      guarded<RecordCreditEntryArgs>(async (a) => {
        validateRecord(a);
        const id = uuid4();
        await acts.recordCredit({
          ...a.entry,
          id,
          subject,
          caseId: null,
          sourceEvent: null,
          recordedBy: a.actorId,
          workflowId,
          step: `record:${id}`,
          at: Date.now(),
        });
        state.lastRecordId = id;
      }),
    ),
    { validator: validateRecord },
  );

  setHandler(
    requestCreditRepairUpdate,
    counted(
      guarded<RequestCreditRepairArgs>(async (a) => {
        const ledger = await acts.creditLedger({ subject });
        const record = ledger.records.find((r) => r.id === a.recordId);
        if (!record) throw recordNotFound();
        assertMayRequestRepair({
          record,
          records: ledger.records,
          pending: ledger.pendingRepairRecordIds.includes(record.id),
          at: new Date(Date.now()),
        });
        const id = uuid4();
        await acts.requestCreditRepair({
          id,
          recordId: record.id,
          reason: a.reason,
          evidenceRefs: a.evidenceRefs,
          requestedBy: a.actorId,
          workflowId,
          step: `repair-request:${id}`,
          at: Date.now(),
        });
        state.lastRepairRequestId = id;
      }),
    ),
  );

  setHandler(
    decideCreditRepairUpdate,
    counted(
      guarded<DecideCreditRepairArgs>(async (a) => {
        const request = await acts.creditRepairRequest({ id: a.requestId });
        const ledger = await acts.creditLedger({ subject });
        const record = request && ledger.records.find((r) => r.id === request.recordId);
        if (!request || !record) {
          throw new DomainError('not_found', { zh: '修复申请不存在', en: 'Repair request not found' });
        }
        const now = Date.now();
        assertMayDecideRepair({
          decision: a.decision,
          deciderId: a.actorId,
          request,
          record,
          records: ledger.records,
          at: new Date(now),
        });
        const repairId = a.decision === 'approve' ? uuid4() : null;
        await acts.decideCreditRepair({
          requestId: request.id,
          recordId: record.id,
          decision: a.decision,
          reason: a.reason,
          decidedBy: a.actorId,
          repair: repairId
            ? {
                id: repairId,
                subject,
                kind: 'repair',
                severity: 'neutral',
                stage: 'credit',
                projectId: record.projectId,
                facts: `信用修复：${request.reason}`,
                evidenceRefs: request.evidenceRefs,
                decisionNo: null,
                effectiveFrom: shanghaiDate(now),
                effectiveUntil: null,
                referencesRecordId: record.id,
                isPublic: record.isPublic,
                caseId: null,
                sourceEvent: null,
                recordedBy: a.actorId,
                workflowId,
                step: `repair:${request.id}`,
                at: now,
              }
            : null,
          workflowId,
          step: `repair-decision:${request.id}`,
          at: now,
        });
        state.lastRepairRequestId = request.id;
        if (repairId) state.lastRecordId = repairId;
      }),
    ),
  );

  // Open while commands come; idle for CREDIT_SUBJECT_IDLE_MS, it ends (the ledger is in PostgreSQL).
  await untilIdle(input.idleMs ?? CREDIT_SUBJECT_IDLE_MS);
  return state;
}

function recordNotFound() {
  return new DomainError('not_found', { zh: '信用记录不存在', en: 'Credit record not found' });
}
