import { z } from 'zod';
import { Bilingual, DomainError } from '../kernel/messages';
import { bilingual, parseOrThrow } from '../kernel/validation';

/**
 * Conflict of interest (回避) between review experts and applications (RULES §5). The engine
 * only explains: every exclusion carries the rule, its label and a detail naming the person,
 * organisation or date behind it, so an officer can check it and an expert can contest it.
 * Pure: the reference date `asOf` is a parameter.
 */

// ---------------------------------------------------------------------------------------------
// Dates (civil `YYYY-MM-DD`; plain string comparison orders them)

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The same calendar day `years` earlier; 29 February falls back to the 28th in common years. */
export function yearsBefore(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const year = y - years;
  const day = Math.min(d, daysInMonth(year, m));
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const isoDateSchema = z
  .string()
  .refine(isIsoDate, bilingual({ zh: '不是有效的日期（YYYY-MM-DD）', en: 'Not a valid date (YYYY-MM-DD)' }));

/** Ids of people, organisations and applications: uuids, or an external register's codes. */
const idSchema = z.string().trim().min(1).max(100);

// ---------------------------------------------------------------------------------------------
// Inputs

export const RELATION_KINDS = [
  'coauthor',
  'collaboration',
  'advisor',
  'student',
  'relative',
  'declared',
] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

export const relationSchema = z
  .object({
    kind: z
      .enum(RELATION_KINDS)
      .describe(
        'What the other party is to the expert: co-author, collaborator, the expert’s advisor, the expert’s student, a close relative, or another declared tie',
      ),
    personId: idSchema.optional(),
    organisationId: idSchema.optional(),
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    note: z.string().trim().max(500).optional(),
  })
  .refine(
    (r) => r.personId !== undefined || r.organisationId !== undefined,
    bilingual({ zh: '关系须指明对方人员或单位', en: 'A relation names the other person or organisation' }, [
      'personId',
    ]),
  )
  .refine(
    (r) => r.from === undefined || r.to === undefined || r.from <= r.to,
    bilingual({ zh: '结束日期不能早于开始日期', en: '`to` cannot be before `from`' }, ['to']),
  );
export type Relation = z.output<typeof relationSchema>;

export const declaredConflictSchema = z
  .object({
    applicationId: idSchema.optional(),
    personId: idSchema.optional(),
    organisationId: idSchema.optional(),
    reason: z.string().trim().min(1).max(500),
  })
  .refine(
    (d) => d.applicationId !== undefined || d.personId !== undefined || d.organisationId !== undefined,
    bilingual(
      {
        zh: '申明回避须指明申报书、人员或单位',
        en: 'A declared conflict names an application, a person or an organisation',
      },
      ['applicationId'],
    ),
  );
export type DeclaredConflict = z.output<typeof declaredConflictSchema>;

export const coiExpertSchema = z.object({
  id: idSchema,
  /** When the expert register keys experts apart from the person register; defaults to `id`. */
  personId: idSchema.optional(),
  personName: z.string().trim().min(1),
  organisationId: idSchema,
  relations: z.array(relationSchema).default([]),
  declaredConflicts: z.array(declaredConflictSchema).default([]),
});
export type CoiExpert = z.output<typeof coiExpertSchema>;
export type CoiExpertInput = z.input<typeof coiExpertSchema>;

const uniqueIds = (ids: string[]) => new Set(ids).size === ids.length;

const applicationFields = {
  id: idSchema,
  applicantPersonId: idSchema.describe('The PI (项目负责人)'),
  participantPersonIds: z.array(idSchema).default([]),
  hostOrganisationId: idSchema,
  participantOrganisationIds: z.array(idSchema).default([]),
  excludedExpertIds: z
    .array(idSchema)
    .default([])
    .refine(
      uniqueIds,
      bilingual({ zh: '申请回避的专家不能重复', en: 'An expert is listed for exclusion more than once' }),
    )
    .describe('Experts the applicant asks to exclude, in the applicant’s order'),
  issuerOrganisationId: idSchema.optional().describe('The 发榜方 of a challenge (揭榜挂帅)'),
};

/**
 * The application as the engine reads it. It does not cap `excludedExpertIds`: a stored list
 * longer than today's policy (the cap was lowered) still evaluates, honouring the first ones.
 * Submission validates the cap with {@link coiApplicationSchemaFor}.
 */
export const coiApplicationSchema = z.object(applicationFields);
export type CoiApplication = z.output<typeof coiApplicationSchema>;
export type CoiApplicationInput = z.input<typeof coiApplicationSchema>;

export const coiPolicySchema = z.object({
  lookBackYears: z
    .number()
    .int()
    .min(1)
    .max(10)
    .default(3)
    .describe('Years a co-authorship or collaboration keeps an expert out (RULES §5: 3–5, default 3)'),
  maxApplicantExclusions: z
    .number()
    .int()
    .min(0)
    .max(10)
    .default(3)
    .describe('Experts an applicant may ask to exclude (RULES §5: ≤ 3, NSFC practice)'),
});
export type CoiPolicy = z.output<typeof coiPolicySchema>;
export type CoiPolicyInput = z.input<typeof coiPolicySchema>;

export const DEFAULT_COI_POLICY: CoiPolicy = { lookBackYears: 3, maxApplicantExclusions: 3 };

/** What an applicant submits: the application with the exclusion list capped by the policy. */
export function coiApplicationSchemaFor(policy: CoiPolicyInput = {}) {
  const { maxApplicantExclusions: max } = coiPolicySchema.parse(policy);
  return coiApplicationSchema.extend({
    excludedExpertIds: applicationFields.excludedExpertIds.refine(
      (ids) => ids.length <= max,
      bilingual({
        zh: `申请回避的专家最多 ${max} 位`,
        en: `At most ${max} experts may be excluded at the applicant’s request`,
      }),
    ),
  });
}

/** Submission-time check of an application's conflict data, exclusion cap included. */
export function parseCoiApplication(data: unknown, policy: CoiPolicyInput = {}): CoiApplication {
  return parseOrThrow(coiApplicationSchemaFor(policy), data, '评审');
}

/** Why an expert steps aside (回避): at least 5 characters, the message saying whose reason it is. */
const recusalReason = (message: Bilingual) =>
  z
    .string()
    .trim()
    .max(2000)
    .refine((s) => s.length >= 5, bilingual(message));

/** An expert who finds a conflict on opening an application steps aside and says why. */
export const recusalSchema = z.strictObject({
  reason: recusalReason({
    zh: '请说明回避理由（不少于 5 个字）',
    en: 'Give the reason for recusal (at least 5 characters)',
  }),
});
export type Recusal = z.output<typeof recusalSchema>;

/** An officer who requires an expert to step aside (要求回避) says why; the expert is told. */
export const recusalRequirementSchema = z.strictObject({
  reason: recusalReason({
    zh: '请说明要求该专家回避的理由（不少于 5 个字）',
    en: 'Give the reason the expert must step aside (at least 5 characters)',
  }),
});
export type RecusalRequirement = z.output<typeof recusalRequirementSchema>;

// ---------------------------------------------------------------------------------------------
// Output

export const COI_RULES = [
  'self',
  'same_organisation',
  'collaboration',
  'advisor_student',
  'relative',
  'declared_relation',
  'declared_conflict',
  'applicant_exclusion',
  'issuer_organisation',
] as const;
export type CoiRule = (typeof COI_RULES)[number];

export const COI_RULE_LABELS: Record<CoiRule, Bilingual> = {
  self: { zh: '本人参与申报', en: 'The expert is on the application' },
  same_organisation: { zh: '同一单位', en: 'Same organisation' },
  collaboration: { zh: '近期合作', en: 'Recent collaboration' },
  advisor_student: { zh: '师生关系', en: 'Advisor–student relation' },
  relative: { zh: '亲属关系', en: 'Close relative' },
  declared_relation: { zh: '其他利害关系', en: 'Other declared tie' },
  declared_conflict: { zh: '专家申明回避', en: 'Conflict declared by the expert' },
  applicant_exclusion: { zh: '申请人申请回避', en: 'Excluded at the applicant’s request' },
  issuer_organisation: { zh: '与发榜方存在利害关系', en: 'Tie to the challenge issuer' },
};

export interface CoiReason {
  rule: CoiRule;
  label: Bilingual;
  detail: Bilingual;
}

export interface CoiResult {
  applicationId: string;
  expertId: string;
  conflicted: boolean;
  reasons: CoiReason[];
}

// ---------------------------------------------------------------------------------------------
// Engine

const KIND_RULE: Record<RelationKind, CoiRule> = {
  coauthor: 'collaboration',
  collaboration: 'collaboration',
  advisor: 'advisor_student',
  student: 'advisor_student',
  relative: 'relative',
  declared: 'declared_relation',
};

const KIND_TEXT: Record<RelationKind, Bilingual> = {
  coauthor: { zh: '合著论文', en: 'co-authorship' },
  collaboration: { zh: '项目合作', en: 'collaboration' },
  advisor: { zh: '对方为专家的导师', en: 'the other party is the expert’s advisor' },
  student: { zh: '对方为专家的学生', en: 'the other party is the expert’s student' },
  relative: { zh: '亲属', en: 'close relative' },
  declared: { zh: '申报的利害关系', en: 'declared tie' },
};

/** The expert with relations and declarations keyed for lookup, built once per expert. */
interface IndexedExpert {
  expert: CoiExpert;
  personId: string;
  byPerson: Map<string, Relation[]>;
  byOrganisation: Map<string, Relation[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function indexExpert(expert: CoiExpert): IndexedExpert {
  const byPerson = new Map<string, Relation[]>();
  const byOrganisation = new Map<string, Relation[]>();
  for (const r of expert.relations) {
    if (r.personId !== undefined) push(byPerson, r.personId, r);
    if (r.organisationId !== undefined) push(byOrganisation, r.organisationId, r);
  }
  return { expert, personId: expert.personId ?? expert.id, byPerson, byOrganisation };
}

interface Window {
  start: string;
  asOf: string;
  years: number;
}

/**
 * Why a relation still counts, or null when it no longer does. Co-authorship and collaboration count
 * when their date — `to`, else `from` — is on or after the start of the look-back window (the
 * edge day is inside; a date after `asOf` is an ongoing tie and counts too). With no date at all
 * the tie cannot be shown to be old, so it counts. Other kinds count at any time (RULES §5).
 */
function relationCounts(r: Relation, w: Window): Bilingual | null {
  if (r.kind !== 'coauthor' && r.kind !== 'collaboration')
    return { zh: '不受时间限制', en: 'regardless of date' };
  const date = r.to ?? r.from;
  if (date === undefined)
    return { zh: '未登记日期，按近期处理', en: 'no date recorded, so treated as recent' };
  if (date < w.start) return null;
  return {
    zh: `日期 ${date}，在 ${w.years} 年回看期内（${w.start} 起）`,
    en: `dated ${date}, within the ${w.years}-year look-back (from ${w.start})`,
  };
}

function note(r: Relation): Bilingual {
  return r.note ? { zh: `；备注：${r.note}`, en: `; note: ${r.note}` } : { zh: '', en: '' };
}

function reason(rule: CoiRule, detail: Bilingual): CoiReason {
  return { rule, label: COI_RULE_LABELS[rule], detail };
}

const ROLE = {
  pi: { zh: '项目负责人', en: 'the PI' },
  participant: { zh: '项目参与人', en: 'participant' },
  host: { zh: '依托单位', en: 'the host organisation' },
  participantOrg: { zh: '参与单位', en: 'participating organisation' },
  issuer: { zh: '发榜方', en: 'the issuer' },
} satisfies Record<string, Bilingual>;

/** Ids with their role, each id once (a PI also listed as participant is named as the PI). */
function roles(
  first: Array<[string, Bilingual]>,
  rest: string[],
  role: Bilingual,
): Array<[string, Bilingual]> {
  const out = new Map(first);
  for (const id of rest) if (!out.has(id)) out.set(id, role);
  return [...out];
}

/** The application's people and organisations with their roles, built once per application. */
interface IndexedApplication {
  app: CoiApplication;
  persons: Array<[string, Bilingual]>;
  orgs: Array<[string, Bilingual]>;
  personSet: Set<string>;
  /** Host, participants and the issuer: what a declared conflict may name. */
  orgSet: Set<string>;
}

function indexApplication(app: CoiApplication): IndexedApplication {
  const persons = roles([[app.applicantPersonId, ROLE.pi]], app.participantPersonIds, ROLE.participant);
  const orgs = roles(
    [[app.hostOrganisationId, ROLE.host]],
    app.participantOrganisationIds,
    ROLE.participantOrg,
  );
  const orgSet = new Set(orgs.map(([o]) => o));
  if (app.issuerOrganisationId !== undefined) orgSet.add(app.issuerOrganisationId);
  return { app, persons, orgs, personSet: new Set(persons.map(([p]) => p)), orgSet };
}

/** Reasons from the expert's relations with `targets`; `rule` overrides the kind's rule. */
function relationReasons(
  found: CoiReason[],
  targets: Array<[string, Bilingual]>,
  map: Map<string, Relation[]>,
  w: Window,
  rule: CoiRule | null,
): void {
  for (const [target, role] of targets) {
    const relations = map.get(target);
    if (relations === undefined) continue;
    for (const r of relations) {
      const when = relationCounts(r, w);
      if (!when) continue;
      const kind = KIND_TEXT[r.kind];
      const extra = note(r);
      found.push(
        reason(rule ?? KIND_RULE[r.kind], {
          zh: `专家与${role.zh}（${target}）存在关系：${kind.zh}，${when.zh}${extra.zh}`,
          en: `The expert has a tie with ${role.en} (${target}): ${kind.en}, ${when.en}${extra.en}`,
        }),
      );
    }
  }
}

const RULE_ORDER = new Map(COI_RULES.map((rule, i) => [rule, i]));

function evaluate(ia: IndexedApplication, ix: IndexedExpert, policy: CoiPolicy, w: Window): CoiReason[] {
  const { app, persons, orgs, personSet, orgSet } = ia;
  const { expert } = ix;
  const found: CoiReason[] = [];

  for (const [person, role] of persons)
    if (person === ix.personId)
      found.push(
        reason('self', {
          zh: `专家本人（${expert.personName}）是本申报的${role.zh}`,
          en: `The expert (${expert.personName}) is ${role.en} of this application`,
        }),
      );

  for (const [org, role] of orgs)
    if (org === expert.organisationId)
      found.push(
        reason('same_organisation', {
          zh: `专家所在单位（${org}）是本申报的${role.zh}`,
          en: `The expert’s organisation (${org}) is ${role.en} of this application`,
        }),
      );

  relationReasons(found, persons, ix.byPerson, w, null);
  relationReasons(found, orgs, ix.byOrganisation, w, null);

  for (const d of expert.declaredConflicts) {
    const what =
      d.applicationId === app.id
        ? { zh: `本申报（${app.id}）`, en: `this application (${app.id})` }
        : d.personId !== undefined && personSet.has(d.personId)
          ? { zh: `人员 ${d.personId}`, en: `person ${d.personId}` }
          : d.organisationId !== undefined && orgSet.has(d.organisationId)
            ? { zh: `单位 ${d.organisationId}`, en: `organisation ${d.organisationId}` }
            : null;
    if (what)
      found.push(
        reason('declared_conflict', {
          zh: `专家申明与${what.zh}存在利害关系：${d.reason}`,
          en: `The expert declared a conflict with ${what.en}: ${d.reason}`,
        }),
      );
  }

  // Only the first `maxApplicantExclusions` count: the order is the applicant's (RULES §5 ≤ 3).
  const position = app.excludedExpertIds.indexOf(expert.id);
  if (position >= 0 && position < policy.maxApplicantExclusions)
    found.push(
      reason('applicant_exclusion', {
        zh: `申请人申请该专家回避（第 ${position + 1} 位，限 ${policy.maxApplicantExclusions} 位）`,
        en: `The applicant asked to exclude this expert (no. ${position + 1} of at most ${policy.maxApplicantExclusions})`,
      }),
    );

  const issuer = app.issuerOrganisationId;
  if (issuer !== undefined) {
    if (issuer === expert.organisationId)
      found.push(
        reason('issuer_organisation', {
          zh: `专家所在单位（${issuer}）是本揭榜项目的发榜方`,
          en: `The expert’s organisation (${issuer}) issued this challenge`,
        }),
      );
    relationReasons(found, [[issuer, ROLE.issuer]], ix.byOrganisation, w, 'issuer_organisation');
  }

  // For display: by rule, then as found (Array.prototype.sort is stable).
  return found.length > 1 ? found.sort((a, b) => RULE_ORDER.get(a.rule)! - RULE_ORDER.get(b.rule)!) : found;
}

function windowFor(policy: CoiPolicy, asOf: string): Window {
  if (!isIsoDate(asOf))
    throw new DomainError(
      'validation_failed',
      { zh: '评审内容有误，请按字段提示修改', en: 'The request is invalid; see the field messages' },
      [
        {
          path: 'asOf',
          message: { zh: '不是有效的日期（YYYY-MM-DD）', en: 'Not a valid date (YYYY-MM-DD)' },
        },
      ],
    );
  return { start: yearsBefore(asOf, policy.lookBackYears), asOf, years: policy.lookBackYears };
}

/** Every conflict between one application and one expert, each with its explanation. */
export function conflictsFor(
  app: CoiApplicationInput,
  expert: CoiExpertInput,
  policy: CoiPolicyInput,
  asOf: string,
): CoiResult {
  const {
    policy: p,
    application: a,
    expert: e,
  } = parseOrThrow(
    z.object({ policy: coiPolicySchema, application: coiApplicationSchema, expert: coiExpertSchema }),
    { policy, application: app, expert },
    '评审',
  );
  const reasons = evaluate(indexApplication(a), indexExpert(e), p, windowFor(p, asOf));
  return { applicationId: a.id, expertId: e.id, conflicted: reasons.length > 0, reasons };
}

/**
 * The conflicted (application, expert) pairs, with reasons, for expert drawing. An inverted index
 * (person / organisation / application → experts) yields the few candidate experts per
 * application, so the work grows with the number of ties, not with applications × experts.
 * Output: applications in input order, experts in input order within each.
 */
export function forbiddenPairs(
  apps: CoiApplicationInput[],
  experts: CoiExpertInput[],
  policy: CoiPolicyInput,
  asOf: string,
): CoiResult[] {
  const parsed = parseOrThrow(
    z.object({
      policy: coiPolicySchema,
      applications: z.array(coiApplicationSchema),
      experts: z.array(coiExpertSchema),
    }),
    { policy, applications: apps, experts },
    '评审',
  );
  const p = parsed.policy;
  const w = windowFor(p, asOf);
  const parsedApps = parsed.applications;
  const indexed = parsed.experts.map(indexExpert);

  const byPerson = new Map<string, number[]>();
  const byOrganisation = new Map<string, number[]>();
  const byExpertId = new Map<string, number[]>();
  const byApplication = new Map<string, number[]>();
  indexed.forEach((ix, n) => {
    push(byPerson, ix.personId, n);
    push(byOrganisation, ix.expert.organisationId, n);
    push(byExpertId, ix.expert.id, n);
    for (const key of ix.byPerson.keys()) push(byPerson, key, n);
    for (const key of ix.byOrganisation.keys()) push(byOrganisation, key, n);
    for (const d of ix.expert.declaredConflicts) {
      if (d.applicationId !== undefined) push(byApplication, d.applicationId, n);
      if (d.personId !== undefined) push(byPerson, d.personId, n);
      if (d.organisationId !== undefined) push(byOrganisation, d.organisationId, n);
    }
  });

  const out: CoiResult[] = [];
  for (const app of parsedApps) {
    const ia = indexApplication(app);
    const candidates = new Set<number>();
    const add = (list: number[] | undefined) => list?.forEach((n) => candidates.add(n));
    add(byPerson.get(app.applicantPersonId));
    app.participantPersonIds.forEach((id) => add(byPerson.get(id)));
    add(byOrganisation.get(app.hostOrganisationId));
    app.participantOrganisationIds.forEach((id) => add(byOrganisation.get(id)));
    if (app.issuerOrganisationId !== undefined) add(byOrganisation.get(app.issuerOrganisationId));
    add(byApplication.get(app.id));
    app.excludedExpertIds.slice(0, p.maxApplicantExclusions).forEach((id) => add(byExpertId.get(id)));

    for (const n of [...candidates].sort((x, y) => x - y)) {
      const ix = indexed[n];
      const reasons = evaluate(ia, ix, p, w);
      if (reasons.length > 0)
        out.push({ applicationId: app.id, expertId: ix.expert.id, conflicted: true, reasons });
    }
  }
  return out;
}
