import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Client } from '@temporalio/client';
import {
  Actor,
  assertAmountWithinRequest,
  assertObjectionAccepted,
  assertWithinBudget,
  AwardProposalInput,
  awardOptionsOf,
  DomainError,
  formatShanghai,
  notFound,
  ObjectionOutcomeInput,
  workflowIds,
  AWARD_STATUS_LABELS,
  AwardStatus,
  durationMs,
  nextInRanking,
  assertHorseRace,
  HorseRaceProposal,
  ProgramTemplate,
  shanghaiDate,
  OBJECTION_OUTCOME_LABELS,
  ObjectionOutcome,
  CalendarBasis,
  calendarBasisView,
  workingDayDeadline,
  assertNoticeOpen,
  ATTACHMENT_TYPES,
  OBJECTION_EVIDENCE_MAX_BYTES,
} from '@kjflow/domain';
import { appendWithChange, CalendarRepository } from '@kjflow/persistence';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { AttachmentStorage } from '../attachments/attachment-storage';
import { TASK_QUEUE } from '@kjflow/temporal';
import {
  awardWorkflow,
  decideAwardUpdate,
  decideObjectionUpdate,
  fileObjectionUpdate,
} from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { CallsService } from '../calls/calls.service';
import { ReviewQueryService } from '../reviews/review-query.service';

