import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { ApplicationWorkflowInput } from '@kjflow/workflows';
import {
  Actor,
  addDuration,
  APPLICATION_STATUS_LABELS,
  ProgramTemplate,
  applicationSimilarity,
  ApplicationStatus,
  assertDocumentsPresent,
  contentFor,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  DuplicateCandidate,
  formatShanghai,
  requiredDocuments,
  shanghaiDate,
  ApplicationView,
  assertBidNamesChallenge,
  assertCanEndorse,
  assertCanSubmit,
  assertMayPublishPassedList,
  assertPledgeForSubmission,
  assertSubmittedVersion,
  assertTopicOfCall,
  ChecklistItem,
  pledgePartyOf,
  assertMayApplyTo,
  assertEditable,
  assertWindowOpen,
  canEditApplication,
  creditPartiesOf,
  canEndorseApplication,
  canReadApplication,
  CreateApplicationInput,
  diffJson,
  DomainError,
  EndorsementDecisionInput,
  forbidden,
  FormalCheckDecisionInput,
  hasStage,
  nextStatus,
  notFound,
  Page,
  PageQuery,
  PatchApplicationInput,
  runFormalCheckRules,
  workflowIds,
} from '@kjflow/domain';
import {
  ApplicationRepository,
  ApplicationRow,
  AttachmentRepository,
  CallRepository,
  callSpecOf,
  FormalCheckRepository,
  mapPage,
  PledgeRepository,
} from '@kjflow/persistence';
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
import { EventsService } from '../events/events.service';
import { CreditService } from '../credit/credit.service';

type ApplicationHistory = Array<{ status: ApplicationStatus } & Record<string, unknown>>;

const APPLICATION = { zh: '申报书', en: 'Application' };
/** City default when a call has no template: one application per PI per call (RULES §3). */
const CITY_CONCURRENT_LIMIT = 1;
/** Projects started within this many years are compared for duplicates (RULES §3). */
const DUPLICATE_LOOKBACK_YEARS = 3;

interface PledgeSignature {
  signedBy: string;
  signedAt: string;
  signedAtLocal: string;
}

/**
 * Commands go to the application's workflow as updates (the workflow decides and writes through
 * activities); reads come from the PostgreSQL read model.
 */
