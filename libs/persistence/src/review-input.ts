import { DataSource, EntityManager, In } from 'typeorm';
import { creditRecordFromEntity } from './credit-ledger';
import { CreditRecordEntity, ExpertEntity } from './entities';
import {
  PanelStage,
  panelSettingsFor,
  positiveAffinities,
  AssignmentInputData,
  AssignmentStrategy,
  CoiApplicationInput,
  CoiExpertInput,
  CreditRecord,
  DEFAULT_REVIEW,
  forbiddenPairs,
  loadCapInRound,
  mayServeAsExpert,
  organisationKey,
  ProgramTemplate,
  rateCredit,
  shanghaiDate,
} from '@kjflow/domain';

export interface RoundSpec {
  callId: string;
  strategy: AssignmentStrategy;
  k: number;
  seed: number;
  maxProbability?: number;
  /** The round's cap on any expert's load (each expert: the lesser of it and their profile's). */
  maxPerExpert?: number;
  /** The part of the pool to draw from (fields and/or keywords, any match). */
  pool?: { keyFields?: string[]; keywords?: string[] };
  /** Finance experts are drawn from the whole pool (a panel's finance seat is not a field's). */
  financeFromWholePool?: boolean;
}

interface AppRow {
  id: string;
  applicant_id: string;
  institution_id: string | null;
  content: {
    title: string;
    summary?: string;
    objectives?: string;
    technicalRoute?: string;
    team?: Array<{ userId?: string }>;
    cooperators?: Array<{ name: string; institutionId?: string }>;
    avoidExperts?: Array<{ name: string; organisation?: string }>;
  };
  key_field: string | null;
  issuer_institution_id: string | null;
}

/** The call's template (rubric, panel, review window, timing), or the city defaults. */
export async function reviewTemplateOf(db: DataSource | EntityManager, callId: string) {
  const [row]: Array<{ template: ProgramTemplate | null; mode: string }> = await db.query(
    `SELECT t.template, c.mode FROM calls c LEFT JOIN program_templates t ON t.id = c.template_id WHERE c.id = $1`,
    [callId],
  );
  return reviewTemplateFrom(row?.template ?? null, row?.mode ?? 'open_competition');
}

/** The review settings of a template, or the city defaults without one. */
function reviewTemplateFrom(t: ProgramTemplate | null, mode: string) {
  return {
    mode,
    rubric: t?.rubric ?? DEFAULT_REVIEW.rubric,
    panel: t?.panel ?? DEFAULT_REVIEW.panel,
    reviewWindow: t?.durations.reviewWindow ?? DEFAULT_REVIEW.reviewWindow,
    /** Stages the template lets start before the call closes (none without a template). */
    startDuringWindow: t?.startDuringWindow ?? [],
  };
}

/**
 * Everything the assignment engine needs for a call, read from the database: the applications
 * that passed the formal check, the experts who are available and whose credit allows them to
 * review, the affinities, and the pairs the conflict-of-interest engine forbids (with reasons).
 */
export async function loadAssignmentInput(
  db: DataSource | EntityManager,
  spec: RoundSpec,
  at: Date,
  /** Experts already on panels: kept in the input (a redraw counts their load) even if no longer eligible. */
  keep: string[] = [],
) {
  const apps: AppRow[] = await db.query(
    `SELECT a.id, a.applicant_id, a.institution_id, a.content, t.key_field, t.issuer_institution_id
       FROM applications a LEFT JOIN topics t ON t.id = a.topic_id
      WHERE a.call_id = $1 AND a.status = 'formal_check_passed' ORDER BY a.id`,
    [spec.callId],
  );
  return buildAssignmentInput(db, apps, await reviewTemplateOf(db, spec.callId), spec, at, keep);
}

/** A panel on one project (中期检查, later 验收): size, roles and pool from its program template. */
export interface ProjectPanelSpec {
  seed: number;
  /** The stage the panel sits for (absent: the mid-term check); acceptance panels are composed by RULES §10. */
  stage?: PanelStage;
  /** The part of the pool the officer chose; absent: the project's key field. */
  pool?: { keyFields?: string[]; keywords?: string[] } | null;
}

