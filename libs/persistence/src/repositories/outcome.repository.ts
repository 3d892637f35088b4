import { DataSource, EntityManager } from 'typeorm';
import type { OutcomeRecord, OutcomeStatus, Page, PageQuery, RollupDimension } from '@kjflow/domain';
import { encodeCursor, ROLLUP_PROJECTS_MAX } from '@kjflow/domain';
import { OutcomeEntity, PlanIndicatorEntity } from '../entities';

/** An outcome with its project's title, program and holders, and its contributions. */
export interface OutcomeRow extends OutcomeEntity {
  projectTitle: string;
  programCode: string;
  piId: string;
  institutionId: string;
  contributions: Array<{ indicatorCode: string; value: number }>;
}

export interface OutcomeFilter {
  projectId?: string;
  status?: OutcomeStatus;
  type?: string;
  keyField?: string;
  county?: string;
  programCode?: string;
  year?: number;
}

export interface ProjectRef {
  id: string;
  title: string;
}

export interface IndicatorRollupRow {
  key: string | null;
  indicatorCode: string;
  value: number;
  outcomes: number;
  projectCount: number;
  projects: ProjectRef[];
}

export interface TypeRollupRow {
  key: string | null;
  type: string;
  outcomes: number;
  amountFen: number;
  count: number;
  projectCount: number;
  projects: ProjectRef[];
}

/** 科技特派员 by a roll-up dimension: dispatches started, and what accepted service logs record. */
export interface ServiceRollupRow {
  key: string | null;
  dispatches: number;
  serviceLogs: number;
  visits: number;
  trainingSessions: number;
  peopleTrained: number;
  technologies: number;
  problemsSolved: number;
  projectCount: number;
  projects: ProjectRef[];
}

/**
 * The commissioner programs' rows (科技特派员), one per dispatch (`dispatches` 1, the year it
 * started) and one per accepted service log (its sums, the year it was due), each with the project's
 * county, key field and program: what the commissioner roll-ups group. A dispatch is a project whose
 * agreement carries a dispatch target; a log's content is its last (accepted) version.
 */
const COMMISSIONER_ROWS = `
  WITH d AS (
    SELECT p.id, p.title, p.county, p.key_field, p.program_code,
           EXTRACT(year FROM COALESCE(p.starts_at, p.starts_on::timestamp AT TIME ZONE 'Asia/Shanghai')
                              AT TIME ZONE 'Asia/Shanghai')::int AS start_year
      FROM projects p JOIN agreements a ON a.id = p.agreement_id
     WHERE jsonb_typeof(a.content->'dispatch') = 'object'
  ), rows AS (
    SELECT d.id, d.title, d.county, d.key_field, d.program_code, d.start_year AS year,
           1 AS dispatches, 0 AS logs, 0 AS visits, 0 AS sessions, 0 AS people, 0 AS technologies, 0 AS problems
      FROM d
    UNION ALL
    SELECT d.id, d.title, d.county, d.key_field, d.program_code,
           EXTRACT(year FROM r.due_at AT TIME ZONE 'Asia/Shanghai')::int,
           0, 1,
           COALESCE(jsonb_array_length(v.content->'visits'), 0),
           (SELECT COALESCE(SUM((t->>'sessions')::int), 0) FROM jsonb_array_elements(COALESCE(v.content->'trainings', '[]')) t),
           (SELECT COALESCE(SUM((t->>'peopleTrained')::int), 0) FROM jsonb_array_elements(COALESCE(v.content->'trainings', '[]')) t),
           COALESCE(jsonb_array_length(v.content->'technologies'), 0),
           COALESCE(jsonb_array_length(v.content->'problemsSolved'), 0)
      FROM d JOIN project_reports r ON r.project_id = d.id AND r.status = 'accepted'
      JOIN LATERAL (SELECT content FROM project_report_versions x
                     WHERE x.project_id = r.project_id AND x.seq = r.seq
                     ORDER BY x.version DESC LIMIT 1) v ON true
  )`;

/** The SQL of each roll-up dimension over the commissioner rows (alias x). */
const SERVICE_DIMENSION: Record<RollupDimension, string> = {
  indicator: 'NULL::text',
  field: 'x.key_field',
  county: 'x.county',
  program: 'x.program_code',
  year: 'x.year::text',
};
const SERVICE_PROJECTS = `to_jsonb((array_agg(DISTINCT jsonb_build_object('id', x.id, 'title', x.title)
                   ORDER BY jsonb_build_object('id', x.id, 'title', x.title)))[1:${ROLLUP_PROJECTS_MAX}])`;

export interface PlanIndicatorSeed {
  code: string;
  plan: string;
  group: string;
  zh: string;
  unit: string;
  baseline: number | null;
  baselineYear: number | null;
  target: number;
  periodFrom: number;
  periodTo: number;
  kind: string | null;
  attribute: string | null;
  source: string;
  sort: number;
}

