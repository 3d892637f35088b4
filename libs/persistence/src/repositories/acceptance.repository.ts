import { DataSource, EntityManager } from 'typeorm';

/** A project's acceptance as its row holds it (snake_case columns, numbers as the driver gives them). */
export interface AcceptanceRow {
  project_id: string;
  phase: string;
  round: number;
  opened_at: Date;
  apply_by: Date;
  fails_at: Date;
  dossier: Record<string, unknown> | null;
  completion: string | null;
  spent_fen: string | null;
  late: boolean;
  submitted_by: string | null;
  submitted_at: Date | null;
  confirmation: string | null;
  confirmed_by: string | null;
  confirmed_at: Date | null;
  formal_check: { complete: boolean; findings: string; unapprovedChanges: number } | null;
  checked_by: string | null;
  checked_at: Date | null;
  review: {
    opinion: string;
    recommendation: string;
    falseMaterial: boolean;
    spendingIssues: boolean;
    by?: 'panel';
    panelId?: string;
  } | null;
  reviewed_by: string | null;
  reviewed_at: Date | null;
  fix_by: Date | null;
  verdict: string | null;
  excellent: boolean;
  reasons: string | null;
  automatic: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  objections_until: Date | null;
  settlement: Record<string, unknown> | null;
  final_at: Date | null;
}

export interface AcceptanceObjectionRow {
  id: string;
  project_id: string;
  round: number;
  name: string;
  reasons: string;
  filed_by: string;
  filed_at: Date;
  outcome: string | null;
  reply: string | null;
  answered_by: string | null;
  answered_at: Date | null;
}

/** A published conclusion as the public list shows it. */
export interface PublishedConclusionRow {
  project_id: string;
  title: string;
  institution: string | null;
  verdict: string;
  project_kind: 'research' | 'dispatch' | null;
  excellent: boolean;
  reasons: string | null;
  phase: string;
  decided_at: Date;
  objections_until: Date;
}

