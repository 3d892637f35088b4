import { DataSource, EntityManager } from 'typeorm';
import type { ReportStatus } from '@kjflow/domain';

export interface ProjectReportRow {
  seq: number;
  dueAt: Date;
  status: ReportStatus;
}
export interface ProjectReportVersionRow {
  seq: number;
  version: number;
  content: Record<string, unknown>;
  submittedBy: string;
  submittedAt: Date;
  reviews: Array<{ step: 'confirmed' | 'accepted' | 'returned'; actorId: string; comment: string; at: Date }>;
}

/** 进展报告: the scheduled reports of a project, their versions and the reviews of each version. */
export class ProjectReportRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The project's scheduled reports, in order. */
  async ofProject(projectId: string): Promise<ProjectReportRow[]> {
    const rows: Array<{ seq: number; due_at: Date; status: ReportStatus }> = await this.db.query(
      `SELECT seq, due_at, status FROM project_reports WHERE project_id = $1 ORDER BY seq`,
      [projectId],
    );
    return rows.map((r) => ({ seq: r.seq, dueAt: r.due_at, status: r.status }));
  }

  /** Every version of the project's reports (of one report with `seq`), oldest first, with reviews. */
  async versions(projectId: string, seq?: number): Promise<ProjectReportVersionRow[]> {
    const versions: Array<{
      seq: number;
      version: number;
      content: Record<string, unknown>;
      submitted_by: string;
      submitted_at: Date;
    }> = await this.db.query(
      `SELECT seq, version, content, submitted_by, submitted_at FROM project_report_versions
        WHERE project_id = $1 AND ($2::int IS NULL OR seq = $2) ORDER BY seq, version`,
      [projectId, seq ?? null],
    );
    const reviews: Array<{
      seq: number;
      version: number;
      step: 'confirmed' | 'accepted' | 'returned';
      actor_id: string;
      comment: string;
      at: Date;
    }> = await this.db.query(
      `SELECT seq, version, step, actor_id, comment, at FROM project_report_reviews
        WHERE project_id = $1 AND ($2::int IS NULL OR seq = $2) ORDER BY at, step`,
      [projectId, seq ?? null],
    );
    return versions.map((v) => ({
      seq: v.seq,
      version: v.version,
      content: v.content,
      submittedBy: v.submitted_by,
      submittedAt: v.submitted_at,
      reviews: reviews
        .filter((r) => r.seq === v.seq && r.version === v.version)
        .map((r) => ({ step: r.step, actorId: r.actor_id, comment: r.comment, at: r.at })),
    }));
  }

  /**
   * What installments of the agreement's project are decided on: reports past their due date and
   * not accepted, and how many are accepted. Null when the agreement started no project.
   */
  async agreementFacts(
    agreementId: string,
    now: Date,
  ): Promise<{ overdueReports: Array<{ seq: number; dueAt: string }>; acceptedReports: number } | null> {
    const rows: Array<{ seq: number | null; due_at: Date | null; status: string | null }> =
      await this.db.query(
        `SELECT r.seq, r.due_at, r.status FROM projects p
         LEFT JOIN project_reports r ON r.project_id = p.id
        WHERE p.agreement_id = $1 ORDER BY r.seq`,
        [agreementId],
      );
    if (rows.length === 0) return null;
    const reports = rows.filter((r) => r.seq !== null) as Array<{
      seq: number;
      due_at: Date;
      status: string;
    }>;
    return {
      overdueReports: reports
        .filter((r) => r.status !== 'accepted' && r.due_at.getTime() < now.getTime())
        .map((r) => ({ seq: r.seq, dueAt: r.due_at.toISOString() })),
      acceptedReports: reports.filter((r) => r.status === 'accepted').length,
    };
  }

  /**
   * The latest accepted report (by when its accepted version was submitted): its seq, the spending
   * of that version by category and the submission time. Null before any report is accepted.
   */
  async latestAccepted(
    projectId: string,
  ): Promise<{ seq: number; spending: Array<{ spentFen: number }>; submittedAt: Date } | null> {
    const [row]: Array<{ seq: number; spending: Array<{ spentFen: number }> | null; submitted_at: Date }> =
      await this.db.query(
        `SELECT v.seq, v.content->'spending' AS spending, v.submitted_at FROM project_report_versions v
           JOIN project_report_reviews r
             ON r.project_id = v.project_id AND r.seq = v.seq AND r.version = v.version AND r.step = 'accepted'
          WHERE v.project_id = $1
          ORDER BY v.submitted_at DESC, v.seq DESC LIMIT 1`,
        [projectId],
      );
    return row ? { seq: row.seq, spending: row.spending ?? [], submittedAt: row.submitted_at } : null;
  }

  /** The project's PI and host institution (the credit record names the PI). */
  async holders(projectId: string): Promise<{ piId: string; institutionId: string } | null> {
    const [row]: Array<{ pi_id: string; institution_id: string }> = await this.db.query(
      `SELECT pi_id, institution_id FROM projects WHERE id = $1`,
      [projectId],
    );
    return row ? { piId: row.pi_id, institutionId: row.institution_id } : null;
  }

  // ---- writes (the project's workflow, in the event's transaction) ------------------------------

  async insertVersion(
    projectId: string,
    seq: number,
    version: number,
    content: Record<string, unknown>,
    by: string,
    at: Date,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO project_report_versions (project_id, seq, version, content, submitted_by, submitted_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [projectId, seq, version, JSON.stringify(content), by, at],
    );
    await this.setStatus(projectId, seq, 'submitted');
  }

  async insertReview(
    projectId: string,
    seq: number,
    version: number,
    step: 'confirmed' | 'accepted' | 'returned',
    by: string,
    comment: string,
    at: Date,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO project_report_reviews (project_id, seq, version, step, actor_id, comment, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [projectId, seq, version, step, by, comment, at],
    );
    await this.setStatus(projectId, seq, step);
  }

  private async setStatus(projectId: string, seq: number, status: ReportStatus): Promise<void> {
    await this.db.query(`UPDATE project_reports SET status = $3 WHERE project_id = $1 AND seq = $2`, [
      projectId,
      seq,
      status,
    ]);
  }
}
