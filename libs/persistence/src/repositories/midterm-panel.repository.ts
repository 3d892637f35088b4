import { DataSource, EntityManager } from 'typeorm';
import { Page, PageQuery, RecusalKind } from '@kjflow/domain';
import { MidtermPanelEntity, MidtermPanelMemberEntity } from '../entities/midterm-panel.entity';
import { atMillis, keysetPage, mapPage } from '../pagination';

/** A seat as its panel's readers see it: the member row with the expert's name, user and organisation. */
export interface MidtermPanelMemberRow extends MidtermPanelMemberEntity {
  expertName: string;
  expertUserId: string | null;
  /** The expert's organisation as the assignment engine counts it now (experts.organisation_key). */
  expertOrganisationKey: string;
  /** The registered institution's name, else the organisation the expert gave. */
  expertOrganisation: string;
  /** The name of the officer who required the recusal (`recusal: required`), else null. */
  recusedByName: string | null;
}

/** An expert's invitation, with its project (the expert's inbox). */
export interface MyMidtermPanelSeatRow {
  id: string;
  stage: 'midterm' | 'acceptance';
  project_id: string;
  title: string;
  round: number;
  status: string;
  deadline: Date;
  invited_at: Date;
  recommendation: string | null;
  score: number | null;
}

/** 中期检查专家组: written by the project's workflow (each with its event), read by the API. */
export class MidtermPanelRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  byId(id: string): Promise<MidtermPanelEntity | null> {
    return this.db.getRepository(MidtermPanelEntity).findOne({ where: { id } });
  }

  /** The panel of the project's current round of a stage (the last convened). */
  current(
    projectId: string,
    stage: 'midterm' | 'acceptance' = 'midterm',
  ): Promise<MidtermPanelEntity | null> {
    return this.db
      .getRepository(MidtermPanelEntity)
      .findOne({ where: { projectId, stage }, order: { round: 'DESC', convenedAt: 'DESC' } });
  }

  /** The panel's window from the project's program template (null: the rules' default). */
  async window(projectId: string): Promise<string | null> {
    const [row]: Array<{ w: string | null }> = await this.db.query(
      `SELECT t.template->'durations'->>'panelWindow' AS w
         FROM projects p LEFT JOIN calls c ON c.id = p.call_id
         LEFT JOIN program_templates t ON t.id = c.template_id
        WHERE p.id = $1`,
      [projectId],
    );
    return row?.w ?? null;
  }

  async insertPanel(p: {
    id: string;
    projectId: string;
    stage: 'midterm' | 'acceptance';
    round: number;
    seed: number;
    deadline: Date;
    convenedBy: string;
    convenedAt: Date;
    inputHash: string;
    solverVersion: string;
    draw: object;
    conflicts: object[];
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO midterm_panels (id, project_id, round, seed, deadline, convened_by, convened_at, input_hash,
                                   solver_version, draw, conflicts, stage)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO NOTHING`,
      [
        p.id,
        p.projectId,
        p.round,
        p.seed,
        p.deadline,
        p.convenedBy,
        p.convenedAt,
        p.inputHash,
        p.solverVersion,
        JSON.stringify(p.draw),
        JSON.stringify(p.conflicts),
        p.stage,
      ],
    );
  }

  /** A drawn or replacement seat (the seat number is the next of the panel). */
  async insertMember(m: {
    panelId: string;
    expertId: string;
    affinity: number;
    replaces: string | null;
    at: Date;
  }): Promise<void> {
    await this.db.query(
      `INSERT INTO midterm_panel_members (id, panel_id, seat, expert_id, affinity, replaces, invited_at)
       VALUES (gen_random_uuid(), $1,
               (SELECT coalesce(max(seat), 0) + 1 FROM midterm_panel_members WHERE panel_id = $1),
               $2, $3, $4, $5)
       ON CONFLICT (panel_id, expert_id) DO NOTHING`,
      [m.panelId, m.expertId, m.affinity, m.replaces, m.at],
    );
  }

  /** The seats of a panel in seat order, each with its expert's name, user account and organisation. */
  async members(panelId: string): Promise<MidtermPanelMemberRow[]> {
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT m.*, e.name AS expert_name, e.user_id AS expert_user_id,
              e.organisation_key AS expert_organisation_key,
              COALESCE(i.name, e.organisation) AS expert_organisation,
              u.display_name AS recused_by_name
         FROM midterm_panel_members m JOIN experts e ON e.id = m.expert_id
         LEFT JOIN institutions i ON i.id = e.institution_id
         LEFT JOIN users u ON u.id = m.recused_by
        WHERE m.panel_id = $1 ORDER BY m.seat`,
      [panelId],
    );
    return rows.map((r) => ({
      id: r.id as string,
      panelId: r.panel_id as string,
      seat: r.seat as number,
      expertId: r.expert_id as string,
      replaces: r.replaces as string | null,
      affinity: String(r.affinity),
      status: r.status as string,
      reason: r.reason as string | null,
      recusal: r.recusal as RecusalKind | null,
      recusedBy: r.recused_by as string | null,
      recommendation: r.recommendation as string | null,
      falseMaterial: r.false_material as boolean,
      spendingIssues: r.spending_issues as boolean,
      score: r.score as number | null,
      opinion: r.opinion as string | null,
      invitedAt: r.invited_at as Date,
      respondedAt: r.responded_at as Date | null,
      submittedAt: r.submitted_at as Date | null,
      expertName: r.expert_name as string,
      expertUserId: r.expert_user_id as string | null,
      expertOrganisationKey: r.expert_organisation_key as string,
      expertOrganisation: r.expert_organisation as string,
      recusedByName: r.recused_by_name as string | null,
    }));
  }

  member(id: string): Promise<MidtermPanelMemberEntity | null> {
    return this.db.getRepository(MidtermPanelMemberEntity).findOne({ where: { id } });
  }

  replacementOf(memberId: string): Promise<MidtermPanelMemberEntity | null> {
    return this.db.getRepository(MidtermPanelMemberEntity).findOne({ where: { replaces: memberId } });
  }

  /**
   * An answer: accepted, declined or recused (with its reason, and whose recusal it was: the
   * member's own, or required by the officer `recusedBy`), or the opinion (submitted).
   */
  async answer(
    id: string,
    a: {
      status: 'accepted' | 'declined' | 'recused' | 'submitted';
      reason?: string | null;
      recusal?: RecusalKind | null;
      recusedBy?: string | null;
      opinion?: {
        recommendation: string;
        score: number;
        opinion: string;
        falseMaterial?: boolean;
        spendingIssues?: boolean;
      } | null;
      at: Date;
    },
  ): Promise<void> {
    await this.db.query(
      `UPDATE midterm_panel_members SET status = $2, reason = COALESCE($3, reason),
              recommendation = COALESCE($4, recommendation), score = COALESCE($5, score),
              opinion = COALESCE($6, opinion), false_material = COALESCE($8, false_material),
              spending_issues = COALESCE($9, spending_issues),
              recusal = $10, recused_by = $11,
              responded_at = CASE WHEN $2 = 'submitted' THEN responded_at ELSE $7 END,
              submitted_at = CASE WHEN $2 = 'submitted' THEN $7 ELSE submitted_at END
        WHERE id = $1`,
      [
        id,
        a.status,
        a.reason ?? null,
        a.opinion?.recommendation ?? null,
        a.opinion?.score ?? null,
        a.opinion?.opinion ?? null,
        a.at,
        a.opinion ? (a.opinion.falseMaterial ?? false) : null,
        a.opinion ? (a.opinion.spendingIssues ?? false) : null,
        a.recusal ?? null,
        a.recusedBy ?? null,
      ],
    );
  }

  /** Closed with its consolidated recommendation; seats still open lapse. */
  async close(
    panelId: string,
    c: {
      status: 'closed' | 'lapsed';
      recommendation: string | null;
      consolidation: object;
      meanScore: number | null;
      findings?: { falseMaterial: boolean; spendingIssues: boolean } | null;
      at: Date;
    },
  ): Promise<void> {
    await this.db.query(
      `UPDATE midterm_panel_members SET status = 'lapsed' WHERE panel_id = $1 AND status IN ('invited', 'accepted')`,
      [panelId],
    );
    await this.db.query(
      `UPDATE midterm_panels SET status = $2, recommendation = $3, consolidation = $4, mean_score = $5,
              closed_at = $6, findings = $7
        WHERE id = $1`,
      [
        panelId,
        c.status,
        c.recommendation,
        JSON.stringify(c.consolidation),
        c.meanScore,
        c.at,
        c.findings ? JSON.stringify(c.findings) : null,
      ],
    );
  }

  /** The user accounts of the experts who may read the stage's materials (live or answered seats). */
  async readerUserIds(projectId: string, stage: 'midterm' | 'acceptance' = 'midterm'): Promise<string[]> {
    const rows: Array<{ user_id: string }> = await this.db.query(
      `SELECT DISTINCT e.user_id FROM midterm_panel_members m
         JOIN midterm_panels p ON p.id = m.panel_id JOIN experts e ON e.id = m.expert_id
        WHERE p.project_id = $1 AND p.stage = $2 AND e.user_id IS NOT NULL
          AND m.status IN ('invited', 'accepted', 'submitted')`,
      [projectId, stage],
    );
    return rows.map((r) => r.user_id);
  }

  /** One seat as its expert's inbox shows it. */
  async seat(id: string): Promise<MyMidtermPanelSeatRow | null> {
    const [row]: MyMidtermPanelSeatRow[] = await this.db.query(
      `SELECT m.id, p.stage, p.project_id, pr.title, p.round, m.status, p.deadline, m.invited_at, m.recommendation, m.score
         FROM midterm_panel_members m JOIN midterm_panels p ON p.id = m.panel_id
         JOIN projects pr ON pr.id = p.project_id
        WHERE m.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** An expert's seats, newest first, each with its panel and project (keyset pages). */
  async mine(expertId: string, page: PageQuery): Promise<Page<MyMidtermPanelSeatRow>> {
    const result = await keysetPage(
      this.db
        .getRepository(MidtermPanelMemberEntity)
        .createQueryBuilder('m')
        .where('m.expert_id = :expertId', { expertId }),
      {
        columns: [atMillis('m.invited_at'), 'm.id'],
        direction: 'DESC',
        cursorOf: (m) => [m.invitedAt.toISOString(), m.id],
      },
      page,
    );
    const panelIds = [...new Set(result.items.map((m) => m.panelId))];
    const panels: Array<{
      id: string;
      stage: 'midterm' | 'acceptance';
      project_id: string;
      round: number;
      deadline: Date;
      title: string;
    }> = panelIds.length
      ? await this.db.query(
          `SELECT p.id, p.stage, p.project_id, p.round, p.deadline, pr.title
               FROM midterm_panels p JOIN projects pr ON pr.id = p.project_id WHERE p.id = ANY ($1::uuid[])`,
          [panelIds],
        )
      : [];
    const panelOf = new Map(panels.map((p) => [p.id, p]));
    return mapPage(result, (m) => {
      const p = panelOf.get(m.panelId)!;
      return {
        id: m.id,
        stage: p.stage,
        project_id: p.project_id,
        title: p.title,
        round: p.round,
        status: m.status,
        deadline: p.deadline,
        invited_at: m.invitedAt,
        recommendation: m.recommendation,
        score: m.score,
      };
    });
  }
}
