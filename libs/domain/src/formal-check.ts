import { z } from 'zod';
import { ApplicationContent, assertSubmittable, formalCheckDecisionSchema } from './application';
import { Bilingual, bilingualSchema, DomainError } from './messages';
import { formatYuan } from './money';
import { Region } from './program-template';
import { COUNTIES } from './reference-data';

/**
 * The formal check's automatic rules (形式审查). Each runs at submission (to warn the applicant)
 * and when the officer opens the check (to decide), and each result carries its reason in zh-CN
 * and English. Rules inform; the officer decides (pass / return / reject).
 */
export const FORMAL_CHECK_RULES = [
  'credit',
  'concurrent_limit',
  'budget_cap',
  'region',
  'content_complete',
] as const;
export type FormalCheckRule = (typeof FORMAL_CHECK_RULES)[number];

export const FORMAL_CHECK_RULE_LABELS: Record<FormalCheckRule, Bilingual> = {
  credit: { zh: '科研信用', en: 'Research credit' },
  concurrent_limit: { zh: '限项', en: 'Concurrent-application limit' },
  budget_cap: { zh: '经费上限', en: 'Budget cap' },
  region: { zh: '属地要求', en: 'Registered region' },
  content_complete: { zh: '申报内容完整', en: 'Complete content' },
};

export interface ChecklistItem {
  rule: FormalCheckRule;
  label: Bilingual;
  outcome: 'pass' | 'fail';
  reasons: Bilingual[];
}

export interface FormalCheckFacts {
  content: ApplicationContent;
  budgetCapFen: number;
  /** The credit gate's answer for the PI and the host institution. */
  eligibility: { pass: boolean; reasons: Bilingual[] };
  /** The PI's other live applications in the same call (submitted or passed). */
  otherApplicationsOfPi: number;
  /** Applications one PI may have in one call (限项; RULES §3 city default 1). */
  concurrentLimit: number;
  /** The program's region rule and the host institution's registered county (null: none given). */
  region: Region;
  institutionCounty: string | null;
}

/** The host institution is registered in one of the city's counties (every region rule but `any`). */
function regionReasons(region: Region, county: string | null): { ok: boolean; reasons: Bilingual[] } {
  if (region === 'any')
    return { ok: true, reasons: [{ zh: '本计划不限属地', en: 'The program has no region rule' }] };
  const inCity = county !== null && COUNTIES.includes(county);
  const where = county ?? '未登记';
  return {
    ok: inCity,
    reasons: [
      inCity
        ? { zh: `依托单位注册在百色市${where}`, en: `The host institution is registered in Baise (${where})` }
        : {
            zh: `依托单位须注册在百色市（当前：${where}）`,
            en: `The host institution must be registered in Baise (now: ${county ?? 'not given'})`,
          },
    ],
  };
}

function item(rule: FormalCheckRule, ok: boolean, reasons: Bilingual[]): ChecklistItem {
  return { rule, label: FORMAL_CHECK_RULE_LABELS[rule], outcome: ok ? 'pass' : 'fail', reasons };
}

export function runFormalCheckRules(f: FormalCheckFacts): ChecklistItem[] {
  const mine = f.otherApplicationsOfPi + 1;
  const region = regionReasons(f.region, f.institutionCounty);
  const cap = formatYuan(f.budgetCapFen);
  const requested = formatYuan(f.content.requestedFen);
  let completeness: Bilingual[] = [];
  try {
    assertSubmittable(f.content, f.budgetCapFen);
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
              zh: '项目负责人和依托单位信用符合要求',
              en: 'The PI and the host institution meet the credit requirement',
            },
          ]
        : f.eligibility.reasons,
    ),
    item('concurrent_limit', mine <= f.concurrentLimit, [
      {
        zh: `项目负责人在本批次共有 ${mine} 项申报，限 ${f.concurrentLimit} 项`,
        en: `The PI has ${mine} application(s) in this call; the limit is ${f.concurrentLimit}`,
      },
    ]),
    item('budget_cap', f.content.requestedFen > 0 && f.content.requestedFen <= f.budgetCapFen, [
      { zh: `申请经费 ${requested}，上限 ${cap}`, en: `Requested ${requested}; the cap is ${cap}` },
    ]),
    item('region', region.ok, region.reasons),
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
  outcome: z.enum(['pass', 'fail']),
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
