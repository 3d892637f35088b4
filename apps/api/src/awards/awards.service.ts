import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  assertAmountWithinRequest,
  assertObjectionAccepted,
  assertWithinBudget,
  AwardProposalInput,
  awardOptionsOf,
  assertCallHasBudget,
  assertEvidenceUploaded,
  assertObjectionOpen,
  assertProposable,
  assertRoundOfCall,
  evidenceFileIds,
  formatShanghai,
  notFound,
  ObjectionOutcomeInput,
  workflowIds,
  Page,
  PageQuery,
  AWARD_STATUS_LABELS,
  AwardStatus,
  durationMs,
  nextInRanking,
  assertHorseRace,
  HorseRaceProposal,
  shanghaiDate,
  OBJECTION_OUTCOME_LABELS,
  ObjectionOutcome,
  calendarBasisView,
  workingDayDeadline,
  assertNoticeOpen,
  ATTACHMENT_TYPES,
  OBJECTION_EVIDENCE_MAX_BYTES,
} from '@kjflow/domain';
import { AwardEntity, AwardRepository, CalendarRepository, ObjectionEntity } from '@kjflow/persistence';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { AttachmentStorage } from '../attachments/attachment-storage';
import { TASK_QUEUE } from '@kjflow/temporal';
import {
  addEvidenceUpdate,
  awardProposedUpdate,
  decideAwardUpdate,
  decideObjectionUpdate,
  fileObjectionUpdate,
} from '@kjflow/workflows';
import type { AwardInput } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { CallsService } from '../calls/calls.service';
import { ReviewQueryService } from '../reviews/review-query.service';

const AWARD = { zh: '立项决定', en: 'Award' };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Reads a refused upload to its end, so the client gets the answer rather than a reset. */
async function drain(body: Readable): Promise<void> {
  if (body.readableEnded) return;
  body.resume();
  await once(body, 'end');
}

interface ObjectionView {
  id: string;
  applicationId: string;
  objector: object;
  facts: string;
  evidence: Array<{
    ref: string;
    file: { id: string; name: string; mediaType: string; sizeBytes: number; href: string } | null;
  }>;
  status: string;
  answer: string | null;
  filedAt: string;
  filedAtLocal: string;
}

interface AwardItemView {
  applicationId: string;
  title: string;
  institution: string | null;
  amountFen: number;
  status: string;
  reason: string | null;
}

interface AwardView {
  id: string;
  callId: string;
  roundId: string | null;
  status: AwardStatus;
  statusLabel: { zh: string; en: string };
  chain: string[];
  decisions: Array<{
    actorId: string;
    decision: string;
    comments: string | null;
    at: string | null;
    atLocal: string | null;
  }>;
  proposedBy: string;
  note: string | null;
  notice: {
    workingDays: number;
    start: string;
    end: string;
    startLocal: string;
    endLocal: string;
    /** 0 as first published; each changed outcome republishes it (更正公示). */
    revision: number;
    republishedAt: string | null;
    restartsOnChange: boolean;
    /** What the working days were counted on, with the sentence the notice carries; null for drills. */
    calendar: ReturnType<typeof calendarBasisView> | null;
  } | null;
  finalizedAt: string | null;
  items: AwardItemView[];
  horseRace: {
    applicationIds: string[];
    midpointDate: string;
    gapPercent: number;
    routesStatement: string;
  } | null;
}

/** Drills and tests only: `{"noticeOverride":"PT8S"}` shortens the notice (the same workflow code). */
function noticeOverride(): string | undefined {
  const raw = process.env.KJ_AWARD_POLICY;
  if (!raw) return undefined;
  const value = (JSON.parse(raw) as { noticeOverride?: string }).noticeOverride;
  if (value) durationMs(value); // refuse a malformed override at start-up of the first award
  return value;
}

/**
 * 立项 and 公示: the officer proposes awards from a call's applications (within the call's
 * budget), the approval chain decides, the notice runs for its working days with named
 * objections, and the awards become final when it has ended with none open.
 */
