import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CalendarBasis, FindingInput, ReportCaseInput, ReviewInput } from '@kjflow/domain';

/** A research-credit record (科研信用记录). Append-only: enforced by database triggers. */
@Entity({ name: 'credit_records' })
export class CreditRecordEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'subject_type' })
  subjectType!: string;

  @Column('uuid', { name: 'subject_id' })
  subjectId!: string;

  @Column('text')
  kind!: string;

  @Column('text')
  severity!: string;

  @Column('text')
  stage!: string;

  @Column('uuid', { name: 'project_id', nullable: true })
  projectId!: string | null;

  @Column('text')
  facts!: string;

  @Column('text', { name: 'evidence_refs', array: true })
  evidenceRefs!: string[];

  @Column('text', { name: 'decision_no', nullable: true })
  decisionNo!: string | null;

  /** Civil dates (Asia/Shanghai) as YYYY-MM-DD strings. */
  @Column('date', { name: 'effective_from' })
  effectiveFrom!: string;

  @Column('date', { name: 'effective_until', nullable: true })
  effectiveUntil!: string | null;

  @Column('uuid', { name: 'references_record_id', nullable: true })
  referencesRecordId!: string | null;

  @Column('boolean', { name: 'is_public' })
  isPublic!: boolean;

  @Column('uuid', { name: 'case_id', nullable: true })
  caseId!: string | null;

  @Column('uuid', { name: 'source_event_id', nullable: true })
  sourceEventId!: string | null;

  @Column('uuid', { name: 'recorded_by', nullable: true })
  recordedBy!: string | null;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;

  @Column('text', { name: 'workflow_id' })
  workflowId!: string;

  @Column('text')
  step!: string;
}

/** Read model of a misconduct case; its workflow (`misconduct-case-<id>`) owns the status. */
@Entity({ name: 'misconduct_cases' })
export class MisconductCaseEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'subject_type' })
  subjectType!: string;

  @Column('uuid', { name: 'subject_id' })
  subjectId!: string;

  @Column('uuid', { name: 'project_id', nullable: true })
  projectId!: string | null;

  @Column('text')
  status!: string;

  @Column('jsonb')
  report!: ReportCaseInput;

  @Column('jsonb', { nullable: true })
  finding!: FindingInput | null;

  @Column('jsonb', { nullable: true })
  review!: ReviewInput | null;

  @Column('timestamptz', { name: 'investigation_deadline', nullable: true })
  investigationDeadline!: Date | null;

  @Column('boolean')
  extended!: boolean;

  @Column('timestamptz', { name: 'appeal_deadline', nullable: true })
  appealDeadline!: Date | null;

  /** What the appeal window was counted on (official or provisional calendar). */
  @Column('jsonb', { name: 'appeal_calendar', nullable: true })
  appealCalendar!: CalendarBasis | null;

  @Column('uuid', { name: 'credit_record_id', nullable: true })
  creditRecordId!: string | null;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}

/** A 信用修复 request; an approval writes a `repair` credit record referencing the original. */
@Entity({ name: 'credit_repair_requests' })
export class CreditRepairRequestEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'record_id' })
  recordId!: string;

  @Column('text')
  reason!: string;

  @Column('text', { name: 'evidence_refs', array: true })
  evidenceRefs!: string[];

  @Column('text')
  status!: 'pending' | 'approved' | 'rejected';

  @Column('text', { name: 'decision_reason', nullable: true })
  decisionReason!: string | null;

  @Column('uuid', { name: 'repair_record_id', nullable: true })
  repairRecordId!: string | null;

  @Column('uuid', { name: 'requested_by' })
  requestedBy!: string;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;
}
