import { DataSource, EntityManager } from 'typeorm';
import type {
  AgreementDispatch,
  Page,
  PageQuery,
  ProjectSchedule,
  ProjectView,
  RegisterProjectInput,
  ReportKind,
} from '@kjflow/domain';
import { ACTIVE_PROJECT_STATUSES, shanghaiDate } from '@kjflow/domain';
import { ProjectEntity } from '../entities/project.entity';
import { keysetPage } from '../pagination';

export interface ProjectFilter {
  id?: string;
  piId?: string;
  institutionId?: string;
  /** The portfolio's filters (officers). */
  programCode?: string;
  mode?: string;
  county?: string;
  keyField?: string;
  status?: ProjectView['status'];
  /** Past the end and still active, or a progress report past due and not submitted. */
  overdue?: boolean;
}

/** What a signed agreement's project is opened from (read by its workflow's first step). */
export interface AgreementTermsRow {
  agreementId: string;
  signedAt: Date;
  status: string;
  template: {
    stages?: string[];
    durations?: {
      executionLength?: string;
      reportCadence?: string;
      midtermPoint?: string;
      reportReminderBefore?: string;
      reportGrace?: string;
    };
  } | null;
}

/** The SQL condition of an overdue project (alias p), `now` as parameter :now. */
const OVERDUE = `((p.status IN (:...active) AND p.ends_on < :today
      AND NOT EXISTS (SELECT 1 FROM project_acceptances a WHERE a.project_id = p.id))
  OR EXISTS (SELECT 1 FROM project_reports r WHERE r.project_id = p.id AND r.status IN ('due', 'returned') AND r.due_at < :now)
  OR EXISTS (SELECT 1 FROM project_midterms m WHERE m.project_id = p.id AND m.phase = 'rectifying' AND m.fix_by < :now)
  OR EXISTS (SELECT 1 FROM project_acceptances a WHERE a.project_id = p.id
      AND ((a.phase = 'awaiting' AND a.apply_by < :now) OR (a.phase = 'rectifying' AND a.fix_by < :now))))`;