/** The SQL of each roll-up dimension, over `o` (outcomes) and `p` (projects). */
const DIMENSION: Record<RollupDimension, string> = {
  indicator: 'NULL::text',
  field: 'o.key_field',
  county: 'o.county',
  program: 'p.program_code',
  year: `EXTRACT(year FROM o.occurred_on)::int::text`,
};

/** The projects behind a group, named by id and title, at most ROLLUP_PROJECTS_MAX, by title. */
const PROJECTS = `to_jsonb((array_agg(DISTINCT jsonb_build_object('id', p.id, 'title', p.title)
                   ORDER BY jsonb_build_object('id', p.id, 'title', p.title)))[1:${ROLLUP_PROJECTS_MAX}])`;

const SELECT_ROW = `
  SELECT o.*, o.occurred_on::text AS occurred_on_text, p.title AS project_title, p.program_code, p.pi_id, p.institution_id,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('indicatorCode', c.indicator_code, 'value', c.value)
                                     ORDER BY c.indicator_code)
                     FROM outcome_contributions c WHERE c.outcome_id = o.id), '[]') AS contributions
    FROM outcomes o JOIN projects p ON p.id = o.project_id`;

type RawRow = Record<string, unknown> & {
  id: string;
  registered_at: Date;
  contributions: Array<{ indicatorCode: string; value: number | string }>;
};

function rowOf(r: RawRow): OutcomeRow {
  return {
    id: r.id,
    projectId: r.project_id as string,
    type: r.type as string,
    status: r.status as string,
    title: r.title as string,
    occurredOn: r.occurred_on_text as string,
    evidence: r.evidence as OutcomeRow['evidence'],
    details: r.details as Record<string, unknown>,
    keyField: r.key_field as string | null,
    county: r.county as string | null,
    placementNote: r.placement_note as string | null,
    version: r.version as number,
    registeredBy: r.registered_by as string,
    registeredAt: r.registered_at,
    submittedAt: r.submitted_at as Date,
    decision: r.decision as string | null,
    decisionComment: r.decision_comment as string | null,
    decidedBy: r.decided_by as string | null,
    decidedAt: r.decided_at as Date | null,
    projectTitle: r.project_title as string,
    programCode: r.program_code as string,
    piId: r.pi_id as string,
    institutionId: r.institution_id as string,
    contributions: r.contributions.map((c) => ({ indicatorCode: c.indicatorCode, value: Number(c.value) })),
  };
}

/**
 * 成果 and the plan's indicators: the outcome's record with what it adds to each indicator, the
 * lists, and the roll-ups (GROUP BY in PostgreSQL: only verified outcomes, each counted toward an
 * indicator when its date falls within the indicator's period).
 */
