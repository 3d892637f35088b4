import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { AwardStatus, CalendarBasis, Page, PageQuery, ProgramTemplate } from '@kjflow/domain';
import { ApplicationEntity } from '../entities/application.entity';
import { AwardEntity } from '../entities/award.entity';
import { AwardItemEntity } from '../entities/award-item.entity';
import { HorseRaceEntity } from '../entities/horse-race.entity';
import { InstitutionEntity } from '../entities/institution.entity';
import { ObjectionEntity } from '../entities/objection.entity';
import { ObjectionEvidenceEntity } from '../entities/objection-evidence.entity';
import { atMillis, keysetPage, mapPage } from '../pagination';

/** An item of an award with its application's title and host institution (the notice names them). */
export type AwardItemRow = AwardItemEntity & { title: string; institution: string | null };

/** An objection with the title of the application it is about. */
export type TitledObjection = ObjectionEntity & { title: string };

/** What a proposal records: the award, its items and (赛马) its race. */
export interface NewAward {
  id: string;
  callId: string;
  roundId: string | null;
  chain: string[];
  proposedBy: string;
  note: string | null;
  noticeWorkingDays: number;
  restartNotice: boolean;
  items: ReadonlyArray<{ applicationId: string; amountFen: number; reason?: string | null }>;
  horseRace: {
    applicationIds: string[];
    midpointDate: string;
    gapPercent: number;
    routesStatement: string;
  } | null;
}

