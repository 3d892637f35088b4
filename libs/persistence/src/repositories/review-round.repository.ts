import { DataSource, EntityManager } from 'typeorm';
import type { AssignmentStrategy, PanelOutcome } from '@kjflow/domain';
import { ReviewPanelEntity } from '../entities/review-panel.entity';
import { ReviewRoundEntity, type ReviewRoundPolicy } from '../entities/review-round.entity';

export interface NewReviewRound {
  id: string;
  callId: string;
  strategy: AssignmentStrategy;
  k: number;
  maxProbability: number | null;
  seed: number;
  policy: ReviewRoundPolicy;
  createdBy: string;
}

/** A round's application as the ranking reads it. */
export interface RoundApplicationRow {
  id: string;
  title: string;
  topic_id: string | null;
  submitted_at: Date;
  requested: string | null;
}

/** Review rounds (评审轮次) with their panels (会评) and the draw's shortfalls. */
export class ReviewRoundRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async byId(id: string): Promise<ReviewRoundEntity | undefined> {
    return (await this.db.getRepository(ReviewRoundEntity).findOneBy({ id })) ?? undefined;
  }

  /** The pairs the conflict-of-interest engine excluded, with their reasons (from the draw's record). */
  async conflicts(id: string): Promise<unknown[]> {
    const rows: Array<{ conflicts: unknown[] | null }> = await this.db.query(
      `SELECT result -> 'conflicts' AS conflicts FROM review_rounds WHERE id = $1`,
      [id],
    );
    return rows[0]?.conflicts ?? [];
  }

  /** The draw's record (its input and pairs), for a replay; null before the draw. */
  async drawRecord(id: string): Promise<{ pairs: unknown[]; input?: unknown } | null> {
    const rows: Array<{ draw: { pairs: unknown[]; input?: unknown } | null }> = await this.db.query(
      `SELECT result -> 'draw' AS draw FROM review_rounds WHERE id = $1`,
      [id],
    );
    return rows[0]?.draw ?? null;
  }

  /** Inside the activity's transaction (see appendWithChange). */
  async insert(r: NewReviewRound): Promise<void> {
    await this.db.query(
      `INSERT INTO review_rounds (id, call_id, strategy, experts_per_application, probability_cap, seed, policy, status, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'reviewing', $8)`,
      [r.id, r.callId, r.strategy, r.k, r.maxProbability, r.seed, JSON.stringify(r.policy), r.createdBy],
    );
  }

  /** The draw's record: the input is kept with the result, so the draw can be replayed and audited. */
  async recordDraw(
    id: string,
    d: { inputHash: string; solverVersion: string; draw: unknown; conflicts: unknown },
  ): Promise<void> {
    await this.db.query(
      `UPDATE review_rounds SET input_hash = $2, solver_version = $3, updated_at = now(),
              result = jsonb_build_object('draw', $4::jsonb, 'conflicts', $5::jsonb) WHERE id = $1`,
      [id, d.inputHash, d.solverVersion, JSON.stringify(d.draw), JSON.stringify(d.conflicts)],
    );
  }

  async markScored(id: string): Promise<void> {
    await this.db.query(`UPDATE review_rounds SET status = 'scored', updated_at = now() WHERE id = $1`, [id]);
  }

  /** Slots left empty because nobody qualified was left to draw (the round's redraw_failed events). */
  async shortfalls(
    roundWorkflowId: string,
  ): Promise<Array<{ replaces: string; applicationId: string; reason: unknown }>> {
    const rows: Array<{ subject_id: string; payload: { applicationId: string; reason: unknown } }> =
      await this.db.query(
        `SELECT subject_id, payload FROM domain_events WHERE type = 'review.redraw_failed' AND workflow_id = $1
          ORDER BY occurred_at, id`,
        [roundWorkflowId],
      );
    return rows.map((f) => ({ replaces: f.subject_id, ...f.payload }));
  }

  /** The applications of the round (those with at least one invitation). */
  applications(id: string): Promise<RoundApplicationRow[]> {
    return this.db.query(
      `SELECT DISTINCT a.id, a.content->>'title' AS title, a.topic_id, a.submitted_at, (a.content->>'requestedFen') AS requested
         FROM applications a JOIN review_assignments ra ON ra.application_id = a.id WHERE ra.round_id = $1`,
      [id],
    );
  }

  /** The submitted scores of the round. */
  async scores(id: string): Promise<Array<{ applicationId: string; expertId: string; score: number }>> {
    const rows: Array<{ application_id: string; expert_id: string; weighted_score: string }> =
      await this.db.query(
        `SELECT application_id, expert_id, weighted_score FROM review_assignments WHERE round_id = $1 AND status = 'submitted'`,
        [id],
      );
    return rows.map((s) => ({
      applicationId: s.application_id,
      expertId: s.expert_id,
      score: Number(s.weighted_score),
    }));
  }

  async panels(id: string): Promise<Array<{ applicationId: string; outcome: PanelOutcome }>> {
    const rows = await this.db.getRepository(ReviewPanelEntity).findBy({ roundId: id });
    return rows.map((p) => ({ applicationId: p.applicationId, outcome: p.outcome }));
  }

  /** Inside the activity's transaction (see appendWithChange). */
  async insertPanel(p: ReviewPanelEntity): Promise<void> {
    await this.db.getRepository(ReviewPanelEntity).insert(p);
  }
}
