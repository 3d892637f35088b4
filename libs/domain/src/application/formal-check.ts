import { z } from 'zod';
import { ApplicationContent, assertSubmittable, formalCheckDecisionSchema } from './application';
import { Bilingual, bilingualSchema, DomainError } from '../kernel/messages';
import { formatYuan } from '../kernel/money';
import { Region } from '../guide/program-template';
import { COUNTIES } from '../kernel/reference-data';
import {
  budgetTotals,
  coFundingMet,
  EMPTY_BUDGET,
  indirectCostCeiling,
  TITLE_LEVEL_LABELS,
  TITLE_LEVELS,
  TitleLevel,
} from './application-content';
import { missingDocuments } from './attachment';
import { dice } from '../demand/similarity';

/**
 * The formal check's automatic rules (形式审查, RULES §4). Each runs at submission (to warn the
 * applicant) and when the officer opens the check (to decide), and each result carries its reason
 * in zh-CN and English. Rules inform; the officer decides (pass / return / reject). A `flag` asks
 * for the officer's attention without failing (possible duplicates are never rejected automatically).
 */
export const FORMAL_CHECK_RULES = [
  'credit',
  'concurrent_limit',
  'budget_cap',
  'budget_arithmetic',
  'indirect_cost',
  'co_funding',
  'required_documents',
  'integrity_pledge',
  'pi_seniority',
  'region',
  'duplicate',
  'content_complete',
] as const;
export type FormalCheckRule = (typeof FORMAL_CHECK_RULES)[number];

export const FORMAL_CHECK_RULE_LABELS: Record<FormalCheckRule, Bilingual> = {
  credit: { zh: '科研信用', en: 'Research credit' },
  concurrent_limit: { zh: '限项', en: 'Concurrent-project limits' },
  budget_cap: { zh: '经费上限', en: 'Budget cap' },
  budget_arithmetic: { zh: '预算平衡', en: 'Budget arithmetic' },
  indirect_cost: { zh: '间接费用比例', en: 'Indirect-cost cap' },
  co_funding: { zh: '自筹配套', en: 'Co-funding ratio' },
  required_documents: { zh: '必需附件', en: 'Required documents' },
  integrity_pledge: { zh: '科研诚信承诺', en: 'Integrity pledge' },
  pi_seniority: { zh: '负责人职称', en: 'PI seniority' },
  region: { zh: '属地要求', en: 'Registered region' },
  duplicate: { zh: '重复申报', en: 'Duplicate application' },
  content_complete: { zh: '申报内容完整', en: 'Complete content' },
};

export const CHECK_OUTCOMES = ['pass', 'fail', 'flag'] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

export interface ChecklistItem {
  rule: FormalCheckRule;
  label: Bilingual;
  outcome: CheckOutcome;
  reasons: Bilingual[];
}

/** A possible duplicate: another live application or a recent project of the same PI. */
export interface DuplicateCandidate {
  kind: 'application' | 'project';
  id: string;
  title: string;
  similarity: number;
}

/** Above this title or summary similarity, an application of the same PI is flagged (RULES §3). */
export const APPLICATION_DUPLICATE_THRESHOLD = 0.5;

/** How alike two applications (or an application and a project) are: the closer of title and summary. */
export function applicationSimilarity(
  a: { title: string; summary?: string },
  b: { title: string; summary?: string },
): number {
  const title = dice(a.title, b.title);
  const summary = a.summary && b.summary ? dice(a.summary, b.summary) : 0;
  return Math.round(Math.max(title, summary) * 1000) / 1000;
}

export interface FormalCheckFacts {
  content: ApplicationContent;
  budgetCapFen: number;
  /** Whether the full application's completeness rules apply (false for drafts started before them). */
  fullContent?: boolean;
  /** The credit gate's answer for the PI, the host institution and the team. */
  eligibility: { pass: boolean; reasons: Bilingual[] };
  /** The PI's other live applications in the same call (submitted or passed). */
  otherApplicationsOfPi: number;
  /** Applications one PI may have in one call (限项; RULES §3 city default 1). */
  concurrentLimit: number;
  /** Ongoing projects the PI leads in the same program (a PI leading one may not apply again). */
  ongoingProjectsOfPi?: string[];
  /** Projects past their end and not accepted: the PI's and the host institution's. */
  overdueProjects?: { pi: string[]; institution: string[] };
  /** The program's region rule and the host institution's registered county (null: none given). */
  region: Region;
  institutionCounty: string | null;
  /** The credit-adjusted indirect-cost rate of the host institution, in percent. */
  indirectRatePercent?: number;
  /** The template's minimum self-funding ratio, applied when the host is an enterprise (RULES §7). */
  coFunding?: { selfFen: number; publicFen: number } | null;
  institutionKind?: string | null;
  requiredDocuments?: Array<{ code: string; name: Bilingual }>;
  presentDocuments?: string[];
  pledges?: { pi: boolean; institution: boolean };
  duplicates?: DuplicateCandidate[];
  /** The program's lowest PI title level, if any, and whether it is a challenge (no seniority rule). */
  minPiTitleLevel?: TitleLevel;
  challenge?: boolean;
}

