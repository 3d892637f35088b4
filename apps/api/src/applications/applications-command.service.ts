import { Inject, Injectable } from '@nestjs/common';
import pLimit from 'p-limit';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { ApplicationWorkflowInput } from '@kjflow/workflows';
import {
  assertDispatchGiven,
  Actor,
  addDuration,
  ApplicationStatus,
  ApplicationView,
  assertBidNamesChallenge,
  assertCanEndorse,
  assertCallClosedFor,
  assertCanSubmit,
  assertDocumentsPresent,
  assertEditable,
  assertMayApplyTo,
  assertMayPublishPassedList,
  assertPledgeForSubmission,
  assertTopicOfCall,
  assertWindowOpen,
  canEditApplication,
  canEndorseApplication,
  canReadApplication,
  CreateApplicationInput,
  creditPartiesOf,
  DomainError,
  EligibilitySubject,
  EndorsementDecisionInput,
  forbidden,
  fixWindowOf,
  FormalCheckDecisionInput,
  hasStage,
  nextStatus,
  notFound,
  PatchApplicationInput,
  pledgePartyOf,
  ProgramTemplate,
  startsDuringWindow,
  workflowIds,
} from '@kjflow/domain';
import { ApplicationRow, CallEntity, CallRepository, callSpecOf } from '@kjflow/persistence';
import { KjCallId, KjMode, KjStage, TASK_QUEUE } from '@kjflow/temporal';
import {
  applicationCreatedUpdate,
  editDraftUpdate,
  endorsementUpdate,
  formalCheckUpdate,
  publishPassedListUpdate,
  recordChecklistUpdate,
  signPledgeUpdate,
  submitUpdate,
  withdrawApplicationUpdate,
} from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';
import { toDomainError } from '../common/error.filter';
import { CallsService } from '../calls/calls.service';
import { CreditService } from '../credit/credit.service';
import { APPLICATION, ApplicationsQueryService } from './applications-query.service';
import { commandId } from '../common/command-context';

/**
 * The application stage's commands: each checks access and the domain's rules on the read
 * model, then goes to the application's (or the call's) workflow as an update; the workflow
 * decides again on its own state and writes through its activities. The answer is read after
 * the update has returned, when its effect is recorded.
 */