/** Projects (项目): registered from earlier records now, created from agreements later. */
export class ProjectRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** A page of projects, newest start first. */
  page(filter: ProjectFilter, page: PageQuery, now = new Date()): Promise<Page<ProjectEntity>> {
    const query = this.db.getRepository(ProjectEntity).createQueryBuilder('p');
    if (filter.id) query.andWhere('p.id = :id', { id: filter.id });
    if (filter.piId) query.andWhere('p.pi_id = :piId', { piId: filter.piId });
    if (filter.institutionId)
      query.andWhere('p.institution_id = :institutionId', { institutionId: filter.institutionId });
    if (filter.programCode)
      query.andWhere('p.program_code = :programCode', { programCode: filter.programCode });
    if (filter.mode) query.andWhere('p.mode = :mode', { mode: filter.mode });
    if (filter.county) query.andWhere('p.county = :county', { county: filter.county });
    if (filter.keyField) query.andWhere('p.key_field = :keyField', { keyField: filter.keyField });
    if (filter.status) query.andWhere('p.status = :status', { status: filter.status });
    if (filter.overdue !== undefined)
      query.andWhere(filter.overdue ? OVERDUE : `NOT ${OVERDUE}`, {
        active: ACTIVE_PROJECT_STATUSES,
        today: shanghaiDate(now),
        now,
      });
    return keysetPage(
      query,
      { columns: ['p.starts_on', 'p.id'], direction: 'DESC', cursorOf: (p) => [p.startsOn, p.id] },
      page,
    );
  }

  /**
   * The portfolio counted (项目分布): projects per key field or county and status, of one mode or
   * program when given; one GROUP BY, each row a key and status with its count.
   */
  async rollup(
    by: 'keyField' | 'county',
    filter: Pick<ProjectFilter, 'mode' | 'programCode'> = {},
  ): Promise<Array<{ key: string | null; status: ProjectView['status']; projects: number }>> {
    const column = by === 'keyField' ? 'p.key_field' : 'p.county';
    const query = this.db
      .getRepository(ProjectEntity)
      .createQueryBuilder('p')
      .select(column, 'key')
      .addSelect('p.status', 'status')
      .addSelect('count(*)::int', 'projects')
      .groupBy(column)
      .addGroupBy('p.status');
    if (filter.mode) query.andWhere('p.mode = :mode', { mode: filter.mode });
    if (filter.programCode)
      query.andWhere('p.program_code = :programCode', { programCode: filter.programCode });
    return query.getRawMany();
  }

  /** Progress reports past due and not submitted, per project (projects without any are absent). */
  /** Of `projectIds`, those whose mid-term rectification (限期整改) is past its deadline, unanswered. */
  async overdueRectifications(projectIds: readonly string[], now = new Date()): Promise<Set<string>> {
    if (projectIds.length === 0) return new Set();
    const rows: Array<{ project_id: string }> = await this.db.query(
      `SELECT project_id FROM project_midterms
        WHERE project_id = ANY($1::uuid[]) AND phase = 'rectifying' AND fix_by < $2`,
      [projectIds, now],
    );
    return new Set(rows.map((r) => r.project_id));
  }

  /**
   * Of `projectIds`, the acceptance of each that has one open: overdue when no dossier is in by
   * apply_by or the rectification is past fix_by (a project past its end with an acceptance open is
   * not overdue for that alone: the acceptance window runs).
   */
  async acceptanceOverdue(projectIds: readonly string[], now = new Date()): Promise<Map<string, boolean>> {
    if (projectIds.length === 0) return new Map();
    const rows: Array<{ project_id: string; overdue: boolean }> = await this.db.query(
      `SELECT project_id,
              (phase = 'awaiting' AND apply_by < $2) OR (phase = 'rectifying' AND fix_by < $2) AS overdue
         FROM project_acceptances WHERE project_id = ANY($1::uuid[])`,
      [projectIds, now],
    );
    return new Map(rows.map((r) => [r.project_id, r.overdue]));
  }

  async overdueReports(projectIds: readonly string[], now = new Date()): Promise<Map<string, number>> {
    if (projectIds.length === 0) return new Map();
    const rows: Array<{ project_id: string; n: number }> = await this.db.query(
      `SELECT project_id, count(*)::int AS n FROM project_reports
        WHERE project_id = ANY($1::uuid[]) AND status IN ('due', 'returned') AND due_at < $2
        GROUP BY project_id`,
      [projectIds, now],
    );
    return new Map(rows.map((r) => [r.project_id, r.n]));
  }

  /** The project a signed agreement started, or null. */
  async idOfAgreement(agreementId: string): Promise<string | null> {
    const row = await this.db
      .getRepository(ProjectEntity)
      .findOne({ where: { agreementId }, select: { id: true } });
    return row?.id ?? null;
  }

  /** The signed agreement a project is opened from, with its program template. */
  async agreementTerms(agreementId: string): Promise<AgreementTermsRow | null> {
    const [row]: Array<{
      id: string;
      signed_at: Date;
      status: string;
      template: AgreementTermsRow['template'];
    }> = await this.db.query(
      `SELECT a.id, a.signed_at, a.status, t.template
           FROM agreements a JOIN calls c ON c.id = a.call_id
           LEFT JOIN program_templates t ON t.id = c.template_id
          WHERE a.id = $1`,
      [agreementId],
    );
    return row
      ? { agreementId: row.id, signedAt: row.signed_at, status: row.status, template: row.template }
      : null;
  }

  /**
   * The project of a signed agreement, from its application (title, PI, host institution and its
   * county), its call (mode, program, key field) and its schedule, with its scheduled reports.
   */
  /** A project ended early (terminated or revoked), in the event's transaction. */
  async setStatus(projectId: string, status: string): Promise<void> {
    await this.db.query(`UPDATE projects SET status = $2 WHERE id = $1`, [projectId, status]);
  }

  async openFromAgreement(projectId: string, agreementId: string, schedule: ProjectSchedule): Promise<void> {
    await this.db.query(
      `INSERT INTO projects (id, program_code, title, summary, pi_id, institution_id, status, starts_on, ends_on,
                             source, application_id, agreement_id, call_id, mode, county, key_field,
                             starts_at, ends_at, midterm_at)
       SELECT $1, COALESCE(t.code, c.mode), a.content->>'title', COALESCE(app.content->>'summary', ''),
              app.applicant_id, COALESCE(app.institution_id, u.institution_id), 'ongoing', $3::date, $4::date,
              'agreement ' || a.id, a.application_id, a.id, a.call_id, c.mode,
              -- A dispatch (科技特派员) is placed where the commissioner serves, not at the host.
              COALESCE(a.content->'dispatch'->>'county', i.county),
              COALESCE(tp.key_field,
                       (SELECT min(gt_t.key_field) FROM guide_topics gt JOIN topics gt_t ON gt_t.id = gt.topic_id
                         WHERE gt.guide_id = c.guide_id)),
              $5, $6, $7
         FROM agreements a JOIN applications app ON app.id = a.application_id
         JOIN calls c ON c.id = a.call_id
         LEFT JOIN program_templates t ON t.id = c.template_id
         JOIN users u ON u.id = app.applicant_id
         LEFT JOIN institutions i ON i.id = COALESCE(app.institution_id, u.institution_id)
         LEFT JOIN topics tp ON tp.id = c.topic_id
        WHERE a.id = $2`,
      [
        projectId,
        agreementId,
        shanghaiDate(schedule.startsAt),
        shanghaiDate(schedule.endsAt),
        schedule.startsAt,
        schedule.endsAt,
        schedule.midtermAt,
      ],
    );
    for (const r of schedule.reports)
      await this.db.query(`INSERT INTO project_reports (project_id, seq, due_at) VALUES ($1, $2, $3)`, [
        projectId,
        r.seq,
        r.dueAt,
      ]);
  }

  /**
   * Of `ids`, each project's dispatch (科技特派员: the agreement's, null for other projects) and the
   * report kind of its program's template (null: progress reports).
   */
  async programTerms(
    ids: readonly string[],
  ): Promise<Map<string, { dispatch: AgreementDispatch | null; reportKind: ReportKind | null }>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; dispatch: AgreementDispatch | null; report_kind: ReportKind | null }> =
      await this.db.query(
        `SELECT p.id, a.content->'dispatch' AS dispatch, t.template->>'reportKind' AS report_kind
           FROM projects p LEFT JOIN agreements a ON a.id = p.agreement_id
           LEFT JOIN calls c ON c.id = p.call_id
           LEFT JOIN program_templates t ON t.id = c.template_id
          WHERE p.id = ANY($1::uuid[])`,
        [ids],
      );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          dispatch: r.dispatch && typeof r.dispatch === 'object' ? r.dispatch : null,
          reportKind: r.report_kind,
        },
      ]),
    );
  }

  /** Which of the PI and the institution a registration names are unknown (field names). */
  async unknownSubjects(piId: string, institutionId: string): Promise<Array<'piId' | 'institutionId'>> {
    const [row]: Array<{ pi: boolean; inst: boolean }> = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM users WHERE id = $1) AS pi, EXISTS (SELECT 1 FROM institutions WHERE id = $2) AS inst`,
      [piId, institutionId],
    );
    return [...(row.pi ? [] : (['piId'] as const)), ...(row.inst ? [] : (['institutionId'] as const))];
  }

  async insert(id: string, p: RegisterProjectInput): Promise<void> {
    await this.db.query(
      `INSERT INTO projects (id, program_code, title, summary, pi_id, institution_id, status, starts_on, ends_on, accepted_on, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        p.programCode,
        p.title,
        p.summary,
        p.piId,
        p.institutionId,
        p.status,
        p.startsOn,
        p.endsOn,
        p.acceptedOn,
        p.source,
      ],
    );
  }
}