/** Awards (立项), their items, horse races, objections and evidence: one aggregate. */
export class AwardRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  // ---- reads -----------------------------------------------------------------------------------

  find(id: string): Promise<AwardEntity | null> {
    return this.db.getRepository(AwardEntity).findOneBy({ id });
  }

  /** A page of the call's awards (ids), oldest first. */
  async pageOfCall(callId: string, page: PageQuery): Promise<Page<string>> {
    const query = this.db
      .getRepository(AwardEntity)
      .createQueryBuilder('a')
      .where('a.call_id = :callId', { callId });
    const rows = await keysetPage(
      query,
      {
        columns: [atMillis('a.created_at'), 'a.id'],
        direction: 'ASC',
        cursorOf: (a) => [a.createdAt.toISOString(), a.id],
      },
      page,
    );
    return mapPage(rows, (a) => a.id);
  }

  /** A page of the award's objections, in the order they were filed. */
  pageOfObjections(awardId: string, page: PageQuery): Promise<Page<ObjectionEntity>> {
    const query = this.db
      .getRepository(ObjectionEntity)
      .createQueryBuilder('o')
      .where('o.award_id = :awardId', { awardId });
    return keysetPage(
      query,
      {
        columns: [atMillis('o.filed_at'), 'o.id'],
        direction: 'ASC',
        cursorOf: (o) => [o.filedAt.toISOString(), o.id],
      },
      page,
    );
  }

  /** The items with their application's title and host institution, largest first. */
  async items(awardId: string): Promise<AwardItemRow[]> {
    const { raw, entities } = await this.db
      .getRepository(AwardItemEntity)
      .createQueryBuilder('i')
      .innerJoin(ApplicationEntity, 'p', 'p.id = i.application_id')
      .leftJoin(InstitutionEntity, 'inst', 'inst.id = p.institution_id')
      .addSelect(`p.content->>'title'`, 'title')
      .addSelect('inst.name', 'institution')
      .where('i.award_id = :awardId', { awardId })
      .orderBy('i.amount_fen', 'DESC')
      .addOrderBy('i.application_id')
      .getRawAndEntities<{ i_application_id: string; title: string; institution: string | null }>();
    const byApplication = new Map(raw.map((r) => [r.i_application_id, r]));
    return entities.map((e) => {
      const r = byApplication.get(e.applicationId)!;
      return { ...e, title: r.title, institution: r.institution };
    });
  }

  horseRace(awardId: string): Promise<HorseRaceEntity | null> {
    return this.db.getRepository(HorseRaceEntity).findOneBy({ awardId });
  }

  /** What a call has committed: live items of awards neither returned nor cancelled. */
  async committedFen(callId: string): Promise<number> {
    const [{ committed }] = await this.db.query(
      `SELECT COALESCE(sum(i.amount_fen), 0)::bigint AS committed FROM award_items i JOIN awards a ON a.id = i.award_id
        WHERE a.call_id = $1 AND i.status NOT IN ('cancelled', 'forfeited') AND a.status NOT IN ('returned', 'cancelled')`,
      [callId],
    );
    return Number(committed);
  }

  /** Applications of the call that already hold a live award. */
  async takenApplications(callId: string): Promise<string[]> {
    const rows: Array<{ application_id: string }> = await this.db.query(
      `SELECT i.application_id FROM award_items i JOIN awards a ON a.id = i.award_id
        WHERE a.call_id = $1 AND a.status NOT IN ('returned', 'cancelled')`,
      [callId],
    );
    return rows.map((t) => t.application_id);
  }

  /** An item with what an adjustment is checked against (request, the call and its budget). */
  async adjustable(
    awardId: string,
    applicationId: string,
  ): Promise<{ amountFen: number; callId: string; requestedFen: number; totalBudgetFen: number } | null> {
    const [row] = await this.db.query(
      `SELECT i.amount_fen, a.call_id, p.content->>'requestedFen' AS requested, c.total_budget_fen
         FROM award_items i JOIN awards a ON a.id = i.award_id JOIN applications p ON p.id = i.application_id
         JOIN calls c ON c.id = a.call_id WHERE i.award_id = $1 AND i.application_id = $2`,
      [awardId, applicationId],
    );
    return row
      ? {
          amountFen: Number(row.amount_fen),
          callId: row.call_id,
          requestedFen: Number(row.requested),
          totalBudgetFen: Number(row.total_budget_fen),
        }
      : null;
  }

  /** The applications of a call named by a proposal, with their request and status. */
  proposedApplications(
    callId: string,
    ids: readonly string[],
  ): Promise<Array<{ id: string; requested: string; status: string }>> {
    return this.db.query(
      `SELECT id, content->>'requestedFen' AS requested, status FROM applications WHERE call_id = $1 AND id = ANY($2::uuid[])`,
      [callId, ids],
    );
  }

  /** The program template of the call (null for calls without one). */
  async templateOfCall(callId: string): Promise<ProgramTemplate | null> {
    const [row]: Array<{ template: ProgramTemplate | null }> = await this.db.query(
      `SELECT t.template FROM calls c LEFT JOIN program_templates t ON t.id = c.template_id WHERE c.id = $1`,
      [callId],
    );
    return row?.template ?? null;
  }

  /** The call a review round belongs to, or null for no such round. */
  async callOfRound(roundId: string): Promise<string | null> {
    const [round] = await this.db.query(`SELECT call_id FROM review_rounds WHERE id = $1`, [roundId]);
    return round?.call_id ?? null;
  }

  objections(awardId: string): Promise<ObjectionEntity[]> {
    return this.db
      .getRepository(ObjectionEntity)
      .find({ where: { awardId }, order: { filedAt: 'ASC', id: 'ASC' } });
  }

  async objection(awardId: string, objectionId: string): Promise<TitledObjection | null> {
    const [o] = await this.titledObjections(awardId, (q) =>
      q.andWhere('o.id = :objectionId', { objectionId }),
    );
    return o ?? null;
  }

  /** Objections that changed an outcome (更正公示), in the order they were answered. */
  corrections(awardId: string): Promise<TitledObjection[]> {
    return this.titledObjections(awardId, (q) =>
      q.andWhere(`o.status IN ('adjust', 'cancel')`).orderBy('o.decided_at'),
    );
  }

  /** The award's objections that `refine` selects, with their application's title. */
  private async titledObjections(
    awardId: string,
    refine: (q: SelectQueryBuilder<ObjectionEntity>) => SelectQueryBuilder<ObjectionEntity>,
  ): Promise<TitledObjection[]> {
    const query = this.db
      .getRepository(ObjectionEntity)
      .createQueryBuilder('o')
      .innerJoin(ApplicationEntity, 'p', 'p.id = o.application_id')
      .addSelect(`p.content->>'title'`, 'title')
      .where('o.award_id = :awardId', { awardId });
    const { raw, entities } = await refine(query).getRawAndEntities<{ o_id: string; title: string }>();
    const titles = new Map(raw.map((r) => [r.o_id, r.title]));
    return entities.map((e) => ({ ...e, title: titles.get(e.id)! }));
  }

  evidence(awardId: string): Promise<ObjectionEvidenceEntity[]> {
    return this.db
      .getRepository(ObjectionEvidenceEntity)
      .find({ where: { awardId }, order: { uploadedAt: 'ASC', id: 'ASC' } });
  }

  evidenceFile(awardId: string, evidenceId: string): Promise<ObjectionEvidenceEntity | null> {
    return this.db.getRepository(ObjectionEvidenceEntity).findOneBy({ id: evidenceId, awardId });
  }

  /** Which of `ids` are evidence files of this award. */
  async evidenceIds(awardId: string, ids: readonly string[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM objection_evidence WHERE award_id = $1 AND id = ANY($2::uuid[])`,
      [awardId, ids],
    );
    return rows.map((r) => r.id);
  }

  // ---- writes (the award's workflow, through its activities, in the event's transaction) -------

  async insert(a: NewAward, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO awards (id, call_id, round_id, status, chain, proposed_by, note, notice_working_days, restart_notice, created_at, updated_at)
       VALUES ($1, $2, $3, 'in_approval', $4, $5, $6, $7, $8, $9, $9)`,
      [
        a.id,
        a.callId,
        a.roundId,
        JSON.stringify(a.chain),
        a.proposedBy,
        a.note,
        a.noticeWorkingDays,
        a.restartNotice,
        at,
      ],
    );
    if (a.horseRace)
      await this.db.query(
        `INSERT INTO horse_races (id, call_id, award_id, round_id, application_ids, midpoint_date, gap_percent, routes_statement, attested_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          randomUUID(),
          a.callId,
          a.id,
          a.roundId,
          JSON.stringify(a.horseRace.applicationIds),
          a.horseRace.midpointDate,
          a.horseRace.gapPercent.toFixed(4),
          a.horseRace.routesStatement,
          a.proposedBy,
        ],
      );
    for (const item of a.items)
      await this.db.query(
        `INSERT INTO award_items (award_id, application_id, amount_fen, status, reason) VALUES ($1, $2, $3, 'proposed', $4)`,
        [a.id, item.applicationId, item.amountFen, item.reason ?? null],
      );
  }

  /** A status change, with the decisions so far and (when it starts) the notice. */
  async setStatus(
    id: string,
    change: {
      status: AwardStatus;
      decisions?: unknown[];
      notice?: { start: string; end: string; calendar?: CalendarBasis };
    },
    at: Date,
  ): Promise<void> {
    await this.db.query(
      `UPDATE awards SET status = $2, decisions = COALESCE($3::jsonb, decisions),
              notice_start = COALESCE($4, notice_start), notice_end = COALESCE($5, notice_end),
              notice_calendar = CASE WHEN $4::timestamptz IS NULL THEN notice_calendar ELSE $7::jsonb END,
              finalized_at = CASE WHEN $2 = 'final' THEN $6 ELSE finalized_at END, updated_at = $6
        WHERE id = $1`,
      [
        id,
        change.status,
        change.decisions ? JSON.stringify(change.decisions) : null,
        change.notice?.start ?? null,
        change.notice?.end ?? null,
        at,
        change.notice?.calendar ? JSON.stringify(change.notice.calendar) : null,
      ],
    );
  }

  async setNoticeRevision(id: string, revision: number, at: Date): Promise<void> {
    await this.db.query(`UPDATE awards SET notice_revision = $2, notice_republished_at = $3 WHERE id = $1`, [
      id,
      revision,
      at,
    ]);
  }

  async insertObjection(
    awardId: string,
    o: {
      id: string;
      applicationId: string;
      objector: object;
      facts: string;
      evidence: string[];
      receiptSha256?: string;
    },
    at: Date,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO objections (id, award_id, application_id, objector, facts, evidence, status, filed_at, receipt_sha256)
       VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8)`,
      [
        o.id,
        awardId,
        o.applicationId,
        JSON.stringify(o.objector),
        o.facts,
        JSON.stringify(o.evidence),
        at,
        o.receiptSha256 ?? null,
      ],
    );
  }

  /** The answer to an objection, and what it changes: a cancelled or adjusted item. */
  async answerObjection(
    awardId: string,
    d: {
      id: string;
      applicationId: string;
      outcome: 'maintain' | 'adjust' | 'cancel';
      answer: string;
      adjustedAmountFen?: number;
    },
    actorId: string | null,
    at: Date,
  ): Promise<void> {
    await this.db.query(
      `UPDATE objections SET status = $2, answer = $3, decided_at = $4, decided_by = $5 WHERE id = $1`,
      [d.id, d.outcome, d.answer, at, actorId],
    );
    if (d.outcome === 'cancel')
      await this.db.query(
        `UPDATE award_items SET status = 'cancelled', reason = $3 WHERE award_id = $1 AND application_id = $2`,
        [awardId, d.applicationId, d.answer],
      );
    if (d.outcome === 'adjust' && d.adjustedAmountFen)
      await this.db.query(
        `UPDATE award_items SET amount_fen = $3, reason = $4 WHERE award_id = $1 AND application_id = $2`,
        [awardId, d.applicationId, d.adjustedAmountFen, d.answer],
      );
  }

  /** Finality: every item still proposed becomes final. */
  async finalizeItems(awardId: string): Promise<void> {
    await this.db.query(
      `UPDATE award_items SET status = 'final' WHERE award_id = $1 AND status = 'proposed'`,
      [awardId],
    );
  }

  async insertEvidence(
    awardId: string,
    e: { evidenceId: string; name: string; mediaType: string; sizeBytes: number; sha256: string },
    at: Date,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO objection_evidence (id, award_id, file_name, media_type, size_bytes, sha256, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [e.evidenceId, awardId, e.name, e.mediaType, e.sizeBytes, e.sha256, at],
    );
  }
}