/** 验收: written by the project's workflow (each step with its event), read by the API. */
export class AcceptanceRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async find(projectId: string): Promise<AcceptanceRow | null> {
    const [row]: AcceptanceRow[] = await this.db.query(
      `SELECT * FROM project_acceptances WHERE project_id = $1`,
      [projectId],
    );
    return row ?? null;
  }

  /**
   * The template's acceptance durations, audit threshold and project kind (absent: null, the rules'
   * defaults; a dispatch's acceptance is its yearly assessment).
   */
  async terms(projectId: string): Promise<{
    durations: Record<string, unknown> | null;
    auditThresholdFen: number | null;
    projectKind: 'research' | 'dispatch' | null;
  }> {
    const [row]: Array<{
      durations: Record<string, unknown> | null;
      audit: string | null;
      kind: 'research' | 'dispatch' | null;
    }> = await this.db.query(
      `SELECT t.template->'durations' AS durations, t.template->'funding'->>'auditThresholdFen' AS audit,
              t.template->>'projectKind' AS kind
         FROM projects p LEFT JOIN calls c ON c.id = p.call_id
         LEFT JOIN program_templates t ON t.id = c.template_id
        WHERE p.id = $1`,
      [projectId],
    );
    return {
      durations: row?.durations ?? null,
      auditThresholdFen: row?.audit ? Number(row.audit) : null,
      projectKind: row?.kind ?? null,
    };
  }

  /** The content of the project's accepted service logs (each its last version), oldest first. */
  async acceptedServiceLogs(projectId: string): Promise<Array<Record<string, unknown>>> {
    const rows: Array<{ content: Record<string, unknown> }> = await this.db.query(
      `SELECT v.content FROM project_reports r
         JOIN LATERAL (SELECT content FROM project_report_versions x
                        WHERE x.project_id = r.project_id AND x.seq = r.seq
                        ORDER BY x.version DESC LIMIT 1) v ON true
        WHERE r.project_id = $1 AND r.status = 'accepted'
        ORDER BY r.seq`,
      [projectId],
    );
    return rows.map((r) => r.content);
  }

  /** The indicators of the project's agreement as it stands (its latest version; none: []). */
  async agreedIndicators(projectId: string): Promise<Array<{ name: string; unit: string; target: number }>> {
    const [row]: Array<{ indicators: Array<{ name: string; unit: string; target: number }> | null }> =
      await this.db.query(
        `SELECT a.content->'indicators' AS indicators FROM projects p JOIN agreements a ON a.id = p.agreement_id
          WHERE p.id = $1`,
        [projectId],
      );
    return (row?.indicators ?? []).map((i) => ({ name: i.name, unit: i.unit, target: Number(i.target) }));
  }

  /** Installments released by the acceptance and not yet paid (fen). */
  async releasedOnPassFen(projectId: string): Promise<number> {
    const [row]: Array<{ due: string | null }> = await this.db.query(
      `SELECT sum(i.amount_fen) AS due FROM installments i JOIN projects p ON p.agreement_id = i.agreement_id
        WHERE p.id = $1 AND i.released_by = 'acceptance' AND i.status <> 'paid'`,
      [projectId],
    );
    return Number(row?.due ?? 0);
  }

  async open(projectId: string, o: { at: Date; applyBy: string; failsAt: string }): Promise<void> {
    await this.db.query(
      `INSERT INTO project_acceptances (project_id, phase, opened_at, apply_by, fails_at)
       VALUES ($1, 'awaiting', $2, $3, $4) ON CONFLICT (project_id) DO NOTHING`,
      [projectId, o.at, o.applyBy, o.failsAt],
    );
  }

  /** A dossier (the first, a returned one again, or the rectified one in round 2): the later steps start afresh. */
  async submit(
    projectId: string,
    s: {
      round: number;
      dossier: object;
      completion: number;
      spentFen: number;
      late: boolean;
      actorId: string;
      at: Date;
    },
  ): Promise<void> {
    await this.db.query(
      `UPDATE project_acceptances SET phase = 'submitted', round = $2, dossier = $3, completion = $4, spent_fen = $5,
              late = $6, submitted_by = $7, submitted_at = $8, confirmation = NULL, confirmed_by = NULL,
              confirmed_at = NULL, formal_check = NULL, checked_by = NULL, checked_at = NULL, review = NULL,
              reviewed_by = NULL, reviewed_at = NULL
        WHERE project_id = $1`,
      [projectId, s.round, JSON.stringify(s.dossier), s.completion, s.spentFen, s.late, s.actorId, s.at],
    );
  }

  async confirm(projectId: string, c: { opinion: string; actorId: string; at: Date }): Promise<void> {
    await this.db.query(
      `UPDATE project_acceptances SET phase = 'confirmed', confirmation = $2, confirmed_by = $3, confirmed_at = $4
        WHERE project_id = $1`,
      [projectId, c.opinion, c.actorId, c.at],
    );
  }

  /** The formal check: complete → under review; incomplete → back to the PI (`phase`). */
  async check(
    projectId: string,
    c: { phase: string; check: object; actorId: string; at: Date },
  ): Promise<void> {
    await this.db.query(
      `UPDATE project_acceptances SET phase = $2, formal_check = $3, checked_by = $4, checked_at = $5
        WHERE project_id = $1`,
      [projectId, c.phase, JSON.stringify(c.check), c.actorId, c.at],
    );
  }

  /** An expert panel sits (验收专家组): the acceptance waits for its consolidated review. */
  async sitPanel(projectId: string): Promise<void> {
    await this.db.query(`UPDATE project_acceptances SET phase = 'panel' WHERE project_id = $1`, [projectId]);
  }

  /** A panel closed without any opinion: the acceptance is back at the checked dossier. */
  async panelLapsed(projectId: string): Promise<void> {
    await this.db.query(`UPDATE project_acceptances SET phase = 'checked' WHERE project_id = $1`, [
      projectId,
    ]);
  }

  /** The review: an officer's (`actorId`), or a panel's consolidated one (`actorId` null). */
  async review(projectId: string, r: { review: object; actorId: string | null; at: Date }): Promise<void> {
    await this.db.query(
      `UPDATE project_acceptances SET phase = 'reviewed', review = $2, reviewed_by = $3, reviewed_at = $4
        WHERE project_id = $1`,
      [projectId, JSON.stringify(r.review), r.actorId, r.at],
    );
  }

  /** 需要复议 / 整改: round 2 with its deadline; the project rectifying. */
  async rectify(
    projectId: string,
    r: { reasons: string; fixBy: string; actorId: string; at: Date },
  ): Promise<void> {
    await this.db.query(
      `UPDATE project_acceptances SET phase = 'rectifying', round = 2, verdict = 'conditional', reasons = $2,
              fix_by = $3, decided_by = $4, decided_at = $5
        WHERE project_id = $1`,
      [projectId, r.reasons, r.fixBy, r.actorId, r.at],
    );
    await this.db.query(`UPDATE projects SET status = 'rectifying' WHERE id = $1`, [projectId]);
  }

  async publish(
    projectId: string,
    p: {
      verdict: string;
      reasons: string;
      excellent: boolean;
      objectionsUntil: string;
      automatic: string | null;
      actorId: string | null;
      at: Date;
    },
  ): Promise<void> {
    await this.db.query(
      `UPDATE project_acceptances SET phase = 'published', verdict = $2, reasons = $3, excellent = $4,
              objections_until = $5, automatic = $6, decided_by = $7, decided_at = $8
        WHERE project_id = $1`,
      [projectId, p.verdict, p.reasons, p.excellent, p.objectionsUntil, p.automatic, p.actorId, p.at],
    );
  }

  async addObjection(o: {
    id: string;
    projectId: string;
    round: number;
    name: string;
    reasons: string;
    actorId: string;
    at: Date;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO acceptance_objections (id, project_id, round, name, reasons, filed_by, filed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [o.id, o.projectId, o.round, o.name, o.reasons, o.actorId, o.at],
    );
  }

  /** The answer; an upheld objection withdraws the verdict (the officer decides again on the review). */
  async answerObjection(
    projectId: string,
    a: { id: string; outcome: string; reply: string; actorId: string; at: Date },
  ): Promise<void> {
    await this.db.query(
      `UPDATE acceptance_objections SET outcome = $2, reply = $3, answered_by = $4, answered_at = $5
        WHERE id = $1 AND outcome IS NULL`,
      [a.id, a.outcome, a.reply, a.actorId, a.at],
    );
    if (a.outcome === 'upheld')
      await this.db.query(
        `UPDATE project_acceptances SET phase = 'reviewed', verdict = NULL, excellent = false, objections_until = NULL
          WHERE project_id = $1`,
        [projectId],
      );
  }

  /** The verdict final: the settlement kept on the row, the project's status. */
  async finalize(
    projectId: string,
    f: { projectStatus: string; settlement: object; at: Date },
  ): Promise<void> {
    await this.db.query(
      `UPDATE project_acceptances SET phase = 'final', settlement = $2, final_at = $3 WHERE project_id = $1`,
      [projectId, JSON.stringify(f.settlement), f.at],
    );
    await this.db.query(`UPDATE projects SET status = $2 WHERE id = $1`, [projectId, f.projectStatus]);
  }

  objections(projectId: string): Promise<AcceptanceObjectionRow[]> {
    return this.db.query(`SELECT * FROM acceptance_objections WHERE project_id = $1 ORDER BY filed_at, id`, [
      projectId,
    ]);
  }

  /** 验收结论公示: every published or final conclusion, newest first (with the kind that names it). */
  published(limit: number): Promise<PublishedConclusionRow[]> {
    return this.db.query(
      `SELECT a.project_id, p.title, inst.name AS institution, a.verdict, a.excellent, a.reasons, a.phase,
              a.decided_at, a.objections_until, t.template->>'projectKind' AS project_kind
         FROM project_acceptances a JOIN projects p ON p.id = a.project_id
         LEFT JOIN institutions inst ON inst.id = p.institution_id
         LEFT JOIN calls c ON c.id = p.call_id
         LEFT JOIN program_templates t ON t.id = c.template_id
        WHERE a.phase IN ('published', 'final') AND a.verdict IS NOT NULL
        ORDER BY a.decided_at DESC, a.project_id LIMIT $1`,
      [limit],
    );
  }
}