/** 揭榜挂帅 is "不论资历": a title threshold never applies to challenges (RULES §3). */
function seniorityItem(f: FormalCheckFacts): ChecklistItem {
  if (f.challenge)
    return item('pi_seniority', true, [
      { zh: '揭榜挂帅不设职称和资历门槛', en: 'Challenges have no title or seniority threshold' },
    ]);
  if (!f.minPiTitleLevel)
    return item('pi_seniority', true, [
      { zh: '本计划不限负责人职称', en: 'The program sets no title level' },
    ]);
  const min = TITLE_LEVEL_LABELS[f.minPiTitleLevel];
  const level = f.content.pi?.titleLevel;
  const ok = level !== undefined && TITLE_LEVELS.indexOf(level) >= TITLE_LEVELS.indexOf(f.minPiTitleLevel);
  const now = level ? TITLE_LEVEL_LABELS[level] : { zh: '未填写', en: 'not given' };
  return item('pi_seniority', ok, [
    {
      zh: `项目负责人职称级别${now.zh}，本计划要求${min.zh}及以上`,
      en: `The PI's title level is ${now.en}; the program asks for ${min.en} or above`,
    },
  ]);
}

const BAISE = '百色';

/** The host institution is registered in one of the city's counties (every region rule but `any`). */
function regionReasons(
  region: Region,
  county: string | null,
  cooperators: ReadonlyArray<{ name: string; region: string }>,
): { ok: boolean; reasons: Bilingual[] } {
  if (region === 'any')
    return { ok: true, reasons: [{ zh: '本计划不限属地', en: 'The program has no region rule' }] };
  const inCity = county !== null && COUNTIES.includes(county);
  const where = county ?? '未登记';
  const reasons: Bilingual[] = [
    inCity
      ? { zh: `依托单位注册在百色市${where}`, en: `The host institution is registered in Baise (${where})` }
      : {
          zh: `依托单位须注册在百色市（当前：${where}）`,
          en: `The host institution must be registered in Baise (now: ${county ?? 'not given'})`,
        },
  ];
  // Cross-region (东西部) partners only where the program allows them (揭榜挂帅, seed 002 line 51).
  const outside = cooperators.filter((c) => !c.region.includes(BAISE));
  if (region === 'city' && outside.length > 0) {
    reasons.push({
      zh: `本计划不接受市外合作单位：${outside.map((c) => `${c.name}（${c.region}）`).join('、')}`,
      en: `The program does not accept partners outside Baise: ${outside.map((c) => c.name).join(', ')}`,
    });
    return { ok: false, reasons };
  }
  if (outside.length > 0) {
    reasons.push({
      zh: `市外合作单位 ${outside.length} 家，本计划允许跨区域合作`,
      en: `${outside.length} partner(s) outside Baise; the program allows cross-region partners`,
    });
  }
  return { ok: inCity, reasons };
}

function item(rule: FormalCheckRule, ok: boolean | CheckOutcome, reasons: Bilingual[]): ChecklistItem {
  const outcome = typeof ok === 'boolean' ? (ok ? 'pass' : 'fail') : ok;
  return { rule, label: FORMAL_CHECK_RULE_LABELS[rule], outcome, reasons };
}

