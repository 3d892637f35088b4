import { DataSource, EntityManager } from 'typeorm';
import { ProjectMidtermEntity } from '../entities/project-midterm.entity';
import { RecoveryOrderEntity } from '../entities/recovery-order.entity';

/** The template durations the mid-term check reads (absent: the rules' defaults). */
export interface MidtermWindowsRow {
  rectifyWindow: string | null;
  recoveryWindow: string | null;
}

export interface RecoveryListRow {
  id: string;
  title: string;
  institution: string | null;
  amount_fen: string;
  reason: string;
  due_at: Date;
  status: string;
  paid_at: Date | null;
}

/** 中期检查 and 追回单: written by the project's workflow (each with its event), read by the API. */
export class MidtermRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  find(projectId: string): Promise<ProjectMidtermEntity | null> {
    return this.db.getRepository(ProjectMidtermEntity).findOne({ where: { projectId } });
  }

  /** The rectification and recovery windows of the project's program template. */
  async windows(projectId: string): Promise<MidtermWindowsRow> {
    const [row]: Array<{ rectify: string | null; recovery: string | null }> = await this.db.query(
      `SELECT t.template->'durations'->>'rectifyWindow' AS rectify, t.template->'durations'->>'recoveryWindow' AS recovery
         FROM projects p LEFT JOIN calls c ON c.id = p.call_id
         LEFT JOIN program_templates t ON t.id = c.template_id
        WHERE p.id = $1`,
      [projectId],
    );
    return { rectifyWindow: row?.rectify ?? null, recoveryWindow: row?.recovery ?? null };
  }

  /** What the project's agreement has paid out so far (integer fen). */
  async paidFen(projectId: string): Promise<number> {
    const [row]: Array<{ paid: string | null }> = await this.db.query(
      `SELECT sum(i.amount_fen) AS paid FROM installments i JOIN projects p ON p.agreement_id = i.agreement_id
        WHERE p.id = $1 AND i.status = 'paid'`,
      [projectId],
    );
    return Number(row?.paid ?? 0);
  }

  /** The mid-term spending statement as last submitted (all categories, fen) and when, or null. */
  async spendingStatement(projectId: string): Promise<{ spentFen: number; submittedAt: Date } | null> {
    const [row]: Array<{ spent_fen: string | null; submitted_at: Date | null }> = await this.db.query(
      `SELECT spent_fen, submitted_at FROM project_midterms WHERE project_id = $1`,
      [projectId],
    );
    return row?.spent_fen != null && row.submitted_at
      ? { spentFen: Number(row.spent_fen), submittedAt: row.submitted_at }
      : null;
  }

  async open(projectId: string, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO project_midterms (project_id, phase, opened_at) VALUES ($1, 'opened', $2)
       ON CONFLICT (project_id) DO NOTHING`,
      [projectId, at],
    );
  }

  async submit(
    projectId: string,
    s: { submission: object; spentFen: number; actorId: string; at: Date },
  ): Promise<void> {
    // A re-submission after a rectification starts the re-check afresh (the first round's steps stay in the events).
    await this.db.query(
      `UPDATE project_midterms SET phase = 'submitted', submission = $2, spent_fen = $3, submitted_by = $4,
              submitted_at = $5, confirmation = NULL, confirmed_by = NULL, confirmed_at = NULL,
              review = NULL, reviewed_by = NULL, reviewed_at = NULL
        WHERE project_id = $1`,
      [projectId, JSON.stringify(s.submission), s.spentFen, s.actorId, s.at],
    );
  }

  async confirm(projectId: string, c: { opinion: string; actorId: string; at: Date }): Promise<void> {
    await this.db.query(
      `UPDATE project_midterms SET phase = 'confirmed', confirmation = $2, confirmed_by = $3, confirmed_at = $4
        WHERE project_id = $1`,
      [projectId, c.opinion, c.actorId, c.at],
    );
  }

  /** An expert panel sits (中期检查专家组): the check waits for its recommendation. */
  async sitPanel(projectId: string): Promise<void> {
    await this.db.query(`UPDATE project_midterms SET phase = 'panel' WHERE project_id = $1`, [projectId]);
  }

  /** A panel closed without any opinion: the check is back at the confirmed statement. */
  async panelLapsed(projectId: string): Promise<void> {
    await this.db.query(`UPDATE project_midterms SET phase = 'confirmed' WHERE project_id = $1`, [projectId]);
  }

  /** The review: an officer's (`actorId`), or a panel's consolidated recommendation (`actorId` null). */
  async review(projectId: string, r: { review: object; actorId: string | null; at: Date }): Promise<void> {
    await this.db.query(
      `UPDATE project_midterms SET phase = 'reviewed', review = $2, reviewed_by = $3, reviewed_at = $4
        WHERE project_id = $1`,
      [projectId, JSON.stringify(r.review), r.actorId, r.at],
    );
  }

  /** The decision and the project's status it leaves; a rectification opens round 2 with its deadline. */
  async decide(
    projectId: string,
    d: {
      decision: string;
      reasons: string;
      changeNote: string | null;
      actorId: string;
      at: Date;
      fixBy: string | null;
      projectStatus: string;
    },
  ): Promise<void> {
    const rectify = d.decision === 'rectify';
    await this.db.query(
      `UPDATE project_midterms SET phase = $2, decision = $3, reasons = $4, change_note = $5, decided_by = $6,
              decided_at = $7, fix_by = $8, round = round + $9
        WHERE project_id = $1`,
      [
        projectId,
        rectify ? 'rectifying' : 'decided',
        d.decision,
        d.reasons,
        d.changeNote,
        d.actorId,
        d.at,
        d.fixBy,
        rectify ? 1 : 0,
      ],
    );
    await this.db.query(`UPDATE projects SET status = $2 WHERE id = $1`, [projectId, d.projectStatus]);
  }

  async insertRecovery(o: {
    id: string;
    projectId: string;
    amountFen: number;
    reason: string;
    dueAt: string;
    at: Date;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO recovery_orders (id, project_id, amount_fen, reason, due_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [o.id, o.projectId, o.amountFen, o.reason, o.dueAt, o.at],
    );
  }

  async markRecovery(
    id: string,
    status: 'paid' | 'overdue',
    actorId: string | null,
    at: Date,
  ): Promise<void> {
    if (status === 'paid')
      await this.db.query(
        `UPDATE recovery_orders SET status = 'paid', paid_at = $2, paid_by = $3 WHERE id = $1`,
        [id, at, actorId],
      );
    else
      await this.db.query(`UPDATE recovery_orders SET status = 'overdue' WHERE id = $1 AND status = 'open'`, [
        id,
      ]);
  }

  recoveryOrders(projectId: string): Promise<RecoveryOrderEntity[]> {
    return this.db
      .getRepository(RecoveryOrderEntity)
      .find({ where: { projectId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Every recovery order, for the finance bureau's list: open and overdue first, then by deadline. */
  recoveryList(): Promise<RecoveryListRow[]> {
    return this.db.query(
      `SELECT o.id, p.title, inst.name AS institution, o.amount_fen, o.reason, o.due_at, o.status, o.paid_at
         FROM recovery_orders o JOIN projects p ON p.id = o.project_id
         LEFT JOIN institutions inst ON inst.id = p.institution_id
        ORDER BY (o.status = 'paid'), o.due_at, o.id`,
    );
  }
}
