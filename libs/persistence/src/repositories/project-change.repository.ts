import { DataSource, EntityManager } from 'typeorm';
import type { ChangeStatus, ChangeStep, Page, PageQuery } from '@kjflow/domain';
import { ACTIVE_PROJECT_STATUSES, shanghaiDate } from '@kjflow/domain';
import { ProjectChangeEntity } from '../entities/project-change.entity';
import { keysetPage } from '../pagination';
import { AgreementRepository } from './agreement.repository';

/** What a project's change requests are decided and applied on. */
export interface ProjectChangeFactsRow {
  projectId: string;
  programCode: string;
  piId: string;
  institutionId: string;
  startsAt: Date | null;
  endsAt: Date | null;
  agreementId: string | null;
  agreementVersion: number | null;
  agreementContent: Record<string, unknown> | null;
  template: {
    durations?: { reportCadence?: string };
    funding?: { lumpSum?: boolean };
    changes?: Record<string, unknown>;
  } | null;
}

/** Change requests (变更申请) of projects, and what an approved one changes. */
export class ProjectChangeRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  // ---- reads -------------------------------------------------------------------------------------

  /** A project's change requests, oldest first. */
  page(projectId: string, page: PageQuery): Promise<Page<ProjectChangeEntity>> {
    const query = this.db
      .getRepository(ProjectChangeEntity)
      .createQueryBuilder('c')
      .where('c.project_id = :projectId', { projectId });
    return keysetPage(
      query,
      {
        columns: ['c.requested_at', 'c.id'],
        direction: 'ASC',
        cursorOf: (c) => [c.requestedAt.toISOString(), c.id],
      },
      page,
    );
  }

  find(projectId: string, id: string): Promise<ProjectChangeEntity | null> {
    return this.db.getRepository(ProjectChangeEntity).findOne({ where: { id, projectId } });
  }

  /** The project, its agreement's latest terms and its program template. */
  async facts(projectId: string): Promise<ProjectChangeFactsRow | null> {
    const [r] = await this.db.query(
      `SELECT p.id, p.program_code, p.pi_id, p.institution_id, p.starts_at, p.ends_at, p.agreement_id,
              a.version AS agreement_version, a.content AS agreement_content, t.template
         FROM projects p LEFT JOIN agreements a ON a.id = p.agreement_id
         LEFT JOIN calls c ON c.id = p.call_id
         LEFT JOIN program_templates t ON t.id = c.template_id
        WHERE p.id = $1`,
      [projectId],
    );
    return r
      ? {
          projectId: r.id,
          programCode: r.program_code,
          piId: r.pi_id,
          institutionId: r.institution_id,
          startsAt: r.starts_at,
          endsAt: r.ends_at,
          agreementId: r.agreement_id,
          agreementVersion: r.agreement_version,
          agreementContent: r.agreement_content,
          template: r.template,
        }
      : null;
  }

  /**
   * 限项 of a would-be PI (RULES §3): titles of their active projects in the program, and of
   * their active projects past the end (overdue, unaccepted).
   */
  async piLoad(
    piId: string,
    programCode: string,
    now: Date,
  ): Promise<{ ongoing: string[]; overdue: string[] }> {
    const rows: Array<{ title: string; program_code: string; ends_on: string }> = await this.db.query(
      `SELECT title, program_code, ends_on::text FROM projects WHERE pi_id = $1 AND status = ANY($2)`,
      [piId, ACTIVE_PROJECT_STATUSES],
    );
    const today = shanghaiDate(now);
    return {
      ongoing: rows.filter((r) => r.program_code === programCode && r.ends_on >= today).map((r) => r.title),
      overdue: rows.filter((r) => r.ends_on < today).map((r) => r.title),
    };
  }

  // ---- writes (the project's workflow, in the event's transaction) ----------------------------------

  async insert(c: {
    id: string;
    projectId: string;
    kind: string;
    reason: string;
    detail: Record<string, unknown>;
    steps: ChangeStep[];
    requestedBy: string;
    requestedAt: Date;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO project_changes (id, project_id, kind, reason, detail, steps, requested_by, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        c.id,
        c.projectId,
        c.kind,
        c.reason,
        JSON.stringify(c.detail),
        JSON.stringify(c.steps),
        c.requestedBy,
        c.requestedAt,
      ],
    );
  }

  /** One step's decision; a rejection (or the last approval, through approve()) ends the request. */
  async addDecision(
    id: string,
    d: { step: ChangeStep; decision: 'approve' | 'reject'; comment: string | null; decidedBy: string },
    at: Date,
    status: ChangeStatus,
  ): Promise<void> {
    await this.db.query(
      `UPDATE project_changes
          SET decisions = decisions || $2::jsonb, status = $3,
              decided_at = CASE WHEN $3 = 'pending' THEN NULL ELSE $4::timestamptz END
        WHERE id = $1`,
      [id, JSON.stringify([{ ...d, decidedAt: at.toISOString() }]), status, at],
    );
  }

  /**
   * An approved change takes effect: the agreement's new version (its changes over the latest
   * terms, with the note), then the project where the change moves it; the request keeps the
   * version, the diff and the effect.
   */
  async approve(
    id: string,
    a: {
      agreementId: string | null;
      agreementChanges: Record<string, unknown>;
      diff: Array<{ path: string; before: unknown; after: unknown }>;
      newVersion: number | null;
      note: string;
      revisedBy: string;
      project: {
        id: string;
        endsAt?: string;
        addedReports?: Array<{ seq: number; dueAt: string }>;
        piId?: string;
        institutionId?: string;
        terminated?: boolean;
      };
      effect: Record<string, unknown>;
    },
    at: Date,
  ): Promise<void> {
    if (a.agreementId && a.newVersion !== null)
      await new AgreementRepository(this.db).revise(
        a.agreementId,
        { changes: a.agreementChanges, newVersion: a.newVersion, note: a.note, revisedBy: a.revisedBy },
        at,
      );
    const p = a.project;
    if (p.endsAt) {
      await this.db.query(`UPDATE projects SET ends_at = $2, ends_on = $3 WHERE id = $1`, [
        p.id,
        p.endsAt,
        shanghaiDate(p.endsAt),
      ]);
      for (const r of p.addedReports ?? [])
        await this.db.query(`INSERT INTO project_reports (project_id, seq, due_at) VALUES ($1, $2, $3)`, [
          p.id,
          r.seq,
          r.dueAt,
        ]);
    }
    if (p.piId) await this.db.query(`UPDATE projects SET pi_id = $2 WHERE id = $1`, [p.id, p.piId]);
    if (p.institutionId)
      await this.db.query(
        `UPDATE projects SET institution_id = $2,
                county = COALESCE((SELECT county FROM institutions WHERE id = $2), county)
          WHERE id = $1`,
        [p.id, p.institutionId],
      );
    if (p.terminated) await this.db.query(`UPDATE projects SET status = 'terminated' WHERE id = $1`, [p.id]);
    await this.db.query(
      `UPDATE project_changes SET status = 'approved', decided_at = $2, agreement_version = $3, diff = $4, effect = $5
        WHERE id = $1`,
      [id, at, a.newVersion, JSON.stringify(a.diff), JSON.stringify(a.effect)],
    );
  }

  /** A change of objectives or route made without approval (acceptance refuses on it, RULES §8). */
  async markUnapproved(projectId: string): Promise<void> {
    await this.db.query(`UPDATE projects SET unapproved_change = true WHERE id = $1`, [projectId]);
  }

  /** The last progress report's number (an extension numbers new ones on). */
  async lastReportSeq(projectId: string): Promise<number> {
    const [r] = await this.db.query(
      `SELECT COALESCE(max(seq), 0)::int AS seq FROM project_reports WHERE project_id = $1`,
      [projectId],
    );
    return r.seq;
  }
}