function concurrentLimit(f: FormalCheckFacts): ChecklistItem {
  const mine = f.otherApplicationsOfPi + 1;
  const reasons: Bilingual[] = [
    {
      zh: `项目负责人在本批次共有 ${mine} 项申报，限 ${f.concurrentLimit} 项`,
      en: `The PI has ${mine} application(s) in this call; the limit is ${f.concurrentLimit}`,
    },
  ];
  let ok = mine <= f.concurrentLimit;
  const ongoing = f.ongoingProjectsOfPi ?? [];
  if (ongoing.length) {
    ok = false;
    reasons.push({
      zh: `项目负责人正主持本计划在研项目：${ongoing.join('、')}`,
      en: `The PI leads an ongoing project of this program: ${ongoing.join(', ')}`,
    });
  }
  const overdue = f.overdueProjects ?? { pi: [], institution: [] };
  if (overdue.pi.length) {
    ok = false;
    reasons.push({
      zh: `项目负责人有逾期未验收项目：${overdue.pi.join('、')}`,
      en: `The PI has an overdue project not yet accepted: ${overdue.pi.join(', ')}`,
    });
  }
  if (overdue.institution.length) {
    ok = false;
    reasons.push({
      zh: `依托单位有逾期未验收项目，暂停申报：${overdue.institution.join('、')}`,
      en: `The host institution has an overdue project not yet accepted and is suspended: ${overdue.institution.join(', ')}`,
    });
  }
  return item('concurrent_limit', ok, reasons);
}

function budgetItems(f: FormalCheckFacts): ChecklistItem[] {
  const requested = f.content.requestedFen;
  const cap = item('budget_cap', requested > 0 && requested <= f.budgetCapFen, [
    {
      zh: `申请经费 ${formatYuan(requested)}，上限 ${formatYuan(f.budgetCapFen)}`,
      en: `Requested ${formatYuan(requested)}; the cap is ${formatYuan(f.budgetCapFen)}`,
    },
  ]);
  const budget = f.content.budget ?? EMPTY_BUDGET;
  const t = budgetTotals(budget, requested);
  const arithmetic = item('budget_arithmetic', t.directFen > 0 && t.totalFen === t.sourcesFen, [
    {
      zh: `直接费用 ${formatYuan(t.directFen)}（设备费 ${formatYuan(t.equipmentFen)}、业务费 ${formatYuan(t.businessFen)}、劳务费 ${formatYuan(t.labourFen)}）+ 间接费用 ${formatYuan(t.indirectFen)} = ${formatYuan(t.totalFen)}；资金来源 ${formatYuan(t.sourcesFen)}（申请 ${formatYuan(requested)}、自筹 ${formatYuan(budget.selfFundingFen)}、其他配套 ${formatYuan(budget.coFundingFen)}）`,
      en: `Direct ${formatYuan(t.directFen)} (equipment ${formatYuan(t.equipmentFen)}, business ${formatYuan(t.businessFen)}, labour ${formatYuan(t.labourFen)}) + indirect ${formatYuan(t.indirectFen)} = ${formatYuan(t.totalFen)}; sources ${formatYuan(t.sourcesFen)} (grant ${formatYuan(requested)}, self ${formatYuan(budget.selfFundingFen)}, co-funding ${formatYuan(budget.coFundingFen)})`,
    },
    ...(t.directFen === 0 ? [{ zh: '未列直接费用', en: 'No direct costs are listed' }] : []),
    ...(t.totalFen !== t.sourcesFen
      ? [
          {
            zh: `支出合计与资金来源相差 ${formatYuan(Math.abs(t.totalFen - t.sourcesFen))}`,
            en: `Costs and sources differ by ${formatYuan(Math.abs(t.totalFen - t.sourcesFen))}`,
          },
        ]
      : []),
  ]);
  const ceiling = indirectCostCeiling(t.indirectBaseFen, f.indirectRatePercent ?? 100);
  const indirect = item('indirect_cost', t.indirectFen <= ceiling.capFen, [
    {
      zh: `间接费用 ${formatYuan(t.indirectFen)}，上限 ${formatYuan(ceiling.capFen)}`,
      en: `Indirect costs ${formatYuan(t.indirectFen)}; the cap is ${formatYuan(ceiling.capFen)}`,
    },
    ceiling.reason,
  ]);
  const applies = f.coFunding && f.institutionKind === 'enterprise';
  const coFunding = !applies
    ? item('co_funding', true, [
        {
          zh: f.coFunding ? '依托单位不是企业，不要求自筹配套' : '本计划不要求自筹配套',
          en: f.coFunding
            ? 'The host is not an enterprise; no co-funding ratio applies'
            : 'The program asks for no co-funding',
        },
      ])
    : item('co_funding', coFundingMet(requested, budget, f.coFunding!), [
        {
          zh: `企业牵头须自筹 ≥ ${f.coFunding!.selfFen}:${f.coFunding!.publicFen}：自筹及配套 ${formatYuan(budget.selfFundingFen + budget.coFundingFen)}，申请 ${formatYuan(requested)}`,
          en: `Enterprise-led: self- and co-funding must be at least ${f.coFunding!.selfFen}:${f.coFunding!.publicFen}; ${formatYuan(budget.selfFundingFen + budget.coFundingFen)} against a grant of ${formatYuan(requested)}`,
        },
      ]);
  return [cap, arithmetic, indirect, coFunding];
}

