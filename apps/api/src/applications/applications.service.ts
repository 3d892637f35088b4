import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  addDuration,
  APPLICATION_STATUS_LABELS,
  ProgramTemplate,
  ApplicationContent,
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
  assertCanEndorse,
  assertCanSubmit,
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
  PatchApplicationInput,
  runFormalCheckRules,
  workflowIds,
} from '@kjflow/domain';
import {
  appendWithChange,
  ApplicationEntity,
  CallEntity,
  InstitutionEntity,
  ProgramTemplateEntity,
  UserEntity,
} from '@kjflow/persistence';
import { KjCallId, KjMode, KjStage, TASK_QUEUE } from '@kjflow/temporal';
import {
  applicationCreatedUpdate,
  applicationWorkflow,
  editDraftUpdate,
  endorsementUpdate,
  formalCheckUpdate,
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

interface ApplicationRow extends ApplicationEntity {
  callTitle: string;
  applicantName: string;
}

/**
 * Commands go to the application's workflow as updates (the workflow decides and writes through
 * activities); reads come from the PostgreSQL read model.
 */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly calls: CallsService,
    private readonly events: EventsService,
    private readonly credit: CreditService,
  ) {}

  async create(input: CreateApplicationInput, actor: Actor): Promise<ApplicationView> {
    const call = await this.calls.entity(input.callId);
    assertMayApplyTo(call, actor.institutionId);
    // A draft may be started before the window opens, never after it closes.
    if (call.windowEnd.getTime() <= Date.now()) assertWindowOpen(call, Date.now());
    if (call.mode === 'challenge' && !input.topicId) {
      const message = {
        zh: '揭榜须指定所揭的榜单',
        en: 'A challenge bid must name the challenge it answers',
      };
      throw new DomainError('validation_failed', message, [{ path: 'topicId', message }]);
    }
    if (input.topicId && input.topicId !== call.topicId)
      await this.assertTopicOfCall(input.topicId, call.guideId, call.mode === 'challenge');
    const template = call.templateId
      ? await this.ds.getRepository(ProgramTemplateEntity).findOneBy({ id: call.templateId })
      : null;
    const id = randomUUID();
    const { callId, topicId, ...content } = input;
    const start = new WithStartWorkflowOperation(applicationWorkflow, {
      workflowId: workflowIds.application(id),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [
        {
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
        },
      ],
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
   * pledge given with the request is recorded only once the submission is accepted.
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
    if (!signed && !input.integrityPledge) {
      const message = {
        zh: '提交前须由项目负责人签署科研诚信承诺（integrityPledge: true）',
        en: 'The PI must sign the research-integrity pledge before submitting (integrityPledge: true)',
      };
      throw new DomainError('validation_failed', message, [{ path: 'integrityPledge', message }]);
    }
    assertDocumentsPresent((await this.documentRules(row)).required, await this.presentDocuments(id));
    // A running credit ban of the PI, the institution or a team member refuses (RULES §3).
    await this.credit.assertNotBarred({ ...creditPartiesOf(row), at: new Date() });
    await sendCommand(
      this.handle(row.id),
      () => assertCanSubmit(row.status, call, Date.now()),
      (h) => h.executeUpdate(submitUpdate, { args: [{ actorId: actor.id }] }),
    );
    if (!signed) await this.recordPledge(id, 'pi', actor);
    // The formal-check rules run at submission too, to warn the applicant early.
    return { ...(await this.get(id, actor)), checklist: (await this.checklist(id, 'submission')).items };
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
    const party = canEditApplication(actor, row)
      ? 'pi'
      : canEndorseApplication(actor, row)
        ? 'institution'
        : null;
    if (!party) throw forbidden();
    await this.recordPledge(id, party, actor);
    return this.pledges(id);
  }

  async pledges(id: string): Promise<{ pi: PledgeSignature | null; institution: PledgeSignature | null }> {
    const rows: Array<{ party: 'pi' | 'institution'; signed_by: string; signed_at: Date }> =
      await this.ds.query(
        `SELECT party, signed_by, signed_at FROM application_pledges WHERE application_id = $1`,
        [id],
      );
    const of = (party: string) => {
      const r = rows.find((x) => x.party === party);
      return r
        ? {
            signedBy: r.signed_by,
            signedAt: r.signed_at.toISOString(),
            signedAtLocal: formatShanghai(r.signed_at),
          }
        : null;
    };
    return { pi: of('pi'), institution: of('institution') };
  }

  /** Once per party; signing again changes nothing. */
  private async recordPledge(id: string, party: 'pi' | 'institution', actor: Actor) {
    const at = new Date();
    await appendWithChange(
      this.ds,
      {
        type: 'application.pledge_signed',
        subjectType: 'application',
        subjectId: id,
        actorId: actor.id,
        payload: { party },
        workflowId: `pledge-${id}`,
        step: party,
        occurredAt: at,
      },
      (tx) =>
        tx.query(
          `INSERT INTO application_pledges (application_id, party, signed_by, signed_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [id, party, actor.id, at],
        ),
    );
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

  async presentDocuments(id: string): Promise<string[]> {
    const rows: Array<{ code: string }> = await this.ds.query(
      `SELECT DISTINCT document_code AS code FROM attachments WHERE application_id = $1 AND removed_at IS NULL`,
      [id],
    );
    return rows.map((r) => r.code);
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
    const call = await this.calls.entity(callId);
    return call.templateId
      ? ((await this.ds.getRepository(ProgramTemplateEntity).findOneBy({ id: call.templateId }))?.template ??
          null)
      : null;
  }

  /** Runs the formal-check rules now and keeps the result (with its reasons) in the audit trail. */
  async checklist(id: string, stage: 'submission' | 'check') {
    const row = await this.row(id);
    const call = await this.calls.entity(row.callId);
    const template = await this.templateOf(row.callId);
    const eligibility = template?.eligibility;
    const at = new Date();
    const today = shanghaiDate(at);
    const content = row.content;
    const [{ n }] = await this.ds.query(
      `SELECT count(*)::int AS n FROM applications
        WHERE call_id = $1 AND applicant_id = $2 AND id <> $3 AND status IN ('submitted', 'formal_check_passed')`,
      [row.callId, row.applicantId, id],
    );
    const institution = row.institutionId
      ? await this.ds.getRepository(InstitutionEntity).findOneBy({ id: row.institutionId })
      : null;
    const gate = await this.credit.gate({
      minCreditLevel: eligibility?.minCreditLevel ?? 'good',
      ...creditPartiesOf(row),
      at,
    });
    const projects: Array<{
      title: string;
      summary: string;
      id: string;
      program_code: string;
      status: string;
      ends_on: string;
      pi_id: string;
      starts_on: string;
    }> = await this.ds.query(
      `SELECT id, title, summary, program_code, status, to_char(ends_on, 'YYYY-MM-DD') AS ends_on,
              to_char(starts_on, 'YYYY-MM-DD') AS starts_on, pi_id
         FROM projects WHERE pi_id = $1 OR institution_id = $2`,
      [row.applicantId, row.institutionId],
    );
    const overdue = projects.filter((p) => p.status === 'ongoing' && p.ends_on < today);
    const others: Array<{ id: string; title: string; summary: string | null }> = await this.ds.query(
      `SELECT id, content->>'title' AS title, content->>'summary' AS summary FROM applications
        WHERE applicant_id = $1 AND id <> $2 AND status NOT IN ('lapsed', 'rejected')`,
      [row.applicantId, id],
    );
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
        .filter((p) => p.pi_id === row.applicantId && p.starts_on >= recentSince)
        .map((p) => ({
          kind: 'project' as const,
          id: p.id,
          title: p.title,
          similarity: applicationSimilarity(mine, p),
        })),
    ].sort((a, b) => b.similarity - a.similarity);
    const pledges = await this.pledges(id);
    const items = runFormalCheckRules({
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
                p.pi_id === row.applicantId &&
                p.status === 'ongoing' &&
                p.program_code === template.code &&
                p.ends_on >= today,
            )
            .map((p) => p.title)
        : [],
      overdueProjects: {
        pi: overdue.filter((p) => p.pi_id === row.applicantId).map((p) => p.title),
        institution: overdue.filter((p) => p.pi_id !== row.applicantId).map((p) => p.title),
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
      pledges: { pi: pledges.pi !== null, institution: pledges.institution !== null },
      duplicates,
      minPiTitleLevel: eligibility?.minPiTitleLevel,
      challenge: call.mode === 'challenge',
    });
    await appendWithChange(
      this.ds,
      {
        type: 'application.formal_check_run',
        subjectType: 'application',
        subjectId: id,
        actorId: null,
        payload: { stage, items },
        workflowId: `formal-check-${id}`,
        step: `${stage}:${randomUUID()}`,
        occurredAt: at,
      },
      async () => undefined,
    );
    return { stage, ranAt: at.toISOString(), items };
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

  async publishPassedList(callId: string, actor: Actor) {
    const call = await this.calls.entity(callId);
    if (!call.passedListPublishedAt) {
      await appendWithChange(
        this.ds,
        {
          type: 'call.passed_list_published',
          subjectType: 'call',
          subjectId: callId,
          actorId: actor.id,
          payload: {},
          workflowId: `passed-list-${callId}`,
          step: 'published',
          occurredAt: new Date(),
        },
        (tx) => tx.update(CallEntity, { id: callId }, { passedListPublishedAt: new Date() }),
      );
    }
    return this.publicPassedList(callId);
  }

  /** Public once published: title and host institution of each application that passed. */
  async publicPassedList(callId: string) {
    const call = await this.calls.entity(callId);
    if (!call.passedListPublishedAt) throw notFound({ zh: '形式审查通过名单', en: 'Passed list' });
    const rows: Array<{ id: string; title: string; institution: string | null }> = await this.ds.query(
      `SELECT a.id, a.content->>'title' AS title, i.name AS institution
         FROM applications a LEFT JOIN institutions i ON i.id = a.institution_id
        WHERE a.call_id = $1 AND a.status = 'formal_check_passed' ORDER BY a.submitted_at, a.id`,
      [callId],
    );
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
    // Endorsing is the institution's signature on the integrity pledge as well.
    if (input.decision === 'endorse') await this.recordPledge(id, 'institution', actor);
    return this.get(id, actor);
  }

  /** As host: the institution's own applications; as issuer: the bids on its challenges. */
  async ofInstitution(
    actor: Actor,
    status?: ApplicationStatus,
    as: 'host' | 'issuer' = 'host',
  ): Promise<ApplicationView[]> {
    const column = as === 'issuer' ? 't.issuer_institution_id' : 'a.institution_id';
    const q = this.query().where(`${column} = :inst`, { inst: actor.institutionId });
    if (status) q.andWhere('a.status = :status', { status });
    return (await q.getRawMany()).map((r) => toView(r, actor));
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
    await sendCommand(
      this.handle(row.id),
      () => nextStatus(row.status, { kind: 'formal_check', decision: input.decision }),
      (h) =>
        h.executeUpdate(formalCheckUpdate, {
          args: [{ actorId: actor.id, decision: input.decision, reason: input.reason }],
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
    const rows: Array<{ submission: number; content: object; submitted_at: Date }> = await this.ds.query(
      'SELECT submission, content, submitted_at FROM application_versions WHERE application_id = $1 ORDER BY submission',
      [id],
    );
    const row = await this.row(id);
    return rows.map((r) => ({
      submission: r.submission,
      submittedAt: r.submitted_at.toISOString(),
      content: contentFor(r.content as ApplicationContent, row.applicantId === actor.id),
    }));
  }

  /** What changed between two submitted versions, field by field. */
  async diff(id: string, from: number, to: number, actor: Actor) {
    const all = await this.versions(id, actor);
    const pick = (n: number, path: string) => {
      const v = all.find((x) => x.submission === n);
      if (!v) {
        const message = { zh: `第 ${n} 次提交的版本不存在`, en: `There is no submitted version ${n}` };
        throw new DomainError('validation_failed', message, [{ path, message }]);
      }
      return v;
    };
    const [a, b] = [pick(from, 'from'), pick(to, 'to')];
    return { from, to, changes: diffJson(a.content, b.content) };
  }

  async mine(actor: Actor): Promise<ApplicationView[]> {
    return (await this.query().where('a.applicant_id = :id', { id: actor.id }).getRawMany()).map((r) =>
      toView(r, actor),
    );
  }

  async ofCall(callId: string, status?: ApplicationStatus): Promise<ApplicationView[]> {
    await this.calls.entity(callId);
    const q = this.query().where('a.call_id = :callId', { callId });
    if (status) q.andWhere('a.status = :status', { status });
    return (await q.getRawMany()).map((r) => toView(r, null));
  }

  /** An application names a topic of its call's guide, or none. */
  private async assertTopicOfCall(
    topicId: string,
    guideId: string | null,
    challengeOnly = false,
  ): Promise<void> {
    // A bid on a challenge call must answer one of the guide's challenges (not a plain topic).
    const rows = guideId
      ? await this.ds.query(
          `SELECT 1 FROM guide_topics gt JOIN topics t ON t.id = gt.topic_id
            WHERE gt.guide_id = $1 AND gt.topic_id = $2 AND ($3::boolean = false OR t.kind = 'challenge')`,
          [guideId, topicId, challengeOnly],
        )
      : [];
    if (rows.length === 0) {
      const message = {
        zh: '该方向或榜单不属于本批次的指南',
        en: "The topic is not part of this call's guide",
      };
      throw new DomainError('validation_failed', message, [{ path: 'topicId', message }]);
    }
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

  private query() {
    return this.ds
      .createQueryBuilder()
      .select([
        'a.id AS id',
        'a.call_id AS "callId"',
        'c.title AS "callTitle"',
        'a.applicant_id AS "applicantId"',
        'u.display_name AS "applicantName"',
        'a.institution_id AS "institutionId"',
        'a.topic_id AS "topicId"',
        't.issuer_institution_id AS "issuerInstitutionId"',
        'a.status AS status',
        'a.content AS content',
        'a.version AS version',
        'a.submitted_at AS "submittedAt"',
        'a.resubmit_until AS "resubmitUntil"',
        'a.updated_at AS "updatedAt"',
      ])
      .from(ApplicationEntity, 'a')
      .innerJoin('calls', 'c', 'c.id = a.call_id')
      .innerJoin(UserEntity, 'u', 'u.id = a.applicant_id')
      .leftJoin('topics', 't', 't.id = a.topic_id')
      .orderBy('a.updated_at', 'DESC')
      .addOrderBy('a.id');
  }

  private async row(id: string): Promise<ApplicationRow> {
    const row = await this.query().where('a.id = :id', { id }).getRawOne<ApplicationRow>();
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
