import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  APPLICATION_STATUS_LABELS,
  applicationSimilarity,
  ApplicationStatus,
  ApplicationSummary,
  ApplicationView,
  assertSubmittedVersion,
  canEditApplication,
  canReadApplication,
  ChecklistItem,
  contentFor,
  creditPartiesOf,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  diffJson,
  DuplicateCandidate,
  EligibilitySubject,
  forbidden,
  formatShanghai,
  notFound,
  Page,
  PageQuery,
  requiredDocuments,
  runFormalCheckRules,
  shanghaiDate,
  isActiveProject,
  indirectRatePercentOf,
  ProgramTemplate,
} from '@kjflow/domain';
import {
  ApplicationRepository,
  ApplicationRow,
  ApplicationSummaryRow,
  AttachmentRepository,
  CallEntity,
  CallRepository,
  FormalCheckRepository,
  mapPage,
  PledgeRepository,
} from '@kjflow/persistence';
import { CallsService } from '../calls/calls.service';
import { EventsService } from '../events/events.service';
import { CreditService } from '../credit/credit.service';

type ApplicationHistory = Array<{ status: ApplicationStatus } & Record<string, unknown>>;

export const APPLICATION = { zh: '申报书', en: 'Application' };
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
 * The application stage's reads, from the PostgreSQL read model through the repositories; an
 * application someone may not read is reported as missing, so ids cannot be probed. Nothing here
 * writes.
 */
@Injectable()
export class ApplicationsQueryService {
  private readonly applications: ApplicationRepository;
  private readonly pledgeRows: PledgeRepository;
  private readonly attachments: AttachmentRepository;
  private readonly callRows: CallRepository;
  private readonly facts: FormalCheckRepository;

  constructor(
    ds: DataSource,
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

  /**
   * The template's documents (plus ethics approval when needed) and its size limit; `known`: the
   * call's template, already read by the caller (null: the call has none).
   */
  async documentRules(row: Pick<ApplicationRow, 'callId' | 'content'>, known?: ProgramTemplate | null) {
    const template = known !== undefined ? known : await this.templateOf(row.callId);
    const templateDocuments = template?.eligibility.requiredDocuments ?? [];
    return {
      projectKind: template?.projectKind,
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
    return this.authorized(id, actor, canEditApplication);
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
      items: await this.rulesNow(row, ranAt),
    };
  }

  /** The formal-check rules on what the database holds now. */
  async rulesNow(
    row: ApplicationRow,
    at = new Date(),
    known: { rated?: EligibilitySubject[]; call?: CallEntity } = {},
  ): Promise<ChecklistItem[]> {
    const id = row.id;
    const rated = known.rated;
    // A command has read the call already (a batch of decisions, once for all of them).
    const call = known.call ?? (await this.calls.entity(row.callId));
    const template = (await this.callRows.templateOf(call))?.template ?? null;
    const eligibility = template?.eligibility;
    const today = shanghaiDate(at);
    const content = row.content;
    const n = await this.facts.otherSubmittedInCall(row.callId, row.applicantId, id);
    const institution = await this.facts.institution(row.institutionId);
    // The team rated once, for the gate and the indirect-cost cap.
    const subjects = rated ?? (await this.credit.subjects({ ...creditPartiesOf(row), at }));
    const gate = await this.credit.gate(
      { minCreditLevel: eligibility?.minCreditLevel ?? 'good', ...creditPartiesOf(row), at },
      subjects,
    );
    const projects = await this.facts.projectsOf(row.applicantId, row.institutionId);
    const overdue = projects.filter((p) => isActiveProject(p.status) && p.endsOn < today);
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
                isActiveProject(p.status) &&
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
      indirectRatePercent: indirectRatePercentOf(subjects),
      coFunding: eligibility?.coFunding ?? null,
      institutionKind: institution?.kind ?? null,
      requiredDocuments: (await this.documentRules(row, template)).required,
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

  /** As host: the institution's own applications; as issuer: the bids on its challenges. */
  async ofInstitution(
    actor: Actor,
    page: PageQuery,
    status?: ApplicationStatus,
    as: 'host' | 'issuer' = 'host',
  ): Promise<Page<ApplicationSummary>> {
    const inst = actor.institutionId ?? '00000000-0000-0000-0000-000000000000';
    const rows = await this.applications.page(
      as === 'issuer' ? { issuerInstitutionId: inst, status } : { institutionId: inst, status },
      page,
    );
    return mapPage(rows, toSummary);
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

  /** A page of the submitted versions, as submitted (readers of the application see them). */
  async versions(id: string, actor: Actor, page: PageQuery) {
    await this.get(id, actor);
    const row = await this.row(id);
    return mapPage(await this.applications.pageOfVersions(id, page), (r) => ({
      submission: r.submission,
      submittedAt: r.submittedAt.toISOString(),
      content: contentFor(r.content, row.applicantId === actor.id),
    }));
  }

  /** What changed between two submitted versions, field by field. */
  async diff(id: string, from: number, to: number, actor: Actor) {
    await this.get(id, actor);
    const row = await this.row(id);
    const all = await this.applications.versions(id);
    const pick = (n: number, path: string) => {
      const v = all.find((x) => x.submission === n);
      assertSubmittedVersion(v !== undefined, n, path);
      return contentFor(v!.content, row.applicantId === actor.id);
    };
    const [a, b] = [pick(from, 'from'), pick(to, 'to')];
    return { from, to, changes: diffJson(a, b) };
  }

  async mine(actor: Actor, page: PageQuery): Promise<Page<ApplicationSummary>> {
    return mapPage(await this.applications.page({ applicantId: actor.id }, page), toSummary);
  }

  async ofCall(
    callId: string,
    page: PageQuery,
    status?: ApplicationStatus,
  ): Promise<Page<ApplicationSummary>> {
    await this.calls.entity(callId);
    return mapPage(await this.applications.page({ callId, status }, page), toSummary);
  }

  /** The application if the actor may read it and `allowed` lets them act on it. */
  async authorized(
    id: string,
    actor: Actor,
    allowed: (actor: Actor, row: ApplicationRow) => boolean,
  ): Promise<ApplicationRow> {
    const row = await this.row(id);
    if (!canReadApplication(actor, row)) throw notFound(APPLICATION);
    if (!allowed(actor, row)) throw forbidden();
    return row;
  }

  /** The application, whoever asks (callers decide access). */
  async row(id: string): Promise<ApplicationRow> {
    const row = await this.applications.find(id);
    if (!row) throw notFound(APPLICATION);
    return row;
  }
}

/** What a list and a full view both show of an application (all but its content). */
function listed(r: Omit<ApplicationRow, 'content'>): Omit<ApplicationView, 'content'> {
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
    version: r.version,
    submittedAt: r.submittedAt ? new Date(r.submittedAt).toISOString() : null,
    resubmitUntil: r.resubmitUntil ? new Date(r.resubmitUntil).toISOString() : null,
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

function toSummary(r: ApplicationSummaryRow): ApplicationSummary {
  return { ...listed(r), title: r.title, requestedFen: r.requestedFen };
}

/** The identity number is shown to the PI only. */
function toView(r: ApplicationRow, viewer: Actor | null): ApplicationView {
  return { ...listed(r), content: contentFor(r.content, viewer?.id === r.applicantId) };
}