function documentsItem(f: FormalCheckFacts): ChecklistItem {
  const required = f.requiredDocuments ?? [];
  const missing = missingDocuments(required, f.presentDocuments ?? []);
  if (required.length === 0)
    return item('required_documents', true, [{ zh: '本计划无必需附件', en: 'No documents are required' }]);
  return item(
    'required_documents',
    missing.length === 0,
    missing.length === 0
      ? [
          {
            zh: `必需附件 ${required.length} 项齐全`,
            en: `All ${required.length} required documents are present`,
          },
        ]
      : missing.map((d) => ({ zh: `缺少${d.name.zh}`, en: `Missing: ${d.name.en}` })),
  );
}

function pledgeItem(f: FormalCheckFacts): ChecklistItem {
  const p = f.pledges ?? { pi: false, institution: false };
  const reasons: Bilingual[] = [];
  if (!p.pi) reasons.push({ zh: '项目负责人未签署科研诚信承诺', en: 'The PI has not signed the pledge' });
  if (!p.institution)
    reasons.push({ zh: '依托单位未签署科研诚信承诺', en: 'The host institution has not signed the pledge' });
  return item(
    'integrity_pledge',
    p.pi && p.institution,
    reasons.length
      ? reasons
      : [{ zh: '项目负责人和依托单位均已签署', en: 'Signed by the PI and the host institution' }],
  );
}

function duplicateItem(f: FormalCheckFacts): ChecklistItem {
  const found = (f.duplicates ?? []).filter((d) => d.similarity >= APPLICATION_DUPLICATE_THRESHOLD);
  if (found.length === 0)
    return item('duplicate', 'pass', [
      { zh: '未发现同一负责人的相似申报或项目', en: 'No similar application or project of the same PI' },
    ]);
  return item(
    'duplicate',
    'flag',
    found.map((d) => {
      const kind =
        d.kind === 'application' ? { zh: '申报', en: 'application' } : { zh: '项目', en: 'project' };
      return {
        zh: `与同一负责人的${kind.zh}“${d.title}”相似度 ${d.similarity.toFixed(2)}，请核查是否重复申报`,
        en: `Similarity ${d.similarity.toFixed(2)} with the same PI's ${kind.en} “${d.title}”; check for a duplicate`,
      };
    }),
  );
}

export function runFormalCheckRules(f: FormalCheckFacts): ChecklistItem[] {
  const region = regionReasons(f.region, f.institutionCounty, f.content.cooperators ?? []);
  let completeness: Bilingual[] = [];
  try {
    assertSubmittable(f.content, f.budgetCapFen, { full: f.fullContent });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    completeness = err.fields.map((x) => ({
      zh: `${x.path}：${x.message.zh}`,
      en: `${x.path}: ${x.message.en}`,
    }));
  }
  return [
    item(
      'credit',
      f.eligibility.pass,
      f.eligibility.pass
        ? [
            {
              zh: '项目负责人、依托单位和团队成员信用符合要求',
              en: 'The PI, the host institution and the team meet the credit requirement',
            },
          ]
        : f.eligibility.reasons,
    ),
    concurrentLimit(f),
    ...budgetItems(f),
    documentsItem(f),
    pledgeItem(f),
    seniorityItem(f),
    item('region', region.ok, region.reasons),
    duplicateItem(f),
    item(
      'content_complete',
      completeness.length === 0,
      completeness.length ? completeness : [{ zh: '必填内容齐全', en: 'All required content is present' }],
    ),
  ];
}

export const checklistItemSchema = z.object({
  rule: z.enum(FORMAL_CHECK_RULES),
  label: bilingualSchema,
  outcome: z.enum(CHECK_OUTCOMES),
  reasons: z.array(bilingualSchema),
});

export const checklistSchema = z.object({
  stage: z.enum(['submission', 'check']),
  ranAt: z.string(),
  items: z.array(checklistItemSchema),
});

export const batchDecisionSchema = z.object({
  decisions: z
    .array(z.object({ applicationId: z.uuid() }).and(formalCheckDecisionSchema))
    .min(1)
    .max(500),
});
