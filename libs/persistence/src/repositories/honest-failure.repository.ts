import { DataSource, EntityManager, In } from 'typeorm';
import { CoiApplicationInput, CoiExpertInput, MISCONDUCT_KINDS, organisationKey } from '@kjflow/domain';
import { ExpertEntity } from '../entities';
import { ProjectHonestFailureEntity } from '../entities/project-honest-failure.entity';

/** What the project's own records say, for the 容错 rules (numbers and ids only; the domain decides). */
export interface HonestFailureRecordFacts {
  mode: string | null;
  riskProfile: string | null;
  misconductFindings: Array<{ id: string; kind: string }>;
  reports: Array<{ seq: number; dueAt: string; firstSubmittedAt: string | null }>;
  grace: string | null;
  unapprovedChange: boolean;
  spending: {
    seq: number;
    categories: Array<{ category: string; plannedFen: number; spentFen: number }>;
  } | null;
}

/** 容错: the request rounds and the project's risk flag, written by the project's workflow; read by the API. */
export class HonestFailureRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(ProjectHonestFailureEntity);
  }

  /** The latest round, or null when the PI never asked. */
  current(projectId: string): Promise<ProjectHonestFailureEntity | null> {
    return this.rows.findOne({ where: { projectId }, order: { round: 'DESC' } });
  }

  /** The honest_failure record the closing wrote (none before). */
  async creditRecordId(projectId: string): Promise<string | null> {
    const [row]: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM credit_records WHERE project_id = $1 AND kind = 'honest_failure'
        ORDER BY recorded_at DESC LIMIT 1`,
      [projectId],
    );
    return row?.id ?? null;
  }

  async riskProfile(projectId: string): Promise<string | null> {
    const [row]: Array<{ risk_profile: string | null }> = await this.db.query(
      `SELECT risk_profile FROM projects WHERE id = $1`,
      [projectId],
    );
    return row?.risk_profile ?? null;
  }

  /**
   * The facts of the 容错 rules from the project's own records: its mode and flag, misconduct
   * findings on it (the 8 categories, any subject, not replaced by a correction), each scheduled
   * report with its first submission, the template's grace, the unapproved-change flag, and the
   * latest accepted report's spending by category against its plan.
   */
  async facts(projectId: string): Promise<HonestFailureRecordFacts> {
    const [p]: Array<{
      mode: string | null;
      risk_profile: string | null;
      unapproved_change: boolean;
      grace: string | null;
    }> = await this.db.query(
      `SELECT p.mode, p.risk_profile, p.unapproved_change,
              t.template->'durations'->>'reportGrace' AS grace
         FROM projects p LEFT JOIN calls c ON c.id = p.call_id
         LEFT JOIN program_templates t ON t.id = c.template_id
        WHERE p.id = $1`,
      [projectId],
    );
    if (!p) throw new Error(`project ${projectId} has no record`);
    const findings: Array<{ id: string; kind: string }> = await this.db.query(
      `SELECT r.id, r.kind FROM credit_records r
        WHERE r.project_id = $1 AND r.kind = ANY($2)
          AND NOT EXISTS (SELECT 1 FROM credit_records c
                           WHERE c.kind = 'correction' AND c.references_record_id = r.id)
        ORDER BY r.recorded_at`,
      [projectId, [...MISCONDUCT_KINDS]],
    );
    const reports: Array<{ seq: number; due_at: Date; first: Date | null }> = await this.db.query(
      `SELECT r.seq, r.due_at, min(v.submitted_at) AS first
         FROM project_reports r
         LEFT JOIN project_report_versions v ON v.project_id = r.project_id AND v.seq = r.seq
        WHERE r.project_id = $1
        GROUP BY r.seq, r.due_at ORDER BY r.seq`,
      [projectId],
    );
    const [accepted]: Array<{
      seq: number;
      spending: Array<{ category: string; plannedFen: number; spentFen: number }> | null;
    }> = await this.db.query(
      `SELECT v.seq, v.content->'spending' AS spending FROM project_report_versions v
         JOIN project_report_reviews r
           ON r.project_id = v.project_id AND r.seq = v.seq AND r.version = v.version AND r.step = 'accepted'
        WHERE v.project_id = $1
        ORDER BY v.submitted_at DESC, v.seq DESC LIMIT 1`,
      [projectId],
    );
    return {
      mode: p.mode,
      riskProfile: p.risk_profile,
      misconductFindings: findings,
      reports: reports.map((r) => ({
        seq: r.seq,
        dueAt: r.due_at.toISOString(),
        firstSubmittedAt: r.first ? new Date(r.first).toISOString() : null,
      })),
      grace: p.grace,
      unapprovedChange: p.unapproved_change,
      spending: accepted
        ? {
            seq: accepted.seq,
            categories: (accepted.spending ?? []).map((c) => ({
              category: c.category,
              plannedFen: Number(c.plannedFen),
              spentFen: Number(c.spentFen),
            })),
          }
        : null,
    };
  }

  /**
   * The conflict engine's input for the project and the named experts: the project's PI, host
   * institution, team and partners (from its application, when it came from one) and the
   * experts' relations and declared conflicts. Experts not found are left out (not in the pool).
   */
  async coiInput(
    projectId: string,
    expertIds: string[],
  ): Promise<{ project: CoiApplicationInput; experts: Array<CoiExpertInput & { available: boolean }> }> {
    const [row]: Array<{
      pi_id: string;
      institution_id: string;
      content: {
        team?: Array<{ userId?: string }>;
        cooperators?: Array<{ name: string; institutionId?: string }>;
      } | null;
      issuer_institution_id: string | null;
    }> = await this.db.query(
      `SELECT p.pi_id, p.institution_id, a.content, t.issuer_institution_id
         FROM projects p LEFT JOIN applications a ON a.id = p.application_id
         LEFT JOIN topics t ON t.id = a.topic_id
        WHERE p.id = $1`,
      [projectId],
    );
    if (!row) throw new Error(`project ${projectId} has no record`);
    const experts = expertIds.length
      ? await (this.db instanceof DataSource ? this.db.manager : this.db).find(ExpertEntity, {
          where: { id: In(expertIds) },
        })
      : [];
    return {
      project: {
        id: projectId,
        applicantPersonId: row.pi_id,
        participantPersonIds: (row.content?.team ?? []).flatMap((m) => (m.userId ? [m.userId] : [])),
        hostOrganisationId: row.institution_id,
        participantOrganisationIds: (row.content?.cooperators ?? []).map((c) =>
          organisationKey({ institutionId: c.institutionId, name: c.name }),
        ),
        ...(row.issuer_institution_id ? { issuerOrganisationId: row.issuer_institution_id } : {}),
      },
      experts: experts.map((e) => ({
        id: e.id,
        personId: e.userId ?? e.id,
        personName: e.name,
        organisationId: e.organisationKey,
        relations: e.relations,
        declaredConflicts: e.declaredConflicts,
        available: e.available,
      })),
    };
  }

  // ---- writes (the project's workflow, in the event's transaction) ------------------------------

  async setRiskProfile(projectId: string, riskProfile: string | null): Promise<void> {
    await this.db.query(`UPDATE projects SET risk_profile = $2 WHERE id = $1`, [projectId, riskProfile]);
  }

  async request(
    projectId: string,
    r: { round: number; originalRecordIds: string[]; diligenceStatement: string; actorId: string; at: Date },
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO project_honest_failures
         (project_id, round, phase, original_record_ids, diligence_statement, requested_by, requested_at)
       VALUES ($1, $2, 'requested', $3, $4, $5, $6) ON CONFLICT (project_id, round) DO NOTHING`,
      [projectId, r.round, JSON.stringify(r.originalRecordIds), r.diligenceStatement, r.actorId, r.at],
    );
  }

  async confirm(
    projectId: string,
    c: { round: number; opinion: string; confirmed: boolean; actorId: string; at: Date },
  ): Promise<void> {
    await this.db.query(
      `UPDATE project_honest_failures SET phase = $3, institution_opinion = $4, institution_confirmed = $5,
              confirmed_by = $6, confirmed_at = $7
        WHERE project_id = $1 AND round = $2`,
      [
        projectId,
        c.round,
        c.confirmed ? 'institution_confirmed' : 'refused',
        c.opinion,
        c.confirmed,
        c.actorId,
        c.at,
      ],
    );
  }

  async decide(
    projectId: string,
    d: {
      round: number;
      experts: Array<{ id: string; name: string }>;
      opinion: string;
      diligenceConfirmed: boolean;
      actorId: string;
      at: Date;
    },
  ): Promise<void> {
    await this.db.query(
      `UPDATE project_honest_failures SET phase = $3, experts = $4, expert_opinion = $5,
              diligence_confirmed = $6, decided_by = $7, decided_at = $8
        WHERE project_id = $1 AND round = $2`,
      [
        projectId,
        d.round,
        d.diligenceConfirmed ? 'closed' : 'refused',
        JSON.stringify(d.experts),
        d.opinion,
        d.diligenceConfirmed,
        d.actorId,
        d.at,
      ],
    );
  }
}