/**
 * The assignment engine's input for a panel on one project: the project is the one subject, with
 * the conflicts of its PI, host institution, team members and partners (from its application,
 * when it came from one; a project registered from earlier records has its PI and institution
 * only), drawn from the pool of the project's key field (the whole pool when it has none), the
 * panel's size and roles from its program template (RULES §5 defaults without one).
 */
export async function loadProjectPanelInput(
  db: DataSource | EntityManager,
  projectId: string,
  spec: ProjectPanelSpec,
  at: Date,
  keep: string[] = [],
) {
  const [row]: Array<AppRow & { call_id: string | null; title: string; summary: string }> = await db.query(
    `SELECT p.id, p.pi_id AS applicant_id, p.institution_id, p.key_field, p.call_id, p.title, p.summary,
            a.content AS content, t.issuer_institution_id
       FROM projects p LEFT JOIN applications a ON a.id = p.application_id
       LEFT JOIN topics t ON t.id = a.topic_id
      WHERE p.id = $1`,
    [projectId],
  );
  if (!row) throw new Error(`project ${projectId} has no record`);
  const subject: AppRow = {
    ...row,
    content: { ...(row.content ?? {}), title: row.title, summary: row.content?.summary ?? row.summary },
  };
  const template = await projectPanelTemplateOf(db, projectId, spec.stage ?? 'midterm');
  return buildAssignmentInput(
    db,
    [subject],
    template,
    {
      k: template.panel.size,
      seed: spec.seed,
      strategy: 'random',
      ...(spec.pool
        ? { pool: spec.pool }
        : row.key_field
          ? { pool: { keyFields: [row.key_field] }, financeFromWholePool: true }
          : {}),
    },
    at,
    keep,
  );
}

/**
 * The template settings a project's panel of a stage is drawn with: its call's program template
 * (the city defaults for a project without a call or a call without a template), the panel
 * composed for the stage (panelSettingsFor). Draws, redraws and the panel's view read it here.
 */
export async function projectPanelTemplateOf(
  db: DataSource | EntityManager,
  projectId: string,
  stage: PanelStage,
) {
  const [row]: Array<{ template: ProgramTemplate | null; mode: string | null }> = await db.query(
    `SELECT t.template, c.mode FROM projects p LEFT JOIN calls c ON c.id = p.call_id
       LEFT JOIN program_templates t ON t.id = c.template_id WHERE p.id = $1`,
    [projectId],
  );
  const found = reviewTemplateFrom(row?.template ?? null, row?.mode ?? 'open_competition');
  return { ...found, panel: panelSettingsFor(stage, found.panel, found.mode) };
}

