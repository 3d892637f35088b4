import { DataSource, EntityManager } from 'typeorm';
import type { ApplicationContent, Page, PageQuery, ReviewAssignmentStatus } from '@kjflow/domain';
import { ReviewAssignmentEntity } from '../entities/review-assignment.entity';
import { atMillis, keysetPage } from '../pagination';

/** A row of `review_assignments`: one invitation of one expert to one application. */
export interface ReviewAssignmentRow {
  id: string;
  round_id: string;
  application_id: string;
  expert_id: string;
  status: ReviewAssignmentStatus;
  draw: number;
  affinity: string;
  replaces: string | null;
  respond_by: Date;
  score_by: Date | null;
  responded_at: Date | null;
  opened_at: Date | null;
  reason: string | null;
  sheet: object | null;
  weighted_score: string | null;
  submitted_at: Date | null;
  created_at: Date;
}

/** A change of an invitation's status (and what comes with it), as its workflow records it. */
export interface AssignmentStatusChange {
  status: ReviewAssignmentStatus;
  at: Date;
  scoreBy?: string | null;
  reason?: string | null;
  sheet?: object;
  weightedScore?: number;
}

/** The application as an expert opens it (the view decides what a blind review hides). */
export interface ApplicationForExpert {
  id: string;
  content: ApplicationContent;
  call_id: string;
  submitted_at: Date | null;
  institution: string | null;
  applicant: string;
}

