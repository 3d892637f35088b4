import { dispatchViewSchema } from './dispatch';
import { REPORT_KINDS } from './dispatch.rules';
import { z } from 'zod';
import { RISK_PROFILES } from './honest-failure.rules';
import { bilingual } from '../kernel/validation';
import { DomainError } from '../kernel/messages';
import { Bilingual } from '../kernel/errors.rules';
import { Actor, hasRole } from '../kernel/roles';
import { AUDIT_ROLES } from '../kernel/roles.rules';
import { PROJECT_STATUSES, ProjectStatus } from './project.rules';
import { modeSchema } from '../guide/call';

// Statuses and the schedule are zod-free, as the project's workflow runs them: project.rules.ts.
export * from './project.rules';

/**
 * Projects (项目): funded work followed to acceptance. Signing an agreement starts one; projects of
 * earlier years are registered from the bureau's earlier records, because 限项 and duplicate
 * checks must see them (RULES §3: a PI with an ongoing or overdue unaccepted project may not apply).
 */
export const projectStatusSchema = z.enum(PROJECT_STATUSES);
/** Earlier records name one of these (a project under rectification is registered as ongoing). */
const REGISTERED_STATUSES = ['ongoing', 'accepted', 'closed', 'terminated'] as const;

export const registerProjectSchema = z
  .object({
    programCode: z.string().trim().min(2).max(64).describe('The program template code, e.g. key-rd'),
    title: z.string().trim().min(2).max(200),
    summary: z.string().trim().max(5000).default(''),
    piId: z.uuid(),
    institutionId: z.uuid(),
    status: z.enum(REGISTERED_STATUSES),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
    acceptedOn: z.iso.date().nullable().default(null),
    source: z.string().trim().min(2).max(500).describe('Where the record comes from, e.g. a filing number'),
  })
  .refine(
    (p) => p.endsOn >= p.startsOn,
    bilingual({ zh: '结束日期不能早于开始日期', en: 'The end cannot be before the start' }, ['endsOn']),
  )
  .refine(
    (p) => (p.status === 'accepted') === (p.acceptedOn !== null),
    bilingual(
      {
        zh: '已验收的项目须填写验收日期，其他状态不填',
        en: 'An accepted project needs its acceptance date, others none',
      },
      ['acceptedOn'],
    ),
  );
export type RegisterProjectInput = z.infer<typeof registerProjectSchema>;

export const projectViewSchema = z.object({
  id: z.uuid(),
  programCode: z.string(),
  title: z.string(),
  summary: z.string(),
  piId: z.uuid(),
  institutionId: z.uuid(),
  status: projectStatusSchema,
  startsOn: z.string(),
  endsOn: z.string(),
  acceptedOn: z.string().nullable(),
  overdue: z
    .boolean()
    .describe(
      'Past its end date with no acceptance opened, a progress report overdue, a rectification past its deadline, or the acceptance not applied for by its deadline (or its rectification past due)',
    ),
  source: z.string(),
  agreementId: z.uuid().nullable().describe('The signed agreement that started it (null: an earlier record)'),
  mode: z.string().nullable(),
  county: z.string().nullable(),
  keyField: z.string().nullable(),
  midtermAt: z.string().nullable().describe('When the mid-term check opens (UTC), or null'),
  overdueReports: z.number().int().describe('Progress reports past their due date, not yet submitted'),
  unapprovedChange: z
    .boolean()
    .describe(
      'A change of objectives or route made without approval is on record (acceptance refuses on it)',
    ),
  riskProfile: z
    .enum(RISK_PROFILES)
    .nullable()
    .describe('容错: flagged exploratory (探索性强) or high-risk (风险高) by staff; null: neither'),
  dispatch: dispatchViewSchema
    .nullable()
    .describe('科技特派员: where the commissioner serves, for the service term (null: not a dispatch)'),
  reportKind: z
    .enum(REPORT_KINDS)
    .describe('What its progress reports are: progress 进展报告 or service_log 服务日志 (the template’s)'),
});
export type ProjectView = z.infer<typeof projectViewSchema>;

// ---- the portfolio counted (项目分布): projects by key field or county, split by status ----------

export const PORTFOLIO_DIMENSIONS = ['keyField', 'county'] as const;
export type PortfolioDimension = (typeof PORTFOLIO_DIMENSIONS)[number];

export const portfolioRollupQuerySchema = z.object({
  by: z.enum(PORTFOLIO_DIMENSIONS).default('keyField').describe('Count by key field or by county'),
  mode: modeSchema.optional(),
  programCode: z.string().trim().min(2).max(64).optional().describe('The program template code'),
});