@Injectable()
export class AwardsService {
  private readonly awards: AwardRepository;
  private readonly calendar: CalendarRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly calls: CallsService,
    private readonly reviews: ReviewQueryService,
    private readonly storage: AttachmentStorage,
  ) {
    this.awards = new AwardRepository(ds);
    this.calendar = new CalendarRepository(ds);
  }

  async propose(callId: string, input: AwardProposalInput, actor: Actor) {
    const call = await this.calls.entity(callId);
    const options = await this.templateOptions(callId);
    if (input.roundId) await this.roundOfCall(callId, input.roundId);
    assertCallHasBudget(call.totalBudgetFen);
    const apps = await this.awards.proposedApplications(
      callId,
      input.items.map((i) => i.applicationId),
    );
    assertProposable(input.items, apps);
    input.items.forEach((item, i) =>
      assertAmountWithinRequest(
        item,
        Number(apps.find((a) => a.id === item.applicationId)!.requested),
        `items.${i}.amountFen`,
      ),
    );
    assertWithinBudget(input.items, call.totalBudgetFen, await this.committedFen(callId));
    const race = input.horseRace ? await this.checkRace(callId, input.roundId!, input, options) : null;
    const id = randomUUID();
    const { chain, noticeWorkingDays, restartNoticeOnChange } = options;
    const override = noticeOverride();
    // The award's workflow records the proposal as its first step (update-with-start): the award
    // is visible only once its workflow takes decisions.
    const args: AwardInput = {
      awardId: id,
      proposerId: actor.id,
      chain,
      noticeWorkingDays,
      restartNoticeOnChange,
      ...(override ? { noticeOverride: override } : {}),
      proposal: {
        callId: call.id,
        roundId: input.roundId ?? null,
        note: input.note ?? null,
        items: input.items,
        horseRace: race
          ? {
              applicationIds: race.applicationIds,
              midpointDate: race.midpointDate,
              gapPercent: race.gapPercent,
              routesStatement: race.routesDiffer.statement,
            }
          : null,
      },
    };
    const start = new WithStartWorkflowOperation('awardWorkflow', {
      workflowId: workflowIds.award(id),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [args],
    });
    await this.temporal.workflow.executeUpdateWithStart(awardProposedUpdate, {
      startWorkflowOperation: start,
    });
    return this.get(id);
  }

  async decide(id: string, input: { decision: 'approve' | 'return'; comments?: string }, actor: Actor) {
    await this.row(id);
    await this.temporal.workflow
      .getHandle(workflowIds.award(id))
      .executeUpdate(decideAwardUpdate, { args: [{ actorId: actor.id, actorRoles: actor.roles, ...input }] });
    return this.get(id);
  }

  /**
   * 异议证据: a file uploaded by anyone while the notice runs (type from its first bytes, at most
   * OBJECTION_EVIDENCE_MAX_BYTES); the objection then names it by the returned id.
   */
  async uploadEvidence(id: string, name: string, body: Readable) {
    try {
      const a = await this.row(id);
      if (!['in_notice', 'final'].includes(a.status) || !a.noticeStart || !a.noticeEnd)
        throw notFound({ zh: '公示', en: 'Public notice' });
      assertNoticeOpen({ start: a.noticeStart, end: a.noticeEnd }, Date.now());
    } catch (err) {
      await drain(body);
      throw err;
    }
    const stored = await this.storage.store(body, name, OBJECTION_EVIDENCE_MAX_BYTES);
    const evidenceId = randomUUID();
    const mediaType = ATTACHMENT_TYPES[stored.type].mediaType;
    // Recorded by the award's workflow, which decides on its clock whether the notice still runs.
    await this.temporal.workflow.getHandle(workflowIds.award(id)).executeUpdate(addEvidenceUpdate, {
      args: [{ evidenceId, name, mediaType, sizeBytes: stored.sizeBytes, sha256: stored.sha256 }],
    });
    return { id: evidenceId, name, mediaType, sizeBytes: stored.sizeBytes, sha256: stored.sha256 };
  }

  /** An evidence file, for the staff investigating the objection. */
  async evidenceFile(id: string, evidenceId: string) {
    const row = await this.awards.evidenceFile(id, evidenceId);
    if (!row) throw notFound({ zh: '异议证据', en: 'Evidence file' });
    return { row, stream: this.storage.open(row.sha256) };
  }

  /** Anyone may object during the notice, by name; the workflow's clock decides lateness. */
  async object(id: string, body: unknown) {
    const a = await this.row(id);
    if (a.status !== 'in_notice' && a.status !== 'final') throw notFound({ zh: '公示', en: 'Public notice' });
    await this.assertEvidenceOf(id, body);
    const objectionId = randomUUID();
    // The objector has no account: this receipt (kept only as its hash) reads the answer later.
    const receipt = randomBytes(18).toString('base64url');
    try {
      await this.temporal.workflow.getHandle(workflowIds.award(id)).executeUpdate(fileObjectionUpdate, {
        args: [{ objectionId, objection: body, receiptSha256: sha256(receipt) }],
      });
    } catch (err) {
      // After finality the workflow has ended; the same rule, on the stored notice, says why.
      if (a.status === 'final' && a.noticeStart && a.noticeEnd)
        assertObjectionAccepted(body, { start: a.noticeStart, end: a.noticeEnd }, Date.now());
      throw err;
    }
    return {
      id: objectionId,
      status: 'open',
      receipt,
      answerAt: `/public/awards/${id}/objections/${objectionId}?receipt=${receipt}`,
    };
  }

  /** The objector reads the state of their objection and the answer, with the filing receipt. */
  async objectionForObjector(id: string, objectionId: string, receipt: string) {
    const o = await this.awards.objection(id, objectionId);
    const expected = o?.receiptSha256 ? Buffer.from(o.receiptSha256, 'hex') : null;
    const given = Buffer.from(sha256(receipt), 'hex');
    // Unknown objection and wrong receipt answer alike: neither reveals the other exists.
    if (!o || !expected || !timingSafeEqual(expected, given)) throw notFound({ zh: '异议', en: 'Objection' });
    const decided = o.status !== 'open';
    return {
      id: o.id,
      applicationId: o.applicationId,
      title: o.title,
      status: o.status,
      statusLabel: decided
        ? OBJECTION_OUTCOME_LABELS[o.status as ObjectionOutcome]
        : { zh: '核查中', en: 'Under investigation' },
      answer: o.answer,
      filedAtLocal: formatShanghai(o.filedAt),
      decidedAtLocal: o.decidedAt ? formatShanghai(o.decidedAt) : null,
    };
  }

  async decideObjection(id: string, objectionId: string, input: ObjectionOutcomeInput, actor: Actor) {
    const o = await this.awards.objection(id, objectionId);
    if (!o) throw notFound({ zh: '异议', en: 'Objection' });
    assertObjectionOpen(o.status);
    if (input.outcome === 'adjust')
      await this.assertAdjustable(id, o.applicationId, input.adjustedAmountFen!);
    await this.temporal.workflow.getHandle(workflowIds.award(id)).executeUpdate(decideObjectionUpdate, {
      args: [{ actorId: actor.id, objectionId, applicationId: o.applicationId, ...input }],
    });
    return (await this.objections(id)).find((x) => x.id === objectionId)!;
  }

  /** A page of the award's objections with their evidence files, in the order they were filed. */
  async objectionsPage(id: string, page: PageQuery): Promise<Page<ObjectionView>> {
    const rows = await this.awards.pageOfObjections(id, page);
    const views = await this.objectionViews(id, rows.items);
    return { items: views, next: rows.next };
  }

  async objections(id: string): Promise<ObjectionView[]> {
    return this.objectionViews(id, await this.awards.objections(id));
  }

  private async objectionViews(id: string, rows: ObjectionEntity[]): Promise<ObjectionView[]> {
    const files = await this.awards.evidence(id);
    const fileOf = (ref: string) => {
      const f = files.find((x) => x.id === ref);
      return f
        ? {
            id: f.id,
            name: f.fileName,
            mediaType: f.mediaType,
            sizeBytes: f.sizeBytes,
            href: `/awards/${id}/evidence/${f.id}`,
          }
        : null;
    };
    return rows.map((o) => ({
      id: o.id,
      applicationId: o.applicationId,
      objector: o.objector,
      facts: o.facts,
      evidence: o.evidence.map((ref) => ({ ref, file: fileOf(ref) })),
      status: o.status,
      answer: o.answer,
      filedAt: o.filedAt.toISOString(),
      filedAtLocal: formatShanghai(o.filedAt),
    }));
  }

  /**
   * Who is next when an award is cancelled or forfeited: the best-ranked application of the
   * round that has no live award, with its score, and the budget left to offer it.
   */
  async next(callId: string, roundId: string) {
    const results = await this.ranking(callId, roundId);
    const next = nextInRanking(results, await this.taken(callId));
    const { totalBudgetFen } = await this.calls.entity(callId);
    return {
      next: next
        ? { applicationId: next.applicationId, title: next.title, rank: next.rank, score: next.rankingScore }
        : null,
      remainingBudgetFen: totalBudgetFen === null ? null : totalBudgetFen - (await this.committedFen(callId)),
    };
  }

  /** The notice period a publication at `publishAt` would run, on the call's program's working days. */
  async noticePreview(callId: string, publishAt: Date) {
    await this.calls.entity(callId);
    const { noticeWorkingDays } = await this.templateOptions(callId);
    // The same count the award's workflow makes: the calendar in force, official or provisional.
    const years = await this.calendar.inForceFrom(publishAt);
    const d = workingDayDeadline(years, publishAt, noticeWorkingDays);
    return {
      workingDays: noticeWorkingDays,
      start: publishAt.toISOString(),
      end: d.end.toISOString(),
      lastDay: d.lastDay,
      startLocal: formatShanghai(publishAt),
      endLocal: formatShanghai(d.end),
      calendar: calendarBasisView(d.basis),
    };
  }

  async ofCall(callId: string, page: PageQuery): Promise<Page<AwardView>> {
    const ids = await this.awards.pageOfCall(callId, page);
    return { items: await Promise.all(ids.items.map((id) => this.get(id))), next: ids.next };
  }

  async get(id: string): Promise<AwardView> {
    const a = await this.row(id);
    const items = await this.awards.items(id);
    const race = await this.awards.horseRace(id);
    return {
      id: a.id,
      callId: a.callId,
      roundId: a.roundId,
      status: a.status,
      statusLabel: AWARD_STATUS_LABELS[a.status],
      chain: a.chain,
      // Each decision keeps its reasons; older awards recorded no comments or time.
      decisions: a.decisions.map((d) => ({
        actorId: d.actorId,
        decision: d.decision,
        comments: d.comments ?? null,
        at: d.at ? new Date(d.at).toISOString() : null,
        atLocal: d.at ? formatShanghai(d.at) : null,
      })),
      proposedBy: a.proposedBy,
      note: a.note,
      notice: a.noticeStart
        ? {
            workingDays: a.noticeWorkingDays,
            start: a.noticeStart.toISOString(),
            end: a.noticeEnd!.toISOString(),
            startLocal: formatShanghai(a.noticeStart),
            endLocal: formatShanghai(a.noticeEnd!),
            revision: a.noticeRevision,
            republishedAt: a.noticeRepublishedAt ? a.noticeRepublishedAt.toISOString() : null,
            restartsOnChange: a.restartNotice,
            calendar: a.noticeCalendar ? calendarBasisView(a.noticeCalendar) : null,
          }
        : null,
      finalizedAt: a.finalizedAt ? a.finalizedAt.toISOString() : null,
      items: items.map((i) => ({
        applicationId: i.applicationId,
        title: i.title,
        institution: i.institution,
        amountFen: i.amountFen,
        status: i.status,
        reason: i.reason,
      })),
      horseRace: race
        ? {
            applicationIds: race.applicationIds,
            midpointDate: race.midpointDate,
            gapPercent: Number(race.gapPercent),
            routesStatement: race.routesStatement,
          }
        : null,
    };
  }

  /** The public notice: titles, host institutions and amounts, with the period in Beijing time. */
  async publicNotice(id: string) {
    const award = await this.get(id);
    if (!award.notice) throw notFound({ zh: '公示', en: 'Public notice' });
    // 更正公示: each changed outcome, with the answer given (objectors' identities stay private).
    const changes = await this.awards.corrections(id);
    return {
      id: award.id,
      callId: award.callId,
      status: award.status,
      notice: award.notice,
      corrections: changes.map((c) => ({
        applicationId: c.applicationId,
        title: c.title,
        outcome: c.status,
        outcomeLabel: OBJECTION_OUTCOME_LABELS[c.status as ObjectionOutcome],
        answer: c.answer,
        decidedAtLocal: formatShanghai(c.decidedAt!),
      })),
      items: award.items
        .filter((i) => i.status !== 'cancelled')
        .map(({ applicationId, title, institution, amountFen }) => ({
          applicationId,
          title,
          institution,
          amountFen,
        })),
    };
  }

  /** What the call has committed: live items of awards neither returned nor cancelled. */
  private committedFen(callId: string): Promise<number> {
    return this.awards.committedFen(callId);
  }

  /** Evidence given as an id must be a file uploaded to this award's notice. */
  private async assertEvidenceOf(id: string, body: unknown) {
    const ids = evidenceFileIds(body);
    if (ids.length === 0) return;
    assertEvidenceUploaded(body, await this.awards.evidenceIds(id, ids));
  }

  /** An adjusted amount stays within the request and, with the rest of the call, the budget. */
  private async assertAdjustable(awardId: string, applicationId: string, amountFen: number) {
    const row = (await this.awards.adjustable(awardId, applicationId))!;
    assertAmountWithinRequest({ amountFen }, row.requestedFen, 'adjustedAmountFen');
    assertWithinBudget(
      [{ amountFen }],
      row.totalBudgetFen,
      (await this.committedFen(row.callId)) - row.amountFen,
      'adjustedAmountFen',
    );
  }

  /** The ranking of a round of this call (404 for another call's round). */
  private async ranking(callId: string, roundId: string) {
    await this.roundOfCall(callId, roundId);
    return (await this.reviews.results(roundId)).results;
  }

  private async roundOfCall(callId: string, roundId: string): Promise<void> {
    assertRoundOfCall(await this.awards.callOfRound(roundId), callId);
  }

  /** Applications of the call that already hold a live award (passed over by the ranking). */
  private async taken(callId: string): Promise<string[]> {
    return this.awards.takenApplications(callId);
  }

  /** The program template's award options (defaults for calls without one). */
  private async templateOptions(callId: string) {
    return awardOptionsOf(await this.awards.templateOfCall(callId));
  }

  /** 赛马: the raced teams are the close top of the round's ranking (domain rule). */
  private async checkRace(
    callId: string,
    roundId: string,
    input: { items: Array<{ applicationId: string }>; horseRace?: HorseRaceProposal },
    options: { horseRace?: { teams: number; scoreGapPercent: number } },
  ) {
    const race = input.horseRace!;
    const { gapPercent } = assertHorseRace(
      race,
      options.horseRace,
      await this.ranking(callId, roundId),
      await this.taken(callId),
      input.items.map((i) => i.applicationId),
      shanghaiDate(Date.now()),
    );
    return { ...race, gapPercent };
  }

  private async row(id: string): Promise<AwardEntity> {
    const a = await this.awards.find(id);
    if (!a) throw notFound(AWARD);
    return a;
  }
}
