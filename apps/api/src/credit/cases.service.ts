import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  assertMaySetCasePolicy,
  AUDIT_ROLES,
  calendarBasisView,
  CASE_STATUS_LABELS,
  CasePolicy,
  casePolicySchema,
  CaseStatus,
  forbidden,
  hasRole,
  isCreditSubject,
  notFound,
  ReportCaseInput,
  workflowIds,
} from '@kjflow/domain';
import { CasePolicyRepository, MisconductCaseEntity, MisconductCaseRepository } from '@kjflow/persistence';
import { KjStage, TASK_QUEUE } from '@kjflow/temporal';
import {
  CaseActionArgs,
  caseCreatedUpdate,
  decideCaseUpdate,
  extendInvestigationUpdate,
  fileAppealUpdate,
  recordFindingUpdate,
  reviewCaseUpdate,
  saveCasePolicyUpdate,
} from '@kjflow/workflows';
import type { casePolicyWorkflow, caseWorkflow } from '@kjflow/workflows';
import { EventsService } from '../events/events.service';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { CreditService } from './credit.service';

const CASE = { zh: '案件', en: 'Case' };
type Action = 'decide' | 'extend' | 'finding' | 'appeal' | 'review';
const UPDATES = {
  decide: decideCaseUpdate,
  extend: extendInvestigationUpdate,
  finding: recordFindingUpdate,
  appeal: fileAppealUpdate,
  review: reviewCaseUpdate,
};

@Injectable()
export class CasesService {
  constructor(
    private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly events: EventsService,
    private readonly credit: CreditService,
  ) {}

  /** The misconduct-case timings in force: the latest version, else the national defaults. */
  async policy(): Promise<CasePolicy> {
    const row = await new CasePolicyRepository(this.ds).current();
    return casePolicySchema.parse(row?.policy ?? {});
  }

  /** An administrator sets the timings: a new version through the policy's workflow. */
  async setPolicy(policy: CasePolicy, actor: Actor): Promise<CasePolicy> {
    assertMaySetCasePolicy(actor);
    const start = new WithStartWorkflowOperation<typeof casePolicyWorkflow>('casePolicyWorkflow', {
      workflowId: workflowIds.casePolicy(),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [{}],
    });
    await this.temporal.workflow.executeUpdateWithStart(saveCasePolicyUpdate, {
      startWorkflowOperation: start,
      args: [{ actorId: actor.id, actorRoles: actor.roles, policy }],
    });
    return this.policy();
  }

  async report(report: ReportCaseInput, actor: Actor) {
    const id = randomUUID();
    // Timings are data: the policy in force at the report (national defaults while none is set).
    const policy = await this.policy();
    const start = new WithStartWorkflowOperation<typeof caseWorkflow>('caseWorkflow', {
      workflowId: workflowIds.misconductCase(id),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [{ id, report, policy, createdBy: actor.id }],
      typedSearchAttributes: [{ key: KjStage, value: 'case_reported' }],
    });
    await this.temporal.workflow.executeUpdateWithStart(caseCreatedUpdate, { startWorkflowOperation: start });
    return this.get(id, actor);
  }

  /** Officers act on a case; the subject (or their institution's admin) may only appeal. */
  async act(id: string, action: Action, input: unknown, actor: Actor) {
    const row = await this.row(id);
    // A case is invisible to anyone but staff, auditors and its subject.
    if (!hasRole(actor, ...AUDIT_ROLES) && !this.isSubject(row, actor)) throw notFound(CASE);
    const staff = hasRole(actor, 'officer', 'admin');
    if (action === 'appeal' ? !this.isSubject(row, actor) : !staff) throw forbidden();
    const args: CaseActionArgs = { actorId: actor.id, input };
    await this.temporal.workflow
      .getHandle(workflowIds.misconductCase(id))
      .executeUpdate(UPDATES[action], { args: [args] });
    return this.get(id, actor);
  }

  async get(id: string, actor: Actor) {
    const row = await this.row(id);
    if (!hasRole(actor, ...AUDIT_ROLES) && !this.isSubject(row, actor)) throw notFound(CASE);
    return {
      id: row.id,
      subject: { type: row.subjectType, id: row.subjectId },
      projectId: row.projectId,
      status: row.status as CaseStatus,
      statusLabel: CASE_STATUS_LABELS[row.status as CaseStatus],
      // The reporter's identity stays with the staff.
      report: hasRole(actor, ...AUDIT_ROLES) ? row.report : { facts: row.report.facts },
      finding: row.finding,
      review: row.review,
      investigationDeadline: row.investigationDeadline?.toISOString() ?? null,
      extended: row.extended,
      appealDeadline: row.appealDeadline?.toISOString() ?? null,
      // What the appeal window's working days were counted on (null when fixed by a drill).
      appealCalendar: row.appealCalendar ? calendarBasisView(row.appealCalendar) : null,
      creditRecordId: row.creditRecordId,
      creditRecord: row.creditRecordId ? await this.credit.get(row.creditRecordId) : null,
      history: await this.events.statusHistory('misconduct_case', id),
    };
  }

  private isSubject(row: MisconductCaseEntity, actor: Actor): boolean {
    return isCreditSubject(actor, { type: row.subjectType, id: row.subjectId });
  }

  private async row(id: string): Promise<MisconductCaseEntity> {
    const row = await new MisconductCaseRepository(this.ds).byId(id);
    if (!row) throw notFound(CASE);
    return row;
  }
}