export class OutcomeRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  async insert(
    o: { id: string; projectId: string; record: OutcomeRecord; registeredBy: string; at: Date },
    contributions: Array<{ indicatorCode: string; value: number }>,
  ): Promise<void> {
    const r = o.record;
    await this.db.query(
      `INSERT INTO outcomes (id, project_id, type, status, title, occurred_on, evidence, details, key_field,
                             county, placement_note, version, registered_by, registered_at, submitted_at)
       VALUES ($1, $2, $3, 'submitted', $4, $5, $6, $7, $8, $9, $10, 1, $11, $12, $12)`,
      [
        o.id,
        o.projectId,
        r.type,
        r.title,
        r.occurredOn,
        JSON.stringify(r.evidence),
        JSON.stringify(r.details),
        r.keyField,
        r.county,
        r.placementNote,
        o.registeredBy,
        o.at,
      ],
    );
    await this.setContributions(o.id, contributions);
  }

  /** A returned outcome submitted again as `version`, with what it now adds. */
  async resubmit(
    id: string,
    record: OutcomeRecord,
    version: number,
    at: Date,
    contributions: Array<{ indicatorCode: string; value: number }>,
  ): Promise<void> {
    await this.db.query(
      `UPDATE outcomes SET status = 'submitted', type = $2, title = $3, occurred_on = $4, evidence = $5,
              details = $6, key_field = $7, county = $8, placement_note = $9, version = $10, submitted_at = $11
        WHERE id = $1`,
      [
        id,
        record.type,
        record.title,
        record.occurredOn,
        JSON.stringify(record.evidence),
        JSON.stringify(record.details),
        record.keyField,
        record.county,
        record.placementNote,
        version,
        at,
      ],
    );
    await this.db.query(`DELETE FROM outcome_contributions WHERE outcome_id = $1`, [id]);
    await this.setContributions(id, contributions);
  }

  async decide(
    id: string,
    status: OutcomeStatus,
    decision: string,
    comment: string | null,
    actorId: string,
    at: Date,
  ): Promise<void> {
    await this.db.query(
      `UPDATE outcomes SET status = $2, decision = $3, decision_comment = $4, decided_by = $5, decided_at = $6
        WHERE id = $1`,
      [id, status, decision, comment, actorId, at],
    );
  }

  private async setContributions(id: string, rows: Array<{ indicatorCode: string; value: number }>) {
    if (rows.length === 0) return;
    await this.db.query(
      `INSERT INTO outcome_contributions (outcome_id, indicator_code, value)
       SELECT $1, code, value FROM unnest($2::text[], $3::bigint[]) AS t(code, value)`,
      [id, rows.map((r) => r.indicatorCode), rows.map((r) => r.value)],
    );
  }

  async get(id: string): Promise<OutcomeRow | null> {
    const [r]: RawRow[] = await this.db.query(`${SELECT_ROW} WHERE o.id = $1`, [id]);
    return r ? rowOf(r) : null;
  }

  /** Newest registration first (keyset on registered_at, id). */
  async page(filter: OutcomeFilter, page: PageQuery): Promise<Page<OutcomeRow>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.projectId) add('o.project_id = ?', filter.projectId);
    if (filter.status) add('o.status = ?', filter.status);
    if (filter.type) add('o.type = ?', filter.type);
    if (filter.keyField) add('o.key_field = ?', filter.keyField);
    if (filter.county) add('o.county = ?', filter.county);
    if (filter.programCode) add('p.program_code = ?', filter.programCode);
    if (filter.year) add('EXTRACT(year FROM o.occurred_on) = ?', filter.year);
    if (page.next) {
      if (page.next.length !== 2) return { items: [], next: null };
      params.push(page.next[0], page.next[1]);
      where.push(
        `(date_trunc('milliseconds', o.registered_at), o.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    params.push(page.limit + 1);
    const rows: RawRow[] = await this.db.query(
      `${SELECT_ROW} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY date_trunc('milliseconds', o.registered_at) DESC, o.id DESC LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, page.limit).map(rowOf);
    const last = items[items.length - 1];
    return {
      items,
      next: rows.length > page.limit ? encodeCursor([last.registeredAt.toISOString(), last.id]) : null,
    };
  }

  /**
   * Verified outcomes against the indicators, per indicator and `by`: the sum (a count, or fen),
   * the outcomes and the projects behind each number. An outcome counts toward an indicator when
   * its date falls within the indicator's period (2021–2025, or 2022).
   */
  async rollupIndicators(by: RollupDimension, plan?: string): Promise<IndicatorRollupRow[]> {
    const rows: Array<{
      key: string | null;
      indicator_code: string;
      value: string;
      outcomes: number;
      project_count: number;
      projects: ProjectRef[];
    }> = await this.db.query(
      `SELECT ${DIMENSION[by]} AS key, c.indicator_code, SUM(c.value)::bigint AS value,
              COUNT(DISTINCT o.id)::int AS outcomes, COUNT(DISTINCT p.id)::int AS project_count,
              ${PROJECTS} AS projects
         FROM outcome_contributions c
         JOIN outcomes o ON o.id = c.outcome_id
         JOIN projects p ON p.id = o.project_id
         JOIN plan_indicators i ON i.code = c.indicator_code
        WHERE o.status = 'verified'
          AND EXTRACT(year FROM o.occurred_on) BETWEEN i.period_from AND i.period_to
          AND ($1::text IS NULL OR i.plan = $1)
        GROUP BY 1, c.indicator_code, i.sort
        ORDER BY 1 NULLS FIRST, i.sort`,
      [plan ?? null],
    );
    return rows.map((r) => ({
      key: r.key,
      indicatorCode: r.indicator_code,
      value: Number(r.value),
      outcomes: r.outcomes,
      projectCount: r.project_count,
      projects: r.projects,
    }));
  }

  /** Verified outcomes by type and `by`, whether or not an indicator counts them. */
  async rollupTypes(by: RollupDimension): Promise<TypeRollupRow[]> {
    const rows: Array<{
      key: string | null;
      type: string;
      outcomes: number;
      amount_fen: string;
      count: string;
      project_count: number;
      projects: ProjectRef[];
    }> = await this.db.query(
      `SELECT ${DIMENSION[by]} AS key, o.type, COUNT(*)::int AS outcomes,
              COALESCE(SUM((o.details->>'amountFen')::bigint), 0)::bigint AS amount_fen,
              SUM(COALESCE((o.details->>'count')::bigint, 1))::bigint AS count,
              COUNT(DISTINCT p.id)::int AS project_count, ${PROJECTS} AS projects
         FROM outcomes o JOIN projects p ON p.id = o.project_id
        WHERE o.status = 'verified'
        GROUP BY 1, o.type
        ORDER BY 1 NULLS FIRST, o.type`,
    );
    return rows.map((r) => ({
      key: r.key,
      type: r.type,
      outcomes: r.outcomes,
      amountFen: Number(r.amount_fen),
      count: Number(r.count),
      projectCount: r.project_count,
      projects: r.projects,
    }));
  }

  /**
   * 科技特派员 against their indicators, per indicator and `by`: person-times dispatched (one per
   * dispatch started within the indicator's period) for `dispatchCodes`, people trained by accepted
   * service logs due within it for `trainedCodes` (the domain says which indicator is which).
   */
  async rollupCommissionerIndicators(
    by: RollupDimension,
    dispatchCodes: readonly string[],
    trainedCodes: readonly string[],
    plan?: string,
  ): Promise<IndicatorRollupRow[]> {
    const rows: Array<{
      key: string | null;
      indicator_code: string;
      value: string;
      project_count: number;
      projects: ProjectRef[];
    }> = await this.db.query(
      `${COMMISSIONER_ROWS}
       SELECT ${SERVICE_DIMENSION[by]} AS key, i.code AS indicator_code,
              SUM(CASE WHEN i.code = ANY($1::text[]) THEN x.dispatches ELSE x.people END)::bigint AS value,
              COUNT(DISTINCT x.id)::int AS project_count, ${SERVICE_PROJECTS} AS projects
         FROM plan_indicators i
         JOIN rows x ON x.year BETWEEN i.period_from AND i.period_to
                    AND ((i.code = ANY($1::text[]) AND x.dispatches = 1) OR (i.code = ANY($2::text[]) AND x.logs = 1))
        WHERE ($3::text IS NULL OR i.plan = $3)
        GROUP BY 1, i.code, i.sort
        ORDER BY 1 NULLS FIRST, i.sort`,
      [dispatchCodes, trainedCodes, plan ?? null],
    );
    return rows.map((r) => ({
      key: r.key,
      indicatorCode: r.indicator_code,
      value: Number(r.value),
      outcomes: 0,
      projectCount: r.project_count,
      projects: r.projects,
    }));
  }

  /** 科技特派员 by `by`: dispatches started and the sums of accepted service logs. */
  async rollupServices(by: RollupDimension): Promise<ServiceRollupRow[]> {
    const rows: Array<Record<string, unknown> & { key: string | null; projects: ProjectRef[] }> =
      await this.db.query(
        `${COMMISSIONER_ROWS}
         SELECT ${SERVICE_DIMENSION[by]} AS key, SUM(x.dispatches)::int AS dispatches, SUM(x.logs)::int AS logs,
                SUM(x.visits)::int AS visits, SUM(x.sessions)::int AS sessions, SUM(x.people)::bigint AS people,
                SUM(x.technologies)::int AS technologies, SUM(x.problems)::int AS problems,
                COUNT(DISTINCT x.id)::int AS project_count, ${SERVICE_PROJECTS} AS projects
           FROM rows x
          GROUP BY 1
          ORDER BY 1 NULLS FIRST`,
      );
    return rows.map((r) => ({
      key: r.key,
      dispatches: Number(r.dispatches),
      serviceLogs: Number(r.logs),
      visits: Number(r.visits),
      trainingSessions: Number(r.sessions),
      peopleTrained: Number(r.people),
      technologies: Number(r.technologies),
      problemsSolved: Number(r.problems),
      projectCount: Number(r.project_count),
      projects: r.projects,
    }));
  }

  /** The plan's indicators in the tables' order. */
  async planIndicators(): Promise<PlanIndicatorEntity[]> {
    return this.db.getRepository(PlanIndicatorEntity).find({ order: { sort: 'ASC' } });
  }

  /** Loads (or corrects) one indicator; the seed step calls it for each of the data file's. */
  async upsertPlanIndicator(i: PlanIndicatorSeed): Promise<void> {
    await this.db.query(
      `INSERT INTO plan_indicators (code, plan, group_name, zh, unit, baseline, baseline_year, target,
                                    period_from, period_to, kind, attribute, source, sort)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       ON CONFLICT (code) DO UPDATE SET plan = EXCLUDED.plan, group_name = EXCLUDED.group_name,
         zh = EXCLUDED.zh, unit = EXCLUDED.unit, baseline = EXCLUDED.baseline,
         baseline_year = EXCLUDED.baseline_year, target = EXCLUDED.target,
         period_from = EXCLUDED.period_from, period_to = EXCLUDED.period_to, kind = EXCLUDED.kind,
         attribute = EXCLUDED.attribute, source = EXCLUDED.source, sort = EXCLUDED.sort`,
      [
        i.code,
        i.plan,
        i.group,
        i.zh,
        i.unit,
        i.baseline,
        i.baselineYear,
        i.target,
        i.periodFrom,
        i.periodTo,
        i.kind,
        i.attribute,
        i.source,
        i.sort,
      ],
    );
  }
}