/** The engine's input for the given subjects (applications, or one project), template and spec. */
async function buildAssignmentInput(
  db: DataSource | EntityManager,
  apps: AppRow[],
  template: Awaited<ReturnType<typeof reviewTemplateOf>>,
  spec: Omit<RoundSpec, 'callId'>,
  at: Date,
  keep: string[],
) {
  const all = await (db instanceof DataSource ? db.manager : db).find(ExpertEntity, {
    where: [{ available: true }, ...(keep.length ? [{ id: In(keep) }] : [])],
    order: { id: 'ASC' },
  });
  const records = await (db instanceof DataSource ? db.manager : db).find(CreditRecordEntity, {
    where: { subjectType: 'expert', subjectId: In(all.map((e) => e.id)) },
  });
  const inPool = (e: ExpertEntity) =>
    (spec.financeFromWholePool === true && e.finance) ||
    ((!spec.pool?.keyFields || e.keyFields.some((f) => spec.pool!.keyFields!.includes(f))) &&
      (!spec.pool?.keywords || e.keywords.some((w) => spec.pool!.keywords!.includes(w))));
  const eligible = (e: ExpertEntity) =>
    mayServeAsExpert(
      rateCredit(
        records.filter((r) => r.subjectId === e.id).map(creditRecordFromEntity) as CreditRecord[],
        at,
      ),
    ).allowed;
  const experts = all.filter((e) => keep.includes(e.id) || (inPool(e) && eligible(e)));
  /** Kept for their load only: never drawn again (e.g. banned after missing a deadline). */
  const ineligible = experts.filter((e) => !eligible(e)).map((e) => e.id);
  const orgsOf = (a: AppRow) => [
    a.institution_id ?? `name:${a.applicant_id}`,
    ...(a.content.cooperators ?? []).map((c) =>
      organisationKey({ institutionId: c.institutionId, name: c.name }),
    ),
  ];
  const coiApps: CoiApplicationInput[] = apps.map((a) => ({
    id: a.id,
    applicantPersonId: a.applicant_id,
    participantPersonIds: (a.content.team ?? []).flatMap((m) => (m.userId ? [m.userId] : [])),
    hostOrganisationId: orgsOf(a)[0],
    participantOrganisationIds: orgsOf(a).slice(1),
    // The applicant names experts to avoid; the pool is confidential, so they are matched by name.
    excludedExpertIds: [
      ...new Set(
        (a.content.avoidExperts ?? []).flatMap((x) =>
          experts
            .filter((e) => e.name === x.name && (!x.organisation || e.organisation === x.organisation))
            .map((e) => e.id),
        ),
      ),
    ],
    ...(a.issuer_institution_id ? { issuerOrganisationId: a.issuer_institution_id } : {}),
  }));
  const coiExperts: CoiExpertInput[] = experts.map((e) => ({
    id: e.id,
    personId: e.userId ?? e.id,
    personName: e.name,
    organisationId: e.organisationKey,
    relations: e.relations,
    declaredConflicts: e.declaredConflicts,
  }));
  const allConflicts = forbiddenPairs(coiApps as never, coiExperts as never, {}, shanghaiDate(at));
  // 揭榜挂帅 panels include the issuer's representative (RULES §5): an expert of the issuing
  // organisation sits on the panels of that issuer's challenges (only there), which their tie to
  // the issuer would otherwise exclude.
  const issuerSeat = template.mode === 'challenge' && template.panel.issuerRepresentative === true;
  const issuerOf = new Map(apps.map((a) => [a.id, a.issuer_institution_id]));
  const representativeOf = (e: ExpertEntity) =>
    issuerSeat && e.institutionId !== null && apps.some((a) => a.issuer_institution_id === e.institutionId)
      ? e.institutionId
      : null;
  const reps = new Map(
    experts.flatMap((e) => (representativeOf(e) ? [[e.id, representativeOf(e)!] as const] : [])),
  );
  const conflicts = allConflicts.filter(
    (c) =>
      !(
        reps.get(c.expertId) === issuerOf.get(c.applicationId) &&
        c.reasons.every((r) => r.rule === 'issuer_organisation')
      ),
  );
  const repElsewhere = apps.flatMap((a) =>
    [...reps]
      .filter(([, issuer]) => issuer !== a.issuer_institution_id)
      .map(([expertId]) => ({ applicationId: a.id, expertId })),
  );
  const input: AssignmentInputData = {
    applications: apps.map((a) => ({ id: a.id, organisationIds: orgsOf(a) })),
    experts: experts.map((e) => ({
      id: e.id,
      organisationId: e.organisationKey,
      loadCap: loadCapInRound(e.loadCap, spec.maxPerExpert),
      finance: e.finance,
      ...(reps.has(e.id) ? { issuerRepresentative: true } : {}),
    })),
    affinities: positiveAffinities(
      apps.map((a) => ({
        id: a.id,
        keyField: a.key_field,
        text: [a.content.title, a.content.summary, a.content.objectives, a.content.technicalRoute].join(' '),
      })),
      experts,
    ),
    k: spec.k,
    forbidden: [
      ...conflicts.map((c) => ({ applicationId: c.applicationId, expertId: c.expertId })),
      ...repElsewhere,
    ],
    panel: {
      atLeastOneFinance: template.panel.financeExpert,
      maxPerOrganisation: template.panel.maxPerOrganisation,
      ...(issuerSeat ? { issuerRepresentativeRequired: true } : {}),
    },
    seed: spec.seed,
    strategy: spec.strategy,
    ...(spec.maxProbability !== undefined ? { maxProbability: spec.maxProbability } : {}),
  };
  return {
    input,
    conflicts,
    ineligible,
    /** The experts' profile caps, in the input's order (what the draw could use without the round's cap). */
    profileLoadCaps: experts.map((e) => e.loadCap),
    applications: apps.length,
    experts: experts.length,
    pool: all.length,
  };
}