/** Invitations (评审任务) of the review rounds: drawn, redrawn, answered, scored. */
export class ReviewAssignmentRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async byId(id: string): Promise<ReviewAssignmentRow | undefined> {
    const [a] = await this.db.query(`SELECT * FROM review_assignments WHERE id = $1`, [id]);
    return a;
  }

  /** Every invitation of a round with its expert's name and application's title. */
  ofRound(roundId: string): Promise<Array<ReviewAssignmentRow & { expert_name: string; title: string }>> {
    return this.db.query(
      `SELECT ra.*, e.name AS expert_name, a.content->>'title' AS title
         FROM review_assignments ra JOIN experts e ON e.id = ra.expert_id JOIN applications a ON a.id = ra.application_id
        WHERE ra.round_id = $1 ORDER BY ra.application_id, ra.draw, ra.expert_id`,
      [roundId],
    );
  }

  /** One page of an expert's invitations, soonest answer first, each with its application's title. */
  async pageOfExpert(
    expertId: string,
    page: PageQuery,
  ): Promise<Page<ReviewAssignmentRow & { title: string }>> {
    const result = await keysetPage(
      this.db
        .getRepository(ReviewAssignmentEntity)
        .createQueryBuilder('e')
        .where('e.expert_id = :expertId', { expertId }),
      {
        columns: [atMillis('e.respond_by'), 'e.id'],
        direction: 'ASC',
        cursorOf: (e) => [e.respondBy.toISOString(), e.id],
      },
      page,
    );
    const ids = [...new Set(result.items.map((e) => e.applicationId))];
    const titles: Array<{ id: string; title: string }> = ids.length
      ? await this.db.query(
          `SELECT id, content->>'title' AS title FROM applications WHERE id = ANY ($1::uuid[])`,
          [ids],
        )
      : [];
    const titleOf = new Map(titles.map((t) => [t.id, t.title]));
    return {
      items: result.items.map((e) => ({ ...assignmentRowOf(e), title: titleOf.get(e.applicationId) ?? '' })),
      next: result.next,
    };
  }

  /** Who holds which invitation of a round, and how it stands (for a redraw). */
  statusesOfRound(
    roundId: string,
  ): Promise<Array<{ application_id: string; expert_id: string; status: ReviewAssignmentStatus }>> {
    return this.db.query(
      `SELECT application_id, expert_id, status FROM review_assignments WHERE round_id = $1`,
      [roundId],
    );
  }

  /** Inside the draw's transaction: the first invitations of a round. */
  async insertDrawn(
    roundId: string,
    pairs: ReadonlyArray<{ applicationId: string; expertId: string; affinity: number }>,
    respondBy: Date,
  ): Promise<void> {
    for (const p of pairs)
      await this.db.query(
        `INSERT INTO review_assignments (id, round_id, application_id, expert_id, status, draw, affinity, respond_by)
         VALUES (gen_random_uuid(), $1, $2, $3, 'invited', 0, $4, $5)`,
        [roundId, p.applicationId, p.expertId, p.affinity, respondBy],
      );
  }

  /** The round's first invitations (draw 0), in a stable order. */
  drawn(
    roundId: string,
  ): Promise<Array<Pick<ReviewAssignmentRow, 'id' | 'application_id' | 'expert_id' | 'respond_by'>>> {
    return this.db.query(
      `SELECT id, application_id, expert_id, respond_by FROM review_assignments WHERE round_id = $1 AND draw = 0 ORDER BY application_id, expert_id`,
      [roundId],
    );
  }

  /** Inside the redraw's transaction: the replacement of an invitation that ended without a score. */
  async insertReplacement(r: {
    roundId: string;
    applicationId: string;
    expertId: string;
    draw: number;
    affinity: number;
    replaces: string;
    respondBy: Date;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO review_assignments (id, round_id, application_id, expert_id, status, draw, affinity, replaces, respond_by)
       VALUES (gen_random_uuid(), $1, $2, $3, 'invited', $4, $5, $6, $7)`,
      [r.roundId, r.applicationId, r.expertId, r.draw, r.affinity, r.replaces, r.respondBy],
    );
  }

  async replacementOf(assignmentId: string): Promise<ReviewAssignmentRow | undefined> {
    const [row] = await this.db.query(`SELECT * FROM review_assignments WHERE replaces = $1`, [assignmentId]);
    return row;
  }

  /** Inside the invitation activity's transaction: the new status and what comes with it. */
  async recordStatus(id: string, c: AssignmentStatusChange): Promise<void> {
    await this.db.query(
      `UPDATE review_assignments SET status = $2,
              responded_at = CASE WHEN $2 IN ('accepted', 'declined') THEN $3 ELSE responded_at END,
              score_by = COALESCE($4, score_by), reason = COALESCE($5, reason),
              sheet = COALESCE($6::jsonb, sheet), weighted_score = COALESCE($7, weighted_score),
              submitted_at = CASE WHEN $2 = 'submitted' THEN $3 ELSE submitted_at END
        WHERE id = $1`,
      [
        id,
        c.status,
        c.at,
        c.scoreBy ?? null,
        c.reason ?? null,
        c.sheet ? JSON.stringify(c.sheet) : null,
        c.weightedScore ?? null,
      ],
    );
  }

  /** Inside the draft activity's transaction: the draft kept; the first one marks the opening. */
  async saveDraft(id: string, sheet: object, at: Date): Promise<void> {
    await this.db.query(
      `UPDATE review_assignments SET sheet = $2, opened_at = COALESCE(opened_at, $3) WHERE id = $1`,
      [id, JSON.stringify(sheet), at],
    );
  }

  /** The application an invitation is about, with the names a non-blind review shows. */
  async application(applicationId: string): Promise<ApplicationForExpert | undefined> {
    const [app] = await this.db.query(
      `SELECT a.id, a.content, a.call_id, a.submitted_at, i.name AS institution, u.display_name AS applicant
         FROM applications a LEFT JOIN institutions i ON i.id = a.institution_id JOIN users u ON u.id = a.applicant_id
        WHERE a.id = $1`,
      [applicationId],
    );
    return app;
  }
}

/** The entity as the row the views read. */
function assignmentRowOf(e: ReviewAssignmentEntity): ReviewAssignmentRow {
  return {
    id: e.id,
    round_id: e.roundId,
    application_id: e.applicationId,
    expert_id: e.expertId,
    status: e.status,
    draw: e.draw,
    affinity: e.affinity,
    replaces: e.replaces,
    respond_by: e.respondBy,
    score_by: e.scoreBy,
    responded_at: e.respondedAt,
    opened_at: e.openedAt,
    reason: e.reason,
    sheet: e.sheet,
    weighted_score: e.weightedScore,
    submitted_at: e.submittedAt,
    created_at: e.createdAt,
  };
}