const AWARD = { zh: '立项决定', en: 'Award' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

interface AwardRow {
  id: string;
  call_id: string;
  round_id: string | null;
  status: AwardStatus;
  chain: string[];
  decisions: Array<{ actorId: string; decision: string; comments?: string | null; at?: number }>;
  proposed_by: string;
  note: string | null;
  notice_start: Date | null;
  notice_end: Date | null;
  notice_working_days: number;
  notice_revision: number;
  notice_republished_at: Date | null;
  notice_calendar: CalendarBasis | null;
  restart_notice: boolean;
  finalized_at: Date | null;
  created_at: Date;
}

/**
 * 立项 and 公示: the officer proposes awards from a call's applications (within the call's
 * budget), the approval chain decides, the notice runs for its working days with named
 * objections, and the awards become final when it has ended with none open.
 */
@Injectable()
export class AwardsService {
  constructor(
    private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly calls: CallsService,
    private readonly reviews: ReviewQueryService,
    private readonly storage: AttachmentStorage,
  ) {}

  async propose(callId: string, input: AwardProposalInput, actor: Actor) {
    const call = await this.calls.entity(callId);
    const options = await this.templateOptions(callId);
    if (input.roundId) await this.roundOfCall(callId, input.roundId);
    if (call.totalBudgetFen === null)
      throw new DomainError('invalid_state', {
        zh: '本批次未设定总预算，不能提出立项建议',
        en: 'The call has no total budget; awards cannot be proposed',
      });
    const apps: Array<{ id: string; requested: string; status: string }> = await this.ds.query(
      `SELECT id, content->>'requestedFen' AS requested, status FROM applications WHERE call_id = $1 AND id = ANY($2::uuid[])`,
      [callId, input.items.map((i) => i.applicationId)],
    );
    const fields = input.items.flatMap((item, i) => {
      const app = apps.find((a) => a.id === item.applicationId);
      if (app && app.status === 'formal_check_passed') return [];
      const message = {
        zh: '该申报不属于本批次或未通过形式审查',
        en: 'The application is not in this call or has not passed the formal check',
      };
      return [{ path: `items.${i}.applicationId`, message }];
    });
    if (fields.length)
      throw new DomainError(
        'validation_failed',
        { zh: '立项建议内容有误', en: 'The proposal is invalid' },
        fields,
      );
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
    await appendWithChange(
      this.ds,
      {
        type: 'award.submitted_for_approval',
        subjectType: 'award',
        subjectId: id,
        actorId: actor.id,
        payload: { callId, items: input.items, note: input.note ?? null },
        workflowId: workflowIds.award(id),
        step: 'proposed',
        occurredAt: new Date(),
      },
      async (tx) => {
        await tx.query(
          `INSERT INTO awards (id, call_id, round_id, status, chain, proposed_by, note, notice_working_days, restart_notice)
           VALUES ($1, $2, $3, 'in_approval', $4, $5, $6, $7, $8)`,
          [
            id,
            call.id,
            input.roundId ?? null,
            JSON.stringify(chain),
            actor.id,
            input.note ?? null,
            noticeWorkingDays,
            restartNoticeOnChange,
          ],
        );
        if (race)
          await tx.query(
            `INSERT INTO horse_races (id, call_id, award_id, round_id, application_ids, midpoint_date, gap_percent, routes_statement, attested_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
            [
              randomUUID(),
              callId,
              id,
              input.roundId,
              JSON.stringify(race.applicationIds),
              race.midpointDate,
              race.gapPercent.toFixed(4),
              race.routesDiffer.statement,
              actor.id,
            ],
          );
        for (const item of input.items)
          await tx.query(
            `INSERT INTO award_items (award_id, application_id, amount_fen, status, reason) VALUES ($1, $2, $3, 'proposed', $4)`,
            [id, item.applicationId, item.amountFen, item.reason ?? null],
          );
      },
    );
    const override = noticeOverride();
    await this.temporal.workflow.start(awardWorkflow, {
      workflowId: workflowIds.award(id),
      taskQueue: TASK_QUEUE,
      args: [
        {
          awardId: id,
          proposerId: actor.id,
          chain,
          noticeWorkingDays,
          restartNoticeOnChange,
          ...(override ? { noticeOverride: override } : {}),
        },
      ],
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
      if (!['in_notice', 'final'].includes(a.status) || !a.notice_start || !a.notice_end)
        throw notFound({ zh: '公示', en: 'Public notice' });
      assertNoticeOpen({ start: a.notice_start, end: a.notice_end }, Date.now());
    } catch (err) {
      await drain(body);
      throw err;
    }
    const stored = await this.storage.store(body, name, OBJECTION_EVIDENCE_MAX_BYTES);
    const evidenceId = randomUUID();
    const at = new Date();
    const mediaType = ATTACHMENT_TYPES[stored.type].mediaType;
    await appendWithChange(
      this.ds,
      {
        type: 'award.evidence_uploaded',
        subjectType: 'award',
        subjectId: id,
        actorId: null,
        payload: { evidenceId, sha256: stored.sha256, sizeBytes: stored.sizeBytes },
        workflowId: `award-evidence-${id}`,
        step: `evidence:${evidenceId}`,
        occurredAt: at,
      },
      (tx) =>
        tx.query(
          `INSERT INTO objection_evidence (id, award_id, file_name, media_type, size_bytes, sha256, uploaded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [evidenceId, id, name, mediaType, stored.sizeBytes, stored.sha256, at],
        ),
    );
    return { id: evidenceId, name, mediaType, sizeBytes: stored.sizeBytes, sha256: stored.sha256 };
  }

  /** An evidence file, for the staff investigating the objection. */
  async evidenceFile(id: string, evidenceId: string) {
    const [row] = await this.ds.query(`SELECT * FROM objection_evidence WHERE id = $1 AND award_id = $2`, [
      evidenceId,
      id,
    ]);
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
      if (a.status === 'final' && a.notice_start && a.notice_end)
        assertObjectionAccepted(body, { start: a.notice_start, end: a.notice_end }, Date.now());
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
    const [o] = await this.ds.query(
      `SELECT o.*, p.content->>'title' AS title FROM objections o JOIN applications p ON p.id = o.application_id
        WHERE o.id = $1 AND o.award_id = $2`,
      [objectionId, id],
    );
    const expected = o?.receipt_sha256 ? Buffer.from(o.receipt_sha256, 'hex') : null;
    const given = Buffer.from(sha256(receipt), 'hex');
    // Unknown objection and wrong receipt answer alike: neither reveals the other exists.
    if (!expected || !timingSafeEqual(expected, given)) throw notFound({ zh: '异议', en: 'Objection' });
    const decided = o.status !== 'open';
    return {
      id: o.id,
      applicationId: o.application_id,
      title: o.title,
      status: o.status,
      statusLabel: decided
        ? OBJECTION_OUTCOME_LABELS[o.status as ObjectionOutcome]
        : { zh: '核查中', en: 'Under investigation' },
      answer: o.answer,
      filedAtLocal: formatShanghai(o.filed_at),
      decidedAtLocal: o.decided_at ? formatShanghai(o.decided_at) : null,
    };
  }

  async decideObjection(id: string, objectionId: string, input: ObjectionOutcomeInput, actor: Actor) {
    const [o] = await this.ds.query(`SELECT * FROM objections WHERE id = $1 AND award_id = $2`, [
      objectionId,
      id,
    ]);
    if (!o) throw notFound({ zh: '异议', en: 'Objection' });
    if (o.status !== 'open')
      throw new DomainError('invalid_state', { zh: '该异议已处理', en: 'The objection has been answered' });
    if (input.outcome === 'adjust')
      await this.assertAdjustable(id, o.application_id, input.adjustedAmountFen!);
    await this.temporal.workflow.getHandle(workflowIds.award(id)).executeUpdate(decideObjectionUpdate, {
      args: [{ actorId: actor.id, objectionId, applicationId: o.application_id, ...input }],
    });
    return (await this.objections(id)).find((x) => x.id === objectionId)!;
  }

  async objections(id: string): Promise<ObjectionView[]> {
    const rows = await this.ds.query(`SELECT * FROM objections WHERE award_id = $1 ORDER BY filed_at`, [id]);
    const files: Array<Record<string, any>> = await this.ds.query(
      `SELECT id, file_name, media_type, size_bytes FROM objection_evidence WHERE award_id = $1`,
      [id],
    );
    const fileOf = (ref: string) => {
      const f = files.find((x) => x.id === ref);
      return f
        ? {
            id: f.id,
            name: f.file_name,
            mediaType: f.media_type,
            sizeBytes: Number(f.size_bytes),
            href: `/awards/${id}/evidence/${f.id}`,
          }
        : null;
    };
    return rows.map((o: Record<string, any>) => ({
      id: o.id,
      applicationId: o.application_id,
      objector: o.objector,
      facts: o.facts,
      evidence: (o.evidence as string[]).map((ref) => ({ ref, file: fileOf(ref) })),
      status: o.status,
      answer: o.answer,
      filedAt: o.filed_at.toISOString(),
      filedAtLocal: formatShanghai(o.filed_at),
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
    const years = await new CalendarRepository(this.ds).inForceFrom(publishAt);
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

  async ofCall(callId: string): Promise<AwardView[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM awards WHERE call_id = $1 ORDER BY created_at, id`,
      [callId],
    );
    return Promise.all(rows.map((r) => this.get(r.id)));
  }

  async get(id: string): Promise<AwardView> {
    const a = await this.row(id);
    const items = await this.ds.query(
      `SELECT i.application_id, i.amount_fen, i.status, i.reason, p.content->>'title' AS title, inst.name AS institution
         FROM award_items i JOIN applications p ON p.id = i.application_id LEFT JOIN institutions inst ON inst.id = p.institution_id
        WHERE i.award_id = $1 ORDER BY i.amount_fen DESC, i.application_id`,
      [id],
    );
    const [race] = await this.ds.query(
      `SELECT application_ids, to_char(midpoint_date, 'YYYY-MM-DD') AS midpoint_date, gap_percent, routes_statement
         FROM horse_races WHERE award_id = $1`,
      [id],
    );
    return {
      id: a.id,
      callId: a.call_id,
      roundId: a.round_id,
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
      proposedBy: a.proposed_by,
      note: a.note,
      notice: a.notice_start
        ? {
            workingDays: a.notice_working_days,
            start: a.notice_start.toISOString(),
            end: a.notice_end!.toISOString(),
            startLocal: formatShanghai(a.notice_start),
            endLocal: formatShanghai(a.notice_end!),
            revision: a.notice_revision,
            republishedAt: a.notice_republished_at ? a.notice_republished_at.toISOString() : null,
            restartsOnChange: a.restart_notice,
            calendar: a.notice_calendar ? calendarBasisView(a.notice_calendar) : null,
          }
        : null,
      finalizedAt: a.finalized_at ? a.finalized_at.toISOString() : null,
      items: items.map((i: Record<string, any>) => ({
        applicationId: i.application_id,
        title: i.title,
        institution: i.institution,
        amountFen: Number(i.amount_fen),
        status: i.status,
        reason: i.reason,
      })),
      horseRace: race
        ? {
            applicationIds: race.application_ids,
            midpointDate: race.midpoint_date,
            gapPercent: Number(race.gap_percent),
            routesStatement: race.routes_statement,
          }
        : null,
    };
  }

  /** The public notice: titles, host institutions and amounts, with the period in Beijing time. */
  async publicNotice(id: string) {
    const award = await this.get(id);
    if (!award.notice) throw notFound({ zh: '公示', en: 'Public notice' });
    // 更正公示: each changed outcome, with the answer given (objectors' identities stay private).
    const changes: Array<Record<string, any>> = await this.ds.query(
      `SELECT o.application_id, o.status, o.answer, o.decided_at, p.content->>'title' AS title
         FROM objections o JOIN applications p ON p.id = o.application_id
        WHERE o.award_id = $1 AND o.status IN ('adjust', 'cancel') ORDER BY o.decided_at`,
      [id],
    );
    return {
      id: award.id,
      callId: award.callId,
      status: award.status,
      notice: award.notice,
      corrections: changes.map((c) => ({
        applicationId: c.application_id,
        title: c.title,
        outcome: c.status,
        outcomeLabel: OBJECTION_OUTCOME_LABELS[c.status as ObjectionOutcome],
        answer: c.answer,
        decidedAtLocal: formatShanghai(c.decided_at),
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
  private async committedFen(callId: string): Promise<number> {
    const [{ committed }] = await this.ds.query(
      `SELECT COALESCE(sum(i.amount_fen), 0)::bigint AS committed FROM award_items i JOIN awards a ON a.id = i.award_id
        WHERE a.call_id = $1 AND i.status NOT IN ('cancelled', 'forfeited') AND a.status NOT IN ('returned', 'cancelled')`,
      [callId],
    );
    return Number(committed);
  }

  /** Evidence given as an id must be a file uploaded to this award's notice. */
  private async assertEvidenceOf(id: string, body: unknown) {
    const evidence = (body as { evidence?: unknown } | null)?.evidence;
    if (!Array.isArray(evidence)) return;
    const ids = evidence.filter((e): e is string => typeof e === 'string' && UUID.test(e.trim()));
    if (ids.length === 0) return;
    const found: Array<{ id: string }> = await this.ds.query(
      `SELECT id FROM objection_evidence WHERE award_id = $1 AND id = ANY($2::uuid[])`,
      [id, ids.map((e) => e.trim())],
    );
    const message = {
      zh: '证据文件不存在，请先上传到本公示',
      en: 'No such evidence file: upload it to this notice first',
    };
    const fields = evidence.flatMap((e, i) =>
      typeof e === 'string' && UUID.test(e.trim()) && !found.some((f) => f.id === e.trim())
        ? [{ path: `evidence.${i}`, message }]
        : [],
    );
    if (fields.length) throw new DomainError('validation_failed', message, fields);
  }

  /** An adjusted amount stays within the request and, with the rest of the call, the budget. */
  private async assertAdjustable(awardId: string, applicationId: string, amountFen: number) {
    const [row] = await this.ds.query(
      `SELECT i.amount_fen, a.call_id, p.content->>'requestedFen' AS requested, c.total_budget_fen
         FROM award_items i JOIN awards a ON a.id = i.award_id JOIN applications p ON p.id = i.application_id
         JOIN calls c ON c.id = a.call_id WHERE i.award_id = $1 AND i.application_id = $2`,
      [awardId, applicationId],
    );
    assertAmountWithinRequest({ amountFen }, Number(row.requested), 'adjustedAmountFen');
    assertWithinBudget(
      [{ amountFen }],
      Number(row.total_budget_fen),
      (await this.committedFen(row.call_id)) - Number(row.amount_fen),
      'adjustedAmountFen',
    );
  }

  /** The ranking of a round of this call (404 for another call's round). */
  private async ranking(callId: string, roundId: string) {
    await this.roundOfCall(callId, roundId);
    return (await this.reviews.results(roundId)).results;
  }

  private async roundOfCall(callId: string, roundId: string): Promise<void> {
    const [round] = await this.ds.query(`SELECT call_id FROM review_rounds WHERE id = $1`, [roundId]);
    if (round?.call_id !== callId) {
      const message = { zh: '评审轮次不属于本批次', en: 'The review round is not of this call' };
      throw new DomainError('validation_failed', message, [{ path: 'roundId', message }]);
    }
  }

  /** Applications of the call that already hold a live award (passed over by the ranking). */
  private async taken(callId: string): Promise<string[]> {
    const rows: Array<{ application_id: string }> = await this.ds.query(
      `SELECT i.application_id FROM award_items i JOIN awards a ON a.id = i.award_id
        WHERE a.call_id = $1 AND a.status NOT IN ('returned', 'cancelled')`,
      [callId],
    );
    return rows.map((t) => t.application_id);
  }

  /** The program template's award options (defaults for calls without one). */
  private async templateOptions(callId: string) {
    const [row]: Array<{ template: ProgramTemplate | null }> = await this.ds.query(
      `SELECT t.template FROM calls c LEFT JOIN program_templates t ON t.id = c.template_id WHERE c.id = $1`,
      [callId],
    );
    return awardOptionsOf(row?.template ?? null);
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

  private async row(id: string): Promise<AwardRow> {
    const [a] = await this.ds.query(`SELECT * FROM awards WHERE id = $1`, [id]);
    if (!a) throw notFound(AWARD);
    return a;
  }
}