@Injectable()
export class ApplicationsCommandService {
  private readonly callRows: CallRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly calls: CallsService,
    private readonly credit: CreditService,
    private readonly query: ApplicationsQueryService,
  ) {
    this.callRows = new CallRepository(ds);
  }

  async create(input: CreateApplicationInput, actor: Actor): Promise<ApplicationView> {
    const call = await this.calls.entity(input.callId);
    assertMayApplyTo(call, actor.institutionId);
    // A draft may be started before the window opens, never after it closes.
    if (call.windowEnd.getTime() <= Date.now()) assertWindowOpen(call, Date.now());
    assertBidNamesChallenge(call.mode, input.topicId);
    // A bid on a challenge call must answer one of the guide's challenges (not a plain topic).
    if (input.topicId && input.topicId !== call.topicId)
      assertTopicOfCall(
        call.guideId !== null &&
          (await this.callRows.isTopicOfGuide(call.guideId, input.topicId, call.mode === 'challenge')),
      );
    const template = await this.callRows.templateOf(call);
    const id = commandId();
    const { callId, topicId, ...content } = input;
    const args: ApplicationWorkflowInput = {
      applicationId: id,
      call: {
        id: callId,
        mode: call.mode,
        windowStart: call.windowStart.toISOString(),
        windowEnd: call.windowEnd.toISOString(),
        budgetCapFen: call.budgetCapFen,
      },
      applicantId: actor.id,
      institutionId: actor.institutionId,
      // A directed call's plan answers the commissioned topic.
      topicId: topicId ?? call.topicId ?? undefined,
      endorsement: template ? hasStage(template.template, 'endorsement') : false,
      // Every call has one: the formal check, and so a return, comes only after the close.
      fixWindow: fixWindowOf(template?.template),
      fullContent: true,
      endorsementDeadline: endorsementDeadline(template?.template, call.windowEnd),
      content,
    };
    // Started by type name: the API never loads workflow code.
    const start = new WithStartWorkflowOperation('applicationWorkflow', {
      workflowId: workflowIds.application(id),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [args],
      typedSearchAttributes: [
        { key: KjCallId, value: callId },
        { key: KjMode, value: call.mode },
        { key: KjStage, value: 'draft' },
      ],
    });
    await this.temporal.workflow.executeUpdateWithStart(applicationCreatedUpdate, {
      startWorkflowOperation: start,
    });
    return this.query.get(id, actor);
  }

  async edit(id: string, patch: PatchApplicationInput, actor: Actor, expectedVersion?: number) {
    const row = await this.query.authorized(id, actor, canEditApplication);
    await sendCommand(
      this.handle(row.id),
      () => assertEditable(row.status),
      (h) => h.executeUpdate(editDraftUpdate, { args: [{ actorId: actor.id, patch, expectedVersion }] }),
    );
    return this.query.get(id, actor);
  }

  /**
   * Submission: the PI's integrity pledge (signed before, or with this request) and the required
   * documents are checked here, the rest by the workflow's validator on the server clock. The
   * pledge given with the request is written by the workflow's activity in the submission's own
   * transaction: never one without the other.
   */
  async submit(id: string, input: { integrityPledge?: boolean }, actor: Actor) {
    const row = await this.query.authorized(id, actor, canEditApplication);
    const call = await this.calls.entity(row.callId);
    const signed = (await this.query.pledges(id)).pi !== null;
    // Window and state first, so a late applicant hears of the deadline, not of a missing file.
    const window = {
      windowStart: call.windowStart,
      windowEnd: row.resubmitUntil ? new Date(row.resubmitUntil) : call.windowEnd,
    };
    assertCanSubmit(row.status, window, Date.now());
    assertPledgeForSubmission(signed, input.integrityPledge);
    const rules = await this.query.documentRules(row);
    // 科技特派员: a dispatch program's application names where the commissioner serves.
    assertDispatchGiven(rules.projectKind, row.content.dispatch);
    assertDocumentsPresent(rules.required, await this.query.presentDocuments(id));
    // A running credit ban of the PI, the institution or a team member refuses (RULES §3).
    const at = new Date();
    const rated = await this.credit.assertNotBarred({ ...creditPartiesOf(row), at });
    const submitted = await sendCommand(
      this.handle(row.id),
      () => assertCanSubmit(row.status, call, Date.now()),
      (h) => h.executeUpdate(submitUpdate, { args: [{ actorId: actor.id, integrityPledge: !signed }] }),
    );
    // The formal-check rules run at submission too, to warn the applicant early; after the
    // submission, so that running them never delays it past the deadline. The workflow keeps
    // the result in the audit trail. They run on the content as submitted: the row read above,
    // unless a save got in between (each takes a version), then the row as it is now.
    const asSubmitted = submitted.version === row.version + 1 ? row : await this.query.row(id);
    const checklist = await this.query.rulesNow(asSubmitted, at, { rated, call });
    await this.handle(row.id).executeUpdate(recordChecklistUpdate, {
      args: [{ stage: 'submission', items: checklist }],
    });
    return { ...(await this.query.get(id, actor)), checklist };
  }

  /** The applicant withdraws before the formal-check decision. */
  async withdraw(id: string, input: { reason?: string }, actor: Actor) {
    const row = await this.query.authorized(id, actor, canEditApplication);
    await sendCommand(
      this.handle(row.id),
      () => nextStatus(row.status, { kind: 'withdraw' }),
      (h) =>
        h.executeUpdate(withdrawApplicationUpdate, { args: [{ actorId: actor.id, reason: input.reason }] }),
    );
    return this.query.get(id, actor);
  }

  /** 科研诚信承诺: the PI signs for themself, the host institution's admin for the institution. */
  async signPledge(id: string, actor: Actor) {
    const row = await this.query.row(id);
    if (!canReadApplication(actor, row)) throw notFound(APPLICATION);
    const party = pledgePartyOf(actor, row);
    if (!party) throw forbidden();
    // Once per party: the workflow's activity keeps the first signature.
    await sendCommand(
      this.handle(row.id),
      () => undefined,
      (h) => h.executeUpdate(signPledgeUpdate, { args: [{ actorId: actor.id, party }] }),
    );
    return this.query.pledges(id);
  }

  /** Many decisions in one request, each answered on its own (one refusal does not stop the rest). */
  async decideBatch(
    callId: string,
    decisions: Array<FormalCheckDecisionInput & { applicationId: string }>,
    actor: Actor,
  ) {
    const results: Array<{
      applicationId: string;
      ok: boolean;
      status: ApplicationStatus | null;
      error: unknown;
    }> = [];
    // A batch over a call that does not exist is a 404, not a 200 listing every item as not found;
    // one over a call still open is refused as a whole (nothing of it may be decided yet).
    const call = await this.calls.entity(callId);
    await this.assertFormalCheckStarted(call);
    // Each decision goes to its own application's workflow, so a few run at once: one after the
    // other, a batch of 500 took minutes while the API and the worker mostly waited (issue 17,
    // bench:round). The answers keep the batch's order.
    const limit = pLimit(BATCH_CONCURRENCY);
    await Promise.all(
      decisions.map((d, i) =>
        limit(async () => {
          try {
            const app = await this.query.row(d.applicationId);
            if (app.callId !== callId) throw notFound(APPLICATION);
            // The batch answers each decision's status, which the update returns: no view read.
            const { status } = await this.decide(app, d, actor, call);
            results[i] = { applicationId: d.applicationId, ok: true, status, error: null };
          } catch (err) {
            const e = err instanceof DomainError ? err : toDomainError(err);
            if (!e) throw err;
            results[i] = { applicationId: d.applicationId, ok: false, status: null, error: e.toJSON() };
          }
        }),
      ),
    );
    return { results };
  }

  /**
   * Published by the call's workflow (once). After the window has closed that workflow has
   * ended: update-with-start reopens it under its id (see call.workflow.ts).
   */
  async publishPassedList(callId: string, actor: Actor) {
    const call = await this.calls.entity(callId);
    assertMayPublishPassedList(call.status);
    const start = new WithStartWorkflowOperation('callWorkflow', {
      workflowId: workflowIds.call(callId),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [callSpecOf(call)],
      typedSearchAttributes: [
        { key: KjCallId, value: callId },
        { key: KjMode, value: call.mode },
        { key: KjStage, value: call.status },
      ],
    });
    await this.temporal.workflow.executeUpdateWithStart(publishPassedListUpdate, {
      args: [{ actorId: actor.id }],
      startWorkflowOperation: start,
    });
    return this.query.publicPassedList(callId);
  }

  /** The host institution's admin endorses an application to the bureau, or returns it with comments. */
  async endorse(id: string, input: EndorsementDecisionInput, actor: Actor) {
    const row = await this.query.authorized(id, actor, canEndorseApplication);
    const call = await this.calls.entity(row.callId);
    await sendCommand(
      this.handle(row.id),
      () => assertCanEndorse(row.status, input.decision, call, Date.now()),
      (h) => h.executeUpdate(endorsementUpdate, { args: [{ actorId: actor.id, ...input }] }),
    );
    // Endorsing is the institution's signature on the integrity pledge as well (the workflow
    // writes it with the endorsement).
    return this.query.get(id, actor);
  }

  /**
   * The application's state decides first (a draft is told it is a draft), then the call's
   * timing: the formal check starts only once the call has closed.
   */
  async decideFormalCheck(id: string, input: FormalCheckDecisionInput, actor: Actor) {
    const row = await this.query.row(id);
    nextStatus(row.status, { kind: 'formal_check', decision: input.decision });
    const call = await this.calls.entity(row.callId);
    await this.assertFormalCheckStarted(call);
    await this.decide(row, input, actor, call);
    return this.query.get(id, actor);
  }

  /**
   * The formal check starts only after the call closes (RULES §14), unless the call's program
   * template lets it run during the window; the server's clock decides, before anything is sent.
   */
  private async assertFormalCheckStarted(call: CallEntity) {
    const template = (await this.callRows.templateOf(call))?.template;
    assertCallClosedFor('formal_check', call, Date.now(), startsDuringWindow(template, 'formal_check'));
  }

  /** One decision on the application's call; the caller has checked its timing (once per batch). */
  private async decide(row: ApplicationRow, input: FormalCheckDecisionInput, actor: Actor, call: CallEntity) {
    const at = new Date();
    // The credit rule is checked again at the formal check (RULES §3, §4): a running ban cannot
    // pass. The team is rated once, for this and for the rules below.
    let rated: EligibilitySubject[] | undefined;
    if (input.decision === 'pass') {
      nextStatus(row.status, { kind: 'formal_check', decision: input.decision });
      rated = await this.credit.assertNotBarred(
        { ...creditPartiesOf(row), at },
        { zh: '形式审查通过', en: 'Passing the formal check' },
      );
    }
    // The rules' result the officer decides on is kept with the decision (the GET only reads).
    const checklist = await this.query.rulesNow(row, at, { rated, call });
    return sendCommand(
      this.handle(row.id),
      () => nextStatus(row.status, { kind: 'formal_check', decision: input.decision }),
      (h) =>
        h.executeUpdate(formalCheckUpdate, {
          args: [{ actorId: actor.id, decision: input.decision, reason: input.reason, checklist }],
        }),
    );
  }

  private handle(id: string) {
    return this.temporal.workflow.getHandle(workflowIds.application(id));
  }
}

/** Decisions of one batch in flight at once: few enough to leave the API's database pool to other requests. */
const BATCH_CONCURRENCY = 4;

/** When the template's deadline applies to the PI's submission, the institution's own deadline. */
function endorsementDeadline(template: ProgramTemplate | undefined, windowEnd: Date): string | undefined {
  if (template?.deadlineStep !== 'institution_submission' || !template.durations.endorsementWindow)
    return undefined;
  return addDuration(windowEnd, template.durations.endorsementWindow).toISOString();
}