@Injectable()
export class ApplicationsService {
  private readonly applications: ApplicationRepository;
  private readonly pledgeRows: PledgeRepository;
  private readonly attachments: AttachmentRepository;
  private readonly callRows: CallRepository;
  private readonly facts: FormalCheckRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly calls: CallsService,
    private readonly events: EventsService,
    private readonly credit: CreditService,
  ) {
    this.applications = new ApplicationRepository(ds);
    this.pledgeRows = new PledgeRepository(ds);
    this.attachments = new AttachmentRepository(ds);
    this.callRows = new CallRepository(ds);
    this.facts = new FormalCheckRepository(ds);
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
    const id = randomUUID();
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
      fixWindow: template?.template.durations.fixWindow,
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
    return this.get(id, actor);
  }

  async edit(id: string, patch: PatchApplicationInput, actor: Actor, expectedVersion?: number) {
    const row = await this.authorizeCommand(id, actor, canEditApplication);
    await sendCommand(
      this.handle(row.id),
      () => assertEditable(row.status),
      (h) => h.executeUpdate(editDraftUpdate, { args: [{ actorId: actor.id, patch, expectedVersion }] }),
    );
    return this.get(id, actor);
  }

  /**
   * Submission: the PI's integrity pledge (signed before, or with this request) and the required
   * documents are checked here, the rest by the workflow's validator on the server clock. The
   * pledge given with the request is written by the workflow's activity in the submission's own
   * transaction: never one without the other.
   */
  async submit(id: string, input: { integrityPledge?: boolean }, actor: Actor) {
    const row = await this.authorizeCommand(id, actor, canEditApplication);
    const call = await this.calls.entity(row.callId);
    const signed = (await this.pledges(id)).pi !== null;
    // Window and state first, so a late applicant hears of the deadline, not of a missing file.
    const window = {
      windowStart: call.windowStart,
      windowEnd: row.resubmitUntil ? new Date(row.resubmitUntil) : call.windowEnd,
    };
    assertCanSubmit(row.status, window, Date.now());
    assertPledgeForSubmission(signed, input.integrityPledge);
    assertDocumentsPresent((await this.documentRules(row)).required, await this.presentDocuments(id));
    // A running credit ban of the PI, the institution or a team member refuses (RULES §3).
    await this.credit.assertNotBarred({ ...creditPartiesOf(row), at: new Date() });
    await sendCommand(
      this.handle(row.id),
      () => assertCanSubmit(row.status, call, Date.now()),
      (h) => h.executeUpdate(submitUpdate, { args: [{ actorId: actor.id, integrityPledge: !signed }] }),
    );
    // The formal-check rules run at submission too, to warn the applicant early; after the
    // submission, so that running them never delays it past the deadline. The workflow keeps
    // the result in the audit trail.
    const checklist = await this.runRules(await this.row(id));
    await this.handle(row.id).executeUpdate(recordChecklistUpdate, {
      args: [{ stage: 'submission', items: checklist }],
    });
    return { ...(await this.get(id, actor)), checklist };
  }

  /** The applicant withdraws before the formal-check decision. */
  async withdraw(id: string, input: { reason?: string }, actor: Actor) {
    const row = await this.authorizeCommand(id, actor, canEditApplication);
    await sendCommand(
      this.handle(row.id),
      () => nextStatus(row.status, { kind: 'withdraw' }),
      (h) =>
        h.executeUpdate(withdrawApplicationUpdate, { args: [{ actorId: actor.id, reason: input.reason }] }),
    );
    return this.get(id, actor);
  }

  /** 科研诚信承诺: the PI signs for themself, the host institution's admin for the institution. */
  async signPledge(id: string, actor: Actor) {
    const row = await this.row(id);
    if (!canReadApplication(actor, row)) throw notFound(APPLICATION);
    const party = pledgePartyOf(actor, row);
    if (!party) throw forbidden();
    // Once per party: the workflow's activity keeps the first signature.
    await sendCommand(
      this.handle(row.id),
      () => undefined,
      (h) => h.executeUpdate(signPledgeUpdate, { args: [{ actorId: actor.id, party }] }),
    );
    return this.pledges(id);
  }

  async pledges(id: string): Promise<{ pi: PledgeSignature | null; institution: PledgeSignature | null }> {
    const rows = await this.pledgeRows.of(id);
    const of = (r: (typeof rows)['pi']) =>
      r
        ? {
            signedBy: r.signedBy,
            signedAt: r.signedAt.toISOString(),
            signedAtLocal: formatShanghai(r.signedAt),
          }
        : null;
    return { pi: of(rows.pi), institution: of(rows.institution) };
  }

  /** The template's documents (plus ethics approval when needed) and its size limit. */
  async documentRules(row: Pick<ApplicationRow, 'callId' | 'content'>) {
    const template = await this.templateOf(row.callId);
    const templateDocuments = template?.eligibility.requiredDocuments ?? [];
    return {
      templateDocuments,
      required: requiredDocuments(templateDocuments, row.content.ethicsReviewRequired === true),
      maxBytes: template?.eligibility.attachmentMaxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES,
    };
  }

  presentDocuments(id: string): Promise<string[]> {
    return this.attachments.presentDocuments(id);
  }

  /** The application if the actor may read it (else "not found", so ids cannot be probed). */
  async readableRow(id: string, actor: Actor): Promise<ApplicationRow> {
    const row = await this.row(id);
    if (!canReadApplication(actor, row)) throw notFound(APPLICATION);
    return row;
  }

  /** The application if the actor is its applicant. */
  editableRow(id: string, actor: Actor): Promise<ApplicationRow> {
    return this.authorizeCommand(id, actor, canEditApplication);
  }

  private async templateOf(callId: string) {
    return (await this.callRows.templateOf(await this.calls.entity(callId)))?.template ?? null;
  }

  /**
   * Runs the formal-check rules now (reads only: a GET writes nothing). The result the officer
   * decides on is kept with the decision, the one at submission with the submission.
   */
  async checklist(id: string) {
    const row = await this.row(id);
    const ranAt = new Date();
    return {
      stage: 'check' as const,
      ranAt: ranAt.toISOString(),
      items: await this.runRules(row, ranAt),
    };
  }

  /** The formal-check rules on what the database holds now. */
  private async runRules(row: ApplicationRow, at = new Date()): Promise<ChecklistItem[]> {
    const id = row.id;
    const call = await this.calls.entity(row.callId);
    const template = await this.templateOf(row.callId);
    const eligibility = template?.eligibility;
    const today = shanghaiDate(at);
    const content = row.content;
    const n = await this.facts.otherSubmittedInCall(row.callId, row.applicantId, id);
    const institution = await this.facts.institution(row.institutionId);
    const gate = await this.credit.gate({
      minCreditLevel: eligibility?.minCreditLevel ?? 'good',
      ...creditPartiesOf(row),
      at,
    });
    const projects = await this.facts.projectsOf(row.applicantId, row.institutionId);
    const overdue = projects.filter((p) => p.status === 'ongoing' && p.endsOn < today);
    const others = await this.facts.otherLiveApplications(row.applicantId, id);
    const recentSince = `${Number(today.slice(0, 4)) - DUPLICATE_LOOKBACK_YEARS}${today.slice(4)}`;
    const mine = { title: content.title, summary: content.summary };
    const duplicates: DuplicateCandidate[] = [
      ...others.map((o) => ({
        kind: 'application' as const,
        id: o.id,
        title: o.title,
        similarity: applicationSimilarity(mine, { title: o.title, summary: o.summary ?? '' }),
      })),
      ...projects
        .filter((p) => p.piId === row.applicantId && p.startsOn >= recentSince)
        .map((p) => ({
          kind: 'project' as const,
          id: p.id,
          title: p.title,
          similarity: applicationSimilarity(mine, p),
        })),
    ].sort((a, b) => b.similarity - a.similarity);
    const pledges = await this.pledges(id);
    return runFormalCheckRules({
      content,
      fullContent: true,
      budgetCapFen: Math.min(call.budgetCapFen, eligibility?.budgetCapFen ?? call.budgetCapFen),
      eligibility: gate,
      otherApplicationsOfPi: n,
      concurrentLimit: eligibility?.concurrentProjectLimit ?? CITY_CONCURRENT_LIMIT,
      ongoingProjectsOfPi: template
        ? projects
            .filter(
              (p) =>
                p.piId === row.applicantId &&
                p.status === 'ongoing' &&
                p.programCode === template.code &&
                p.endsOn >= today,
            )
            .map((p) => p.title)
        : [],
      overdueProjects: {
        pi: overdue.filter((p) => p.piId === row.applicantId).map((p) => p.title),
        institution: overdue.filter((p) => p.piId !== row.applicantId).map((p) => p.title),
      },
      // Calls without a template follow the city default: host institutions registered in Baise.
      region: eligibility?.region ?? 'city',
      institutionCounty: institution?.county ?? null,
      indirectRatePercent: await this.credit.indirectRatePercent(
        [
          { type: 'person', id: row.applicantId },
          ...(row.institutionId ? [{ type: 'institution' as const, id: row.institutionId }] : []),
        ],
        at,
      ),
      coFunding: eligibility?.coFunding ?? null,
      institutionKind: institution?.kind ?? null,
      requiredDocuments: (await this.documentRules(row)).required,
      presentDocuments: await this.presentDocuments(id),
      pledges: {
        pi: pledges.pi !== null,
        institution: pledges.institution !== null,
      },
      duplicates,
      minPiTitleLevel: eligibility?.minPiTitleLevel,
      challenge: call.mode === 'challenge',
    });
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
    // A batch over a call that does not exist is a 404, not a 200 listing every item as not found.
    await this.calls.entity(callId);
    for (const d of decisions) {
      try {
        const app = await this.row(d.applicationId);
        if (app.callId !== callId) throw notFound(APPLICATION);
        const view = await this.decideFormalCheck(d.applicationId, d, actor);
        results.push({ applicationId: d.applicationId, ok: true, status: view.status, error: null });
      } catch (err) {
        const e = err instanceof DomainError ? err : toDomainError(err);
        if (!e) throw err;
        results.push({ applicationId: d.applicationId, ok: false, status: null, error: e.toJSON() });
      }
    }
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
    return this.publicPassedList(callId);
  }

  /** Public once published: title and host institution of each application that passed. */
  async publicPassedList(callId: string) {
    const call = await this.calls.entity(callId);
    if (!call.passedListPublishedAt) throw notFound({ zh: '形式审查通过名单', en: 'Passed list' });
    const rows = await this.applications.passed(callId);
    return {
      callId,
      callTitle: call.title,
      publishedAt: call.passedListPublishedAt.toISOString(),
      applications: rows,
    };
  }

  /** The host institution's admin endorses an application to the bureau, or returns it with comments. */
  async endorse(id: string, input: EndorsementDecisionInput, actor: Actor) {
    const row = await this.authorizeCommand(id, actor, canEndorseApplication);
    const call = await this.calls.entity(row.callId);
    await sendCommand(
      this.handle(row.id),
      () => assertCanEndorse(row.status, input.decision, call, Date.now()),
      (h) => h.executeUpdate(endorsementUpdate, { args: [{ actorId: actor.id, ...input }] }),
    );
    // Endorsing is the institution's signature on the integrity pledge as well (the workflow
    // writes it with the endorsement).
    return this.get(id, actor);
  }

  /** As host: the institution's own applications; as issuer: the bids on its challenges. */
  async ofInstitution(
    actor: Actor,
    page: PageQuery,
    status?: ApplicationStatus,
    as: 'host' | 'issuer' = 'host',
  ): Promise<Page<ApplicationView>> {
    const inst = actor.institutionId ?? '00000000-0000-0000-0000-000000000000';
    const rows = await this.applications.page(
      as === 'issuer' ? { issuerInstitutionId: inst, status } : { institutionId: inst, status },
      page,
    );
    return mapPage(rows, (r) => toView(r, actor));
  }

  async decideFormalCheck(id: string, input: FormalCheckDecisionInput, actor: Actor) {
    const row = await this.row(id);
    // The credit rule is checked again at the formal check (RULES §3, §4): a running ban cannot pass.
    if (input.decision === 'pass') {
      nextStatus(row.status, { kind: 'formal_check', decision: input.decision });
      await this.credit.assertNotBarred(
        { ...creditPartiesOf(row), at: new Date() },
        { zh: '形式审查通过', en: 'Passing the formal check' },
      );
    }
    // The rules' result the officer decides on is kept with the decision (the GET only reads).
    const checklist = await this.runRules(row);
    await sendCommand(
      this.handle(row.id),
      () => nextStatus(row.status, { kind: 'formal_check', decision: input.decision }),
      (h) =>
        h.executeUpdate(formalCheckUpdate, {
          args: [{ actorId: actor.id, decision: input.decision, reason: input.reason, checklist }],
        }),
    );
    return this.get(id, actor);
  }

  async get(id: string, actor: Actor) {
    const row = await this.row(id);
    // Someone else's application is reported as missing, so ids cannot be probed.
    if (!canReadApplication(actor, row)) throw notFound(APPLICATION);
    return {
      ...toView(row, actor),
      history: (await this.events.statusHistory('application', id)) as ApplicationHistory,
      pledges: await this.pledges(id),
    };
  }

  /** Every submitted version, as submitted (readers of the application see them). */
  async versions(id: string, actor: Actor) {
    await this.get(id, actor);
    const rows = await this.applications.versions(id);
    const row = await this.row(id);
    return rows.map((r) => ({
      submission: r.submission,
      submittedAt: r.submittedAt.toISOString(),
      content: contentFor(r.content, row.applicantId === actor.id),
    }));
  }

  /** What changed between two submitted versions, field by field. */
  async diff(id: string, from: number, to: number, actor: Actor) {
    const all = await this.versions(id, actor);
    const pick = (n: number, path: string) => {
      const v = all.find((x) => x.submission === n);
      assertSubmittedVersion(v !== undefined, n, path);
      return v!;
    };
    const [a, b] = [pick(from, 'from'), pick(to, 'to')];
    return { from, to, changes: diffJson(a.content, b.content) };
  }

  async mine(actor: Actor, page: PageQuery): Promise<Page<ApplicationView>> {
    return mapPage(await this.applications.page({ applicantId: actor.id }, page), (r) => toView(r, actor));
  }

  async ofCall(callId: string, page: PageQuery, status?: ApplicationStatus): Promise<Page<ApplicationView>> {
    await this.calls.entity(callId);
    return mapPage(await this.applications.page({ callId, status }, page), (r) => toView(r, null));
  }

  private handle(id: string) {
    return this.temporal.workflow.getHandle(workflowIds.application(id));
  }

  private async authorizeCommand(
    id: string,
    actor: Actor,
    allowed: (actor: Actor, row: ApplicationRow) => boolean,
  ): Promise<ApplicationRow> {
    const row = await this.row(id);
    if (!canReadApplication(actor, row)) throw notFound(APPLICATION);
    if (!allowed(actor, row)) throw forbidden();
    return row;
  }

  private async row(id: string): Promise<ApplicationRow> {
    const row = await this.applications.find(id);
    if (!row) throw notFound(APPLICATION);
    return row;
  }
}

/** When the template's deadline applies to the PI's submission, the institution's own deadline. */
function endorsementDeadline(template: ProgramTemplate | undefined, windowEnd: Date): string | undefined {
  if (template?.deadlineStep !== 'institution_submission' || !template.durations.endorsementWindow)
    return undefined;
  return addDuration(windowEnd, template.durations.endorsementWindow).toISOString();
}

/** The identity number is shown to the PI only. */
function toView(r: ApplicationRow, viewer: Actor | null): ApplicationView {
  return {
    id: r.id,
    callId: r.callId,
    callTitle: r.callTitle,
    applicantId: r.applicantId,
    applicantName: r.applicantName,
    institutionId: r.institutionId,
    topicId: r.topicId,
    status: r.status,
    statusLabel: APPLICATION_STATUS_LABELS[r.status],
    content: contentFor(r.content, viewer?.id === r.applicantId),
    version: r.version,
    submittedAt: r.submittedAt ? new Date(r.submittedAt).toISOString() : null,
    resubmitUntil: r.resubmitUntil ? new Date(r.resubmitUntil).toISOString() : null,
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}