export const portfolioRollupViewSchema = z.object({
  by: z.enum(PORTFOLIO_DIMENSIONS),
  items: z.array(
    z.object({
      key: z.string().nullable().describe('The key field code or county; null: none on record'),
      projects: z.number().int(),
      statuses: z
        .array(z.object({ status: projectStatusSchema, projects: z.number().int() }))
        .describe('The same projects by status (statuses without any are left out)'),
    }),
  ),
});
export type PortfolioRollupView = z.infer<typeof portfolioRollupViewSchema>;

/**
 * The rows PostgreSQL counted (one per key and status) as the answer: per key its total and its
 * split, most projects first (then by key, none last), so the chart reads left to right.
 */
export function portfolioRollupView(
  by: PortfolioDimension,
  rows: ReadonlyArray<{ key: string | null; status: ProjectStatus; projects: number }>,
): PortfolioRollupView {
  const keys = new Map<string | null, PortfolioRollupView['items'][number]>();
  for (const r of rows) {
    const item = keys.get(r.key) ?? { key: r.key, projects: 0, statuses: [] };
    item.projects += r.projects;
    item.statuses.push({ status: r.status, projects: r.projects });
    keys.set(r.key, item);
  }
  const order = (s: ProjectStatus) => PROJECT_STATUSES.indexOf(s);
  const items = [...keys.values()].map((i) => ({
    ...i,
    statuses: [...i.statuses].sort((a, b) => order(a.status) - order(b.status)),
  }));
  items.sort(
    (a, b) =>
      b.projects - a.projects ||
      (a.key === null ? 1 : b.key === null ? -1 : a.key.localeCompare(b.key, 'zh-Hans-CN')),
  );
  return { by, items };
}

/** A registration names a PI and an institution that exist: each unknown one is a field error. */
export function assertKnownSubjects(unknown: readonly string[]): void {
  if (unknown.length === 0) return;
  const message = { zh: '主体不存在', en: 'Unknown subject' };
  throw new DomainError(
    'validation_failed',
    message,
    unknown.map((path) => ({ path, message })),
  );
}

// ---- access: who reads a project, and which projects are "mine" --------------------------------

/** A project's PI and host institution. */
export interface ProjectHolders {
  piId: string;
  institutionId: string;
}

/** Staff and auditors read every project; the PI and the host institution's admin their own. */
export function mayReadProject(actor: Actor, p: ProjectHolders): boolean {
  if (hasRole(actor, ...AUDIT_ROLES)) return true;
  if (hasRole(actor, 'applicant') && actor.id === p.piId) return true;
  return (
    hasRole(actor, 'institution_admin') &&
    actor.institutionId !== null &&
    actor.institutionId === p.institutionId
  );
}

/** Who takes a step of a project's stage: its PI, its host institution's admin, or the bureau's staff. */
export type ProjectParty = 'pi' | 'host' | 'staff';
const PARTY_LABELS: Record<ProjectParty, Bilingual> = {
  pi: { zh: '项目负责人', en: 'the PI' },
  host: { zh: '依托单位', en: 'the host institution' },
  staff: { zh: '项目管理人员', en: 'program officers' },
};

/** The step is this party's (403 naming who takes it otherwise). */
export function assertProjectParty(actor: Actor, p: ProjectHolders, party: ProjectParty): void {
  const ok =
    party === 'pi'
      ? hasRole(actor, 'applicant') && actor.id === p.piId
      : party === 'host'
        ? hasRole(actor, 'institution_admin') && actor.institutionId === p.institutionId
        : hasRole(actor, 'officer', 'admin');
  if (!ok)
    throw new DomainError('forbidden', {
      zh: `此步骤由${PARTY_LABELS[party].zh}办理`,
      en: `This step is taken by ${PARTY_LABELS[party].en}`,
    });
}

/**
 * "My projects": a PI's own, or an institution admin's institution's (an account that is both
 * sees both). Staff use the portfolio list instead.
 */
export function myProjectsFilter(actor: Actor): { piId?: string; institutionId?: string } {
  if (hasRole(actor, 'institution_admin') && actor.institutionId)
    return { institutionId: actor.institutionId };
  if (hasRole(actor, 'applicant')) return { piId: actor.id };
  throw new DomainError('forbidden', {
    zh: '“我的项目”供项目负责人和依托单位使用；管理人员请使用项目列表',
    en: '“My projects” is for PIs and host institutions; staff use the project list',
  });
}
