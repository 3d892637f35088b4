import { z } from 'zod';
import { DIRECT_COST_CATEGORIES } from '../application/application-content';
import { DomainError } from '../kernel/messages';
import { fenSchema } from '../kernel/money';
import { Actor } from '../kernel/roles';
import { bilingual } from '../kernel/validation';
import { assertProjectParty, ProjectHolders, ProjectParty } from './project';
import { midtermPanelMemberViewSchema, midtermPanelViewSchema } from './midterm';
import { PROJECT_KINDS } from './dispatch.rules';
import { ServiceLogInput, serviceTotals } from './dispatch';
import {
  ACCEPTANCE_PHASES,
  ACCEPTANCE_STEPS,
  ACCEPTANCE_VERDICTS,
  AcceptanceStep,
  assertAuditReportFen,
  completionRate,
} from './acceptance.rules';

// The steps, thresholds and verdicts are zod-free, as the project's workflow decides them.
export * from './acceptance.rules';

export const acceptanceVerdictSchema = z.enum(ACCEPTANCE_VERDICTS);

/**
 * 验收申请材料 (RULES §10): the work and technical summary, each agreement indicator planned vs
 * achieved with its evidence, the final accounts by budget category (integer fen; an audit report
 * above the template's threshold), outcomes, and third-party or user test reports.
 */
export const acceptanceDossierSchema = z
  .strictObject({
    summary: z.string().trim().min(10).max(20_000).describe('工作总结和技术总结'),
    indicators: z
      .array(
        z.strictObject({
          name: z.string().trim().min(1).max(200).describe('The agreement’s indicator, by name'),
          unit: z.string().trim().min(1).max(20),
          target: z.number().finite().describe('The agreement’s target'),
          achieved: z.number().finite().describe('What was achieved'),
          evidence: z.string().trim().min(2).max(2000).describe('证明材料: how the achievement is shown'),
          attachmentIds: z.array(z.uuid()).max(20).default([]),
        }),
      )
      .min(1)
      .max(100)
      .describe('考核指标完成情况: every indicator of the agreement, planned vs achieved'),
    accounts: z
      .array(
        z.strictObject({
          category: z.enum(DIRECT_COST_CATEGORIES),
          plannedFen: fenSchema.describe('The budget of this category, fen'),
          spentFen: fenSchema.describe('Spent over the term, fen'),
        }),
      )
      .min(1)
      .max(DIRECT_COST_CATEGORIES.length)
      .describe('财务决算: spending by direct-cost category over the term'),
    indirectSpentFen: fenSchema.default(0).describe('间接费用 spent, fen'),
    auditReportId: z
      .uuid()
      .nullable()
      .default(null)
      .describe('审计报告: required when the spending is above the template’s threshold'),
    testReportIds: z.array(z.uuid()).max(20).default([]).describe('第三方或用户测试报告'),
    attachmentIds: z.array(z.uuid()).max(50).default([]).describe('Other attachments'),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.accounts.forEach((a, i) => {
      if (seen.has(a.category))
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', i, 'category'],
          ...bilingual({ zh: '每个费用类别只填一次', en: 'Each category once' }),
        });
      seen.add(a.category);
    });
  });
export type AcceptanceDossierInput = z.infer<typeof acceptanceDossierSchema>;

/** Total spending the dossier declares (direct categories and indirect costs), integer fen. */
export function dossierSpentFen(d: Pick<AcceptanceDossierInput, 'accounts' | 'indirectSpentFen'>): number {
  return d.accounts.reduce((sum, a) => sum + a.spentFen, d.indirectSpentFen);
}

/**
 * The audit report is required above the template's threshold (RULES §10: "audit report above a
 * threshold"); the refusal names both amounts.
 */
export function assertAuditReport(
  d: Pick<AcceptanceDossierInput, 'accounts' | 'indirectSpentFen' | 'auditReportId'>,
  thresholdFen: number,
): void {
  assertAuditReportFen(dossierSpentFen(d), d.auditReportId, thresholdFen);
}

/** Every file the dossier cites, with its field path. */
export function dossierAttachments(d: AcceptanceDossierInput): Array<{ path: string; id: string }> {
  return [
    ...d.indicators.flatMap((x, i) =>
      x.attachmentIds.map((id, j) => ({ path: `indicators.${i}.attachmentIds.${j}`, id })),
    ),
    ...(d.auditReportId ? [{ path: 'auditReportId', id: d.auditReportId }] : []),
    ...d.testReportIds.map((id, i) => ({ path: `testReportIds.${i}`, id })),
    ...d.attachmentIds.map((id, i) => ({ path: `attachmentIds.${i}`, id })),
  ];
}

/** The dossier cites only files of its project (or the project's application): 422 naming each other one. */
export function assertDossierAttachments(d: AcceptanceDossierInput, citable: readonly string[]): void {
  const known = new Set(citable);
  const wrong = dossierAttachments(d).filter((a) => !known.has(a.id));
  if (wrong.length)
    throw new DomainError(
      'rule_refused',
      {
        zh: `验收材料引用了不属于本项目的附件：${wrong.map((a) => a.id).join('、')}`,
        en: `The dossier cites attachments that are not this project’s: ${wrong.map((a) => a.id).join(', ')}`,
      },
      wrong.map((a) => ({
        path: a.path,
        message: {
          zh: `附件 ${a.id} 不存在或不属于本项目`,
          en: `Attachment ${a.id} does not exist or is not this project’s`,
        },
      })),
    );
}

/** An indicator as the agreement sets it (任务书考核指标; for a challenge, its 军令状's). */
export interface AgreedIndicator {
  name: string;
  unit: string;
  target: number;
}

/**
 * The dossier reports every indicator of the agreement, with the agreement's target (the PI does
 * not set the bar acceptance is measured against): 422 naming each missing or changed one. An
 * agreement without indicators (a project of earlier records) takes the dossier's as given.
 */
export function assertDossierIndicators(
  agreed: readonly AgreedIndicator[],
  reported: AcceptanceDossierInput['indicators'],
): void {
  const fields: Array<{ path: string; message: { zh: string; en: string } }> = [];
  for (const a of agreed) {
    const i = reported.findIndex((r) => r.name === a.name);
    if (i < 0)
      fields.push({
        path: 'indicators',
        message: {
          zh: `缺少任务书考核指标“${a.name}”的完成情况`,
          en: `The agreement’s indicator "${a.name}" is not reported`,
        },
      });
    else if (reported[i].target !== a.target)
      fields.push({
        path: `indicators.${i}.target`,
        message: {
          zh: `“${a.name}”的目标值须为任务书约定的 ${a.target}${a.unit}`,
          en: `The target of "${a.name}" is the agreement’s ${a.target} ${a.unit}`,
        },
      });
  }
  if (fields.length)
    throw new DomainError(
      'rule_refused',
      {
        zh: `验收材料须按任务书考核指标逐项填报：${fields.map((f) => f.message.zh).join('；')}`,
        en: `The dossier reports every indicator of the agreement at its target: ${fields.map((f) => f.message.en).join('; ')}`,
      },
      fields,
    );
}

/**
 * 任务完成率 on the agreement's indicators (those the dossier adds beyond them do not count); the
 * dossier's own when the agreement has none.
 */
export function dossierCompletion(
  agreed: readonly AgreedIndicator[],
  reported: AcceptanceDossierInput['indicators'],
): number {
  if (agreed.length === 0) return completionRate(reported);
  return completionRate(
    agreed.map((a) => ({
      target: a.target,
      achieved: reported.find((r) => r.name === a.name)?.achieved ?? 0,
    })),
  );
}

export const acceptanceConfirmationSchema = z.strictObject({
  opinion: z.string().trim().min(2).max(5000).describe('依托单位意见 The host institution’s opinion'),
});

/** 形式审查 of the dossier: the officer's findings (lateness and unapproved changes come from the record). */
export const acceptanceCheckSchema = z.strictObject({
  complete: z.boolean().describe('The dossier is complete; false returns it to the PI'),
  findings: z
    .string()
    .trim()
    .max(5000)
    .default('')
    .describe('What is missing or wrong (required when incomplete)'),
});

export const acceptanceReviewSchema = z.strictObject({
  opinion: z.string().trim().min(2).max(20_000).describe('验收意见 The review’s findings'),
  recommendation: acceptanceVerdictSchema.describe('The verdict the review recommends'),
  falseMaterial: z.boolean().default(false).describe('Material or data found not genuine'),
  spendingIssues: z.boolean().default(false).describe('Spending found not compliant'),
});

export const acceptanceDecisionSchema = z.strictObject({
  verdict: acceptanceVerdictSchema,
  reasons: z.string().trim().min(2).max(10_000).describe('The reasons every party reads'),
});

export const acceptanceDecisionInputSchema = acceptanceDecisionSchema
  .extend({
    excellent: z
      .boolean()
      .default(false)
      .describe('优秀: a pass with distinction (writes the PI’s positive credit record); only with pass'),
  })
  .superRefine((d, ctx) => {
    if (d.excellent && d.verdict !== 'pass')
      ctx.addIssue({
        code: 'custom',
        path: ['excellent'],
        ...bilingual({ zh: '只有通过验收的结论可评为优秀', en: 'Only a pass can be excellent' }),
      });
  });
export type AcceptanceDecisionInput = z.infer<typeof acceptanceDecisionInputSchema>;

export const acceptanceObjectionSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .describe('异议人: the objector’s name (objections are named, RULES §13)'),
  reasons: z.string().trim().min(5).max(10_000).describe('The objection’s reasons and evidence'),
});
export const acceptanceObjectionAnswerSchema = z.strictObject({
  outcome: z
    .enum(['dismissed', 'upheld'])
    .describe('dismissed: the verdict stands; upheld: the verdict is withdrawn and decided again'),
  reply: z.string().trim().min(2).max(10_000).describe('The answer the objector and every party read'),
});

const at = z.string().describe('UTC ISO instant');

/** 验收专家组 as the acceptance shows it: the mid-term panel's shape with verdicts and findings. */
export const acceptancePanelViewSchema = midtermPanelViewSchema.extend({
  recommendation: acceptanceVerdictSchema.nullable().describe('The consolidated verdict, once closed'),
  findings: z
    .object({ falseMaterial: z.boolean(), spendingIssues: z.boolean() })
    .nullable()
    .describe('What most opinions found, once closed'),
  members: z.array(
    midtermPanelMemberViewSchema.extend({
      recommendation: acceptanceVerdictSchema.nullable(),
      falseMaterial: z.boolean(),
      spendingIssues: z.boolean(),
    }),
  ),
});
export type AcceptancePanelView = z.infer<typeof acceptancePanelViewSchema>;

const bilingualLabel = z.object({ zh: z.string(), en: z.string() });

/** 年度考核的服务总结: what the accepted service logs add up to when the dossier was submitted. */
export const serviceSummaryTotalsSchema = z.object({
  logs: z.number().int().describe('Accepted service logs counted'),
  visits: z.number().int(),
  trainingSessions: z.number().int(),
  peopleTrained: z.number().int(),
  technologies: z.number().int(),
  problemsSolved: z.number().int(),
});

export type ServiceSummaryTotals = z.infer<typeof serviceSummaryTotalsSchema>;

/**
 * A dispatch's dossier beside the commissioner's own summary: the totals of the accepted service
 * logs (returned or pending ones do not count), as the record has them, not as the commissioner
 * states them.
 */
export function serviceSummaryTotals(acceptedLogs: ReadonlyArray<ServiceLogInput>): ServiceSummaryTotals {
  return { logs: acceptedLogs.length, ...serviceTotals(acceptedLogs) };
}

export const acceptanceViewSchema = z.object({
  projectId: z.uuid(),
  kind: z
    .enum(PROJECT_KINDS)
    .describe('The template’s project kind: a dispatch’s acceptance is its 年度考核'),
  name: bilingualLabel.describe('验收, or 年度考核 for a dispatch'),
  verdictLabel: bilingualLabel
    .nullable()
    .describe('The verdict as named for the kind: 通过验收 …, or 优秀 / 合格 / 不合格 for a dispatch'),
  serviceTotals: serviceSummaryTotalsSchema
    .nullable()
    .describe('A dispatch’s dossier: the accepted service logs’ totals, counted by the record'),
  phase: z.enum(ACCEPTANCE_PHASES).nullable().describe('null: the term has not ended'),
  steps: z
    .array(z.enum(ACCEPTANCE_STEPS))
    .describe(
      'The steps the phase waits for: submit (the PI), confirm (the host institution), check, convene or review, decide, answer_objection (staff), object (anyone, in the window)',
    ),
  round: z.number().int().describe('1, or 2 for the re-check after a rectification'),
  applyBy: z.string().nullable().describe('Apply by (UTC); overdue after'),
  failsAt: z.string().nullable().describe('Unsubmitted by then, the acceptance fails (UTC)'),
  overdue: z.boolean().describe('Not applied by applyBy, or the rectification past fixBy'),
  completion: z.number().nullable().describe('任务完成率 of the dossier, 0…1'),
  suggestedVerdict: acceptanceVerdictSchema.nullable().describe('What the RULES thresholds allow at best'),
  allowedVerdicts: z.array(acceptanceVerdictSchema).describe('The verdicts the RULES thresholds allow now'),
  dossier: z.record(z.string(), z.unknown()).nullable().describe('The last dossier as submitted'),
  spentFen: z.number().int().nullable().describe('决算支出 of the dossier, fen'),
  late: z.boolean().describe('The first dossier arrived after applyBy'),
  submittedBy: z.uuid().nullable(),
  submittedAt: at.nullable(),
  confirmation: z.object({ opinion: z.string(), confirmedBy: z.uuid(), confirmedAt: at }).nullable(),
  check: z
    .object({
      complete: z.boolean(),
      findings: z.string(),
      late: z.boolean(),
      unapprovedChanges: z.number().int().describe('Unapproved changes of objectives or route on record'),
      checkedBy: z.uuid(),
      checkedAt: at,
    })
    .nullable(),
  review: z
    .object({
      opinion: z.string(),
      recommendation: acceptanceVerdictSchema,
      falseMaterial: z.boolean(),
      spendingIssues: z.boolean(),
      by: z.enum(['officer', 'panel']).describe('An officer’s review, or the panel’s consolidated one'),
      reviewedBy: z.uuid().nullable().describe('The officer (null: the panel)'),
      reviewedAt: at,
    })
    .nullable(),
  panel: acceptancePanelViewSchema
    .nullable()
    .describe('The acceptance panel of this round, if one was convened'),
  fixBy: at.nullable().describe('The rectification’s deadline (round 2)'),
  verdict: acceptanceVerdictSchema.nullable(),
  excellent: z.boolean(),
  reasons: z.string().nullable(),
  automatic: z
    .enum(['overdue', 'not_rectified'])
    .nullable()
    .describe('A fail reached without a decision: never applied, or not rectified in time'),
  decidedBy: z.uuid().nullable(),
  decidedAt: at.nullable(),
  objectionsUntil: at.nullable().describe('Objections are filed until then; the verdict is final after'),
  objections: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      reasons: z.string(),
      filedAt: at,
      outcome: z.enum(['dismissed', 'upheld']).nullable(),
      reply: z.string().nullable(),
      answeredAt: at.nullable(),
    }),
  ),
  settlement: z
    .object({
      paidFen: z.number().int(),
      spentFen: z.number().int(),
      surplusFen: z.number().int().describe('结余经费 after a pass, fen'),
      surplusKept: z.boolean(),
      surplusReason: z.string().nullable(),
      recoveryOrderId: z.uuid().nullable(),
    })
    .nullable()
    .describe('Once final: the surplus and the recovery order'),
});
export type AcceptanceView = z.infer<typeof acceptanceViewSchema>;

/** 验收结论公示: a conclusion as the public reads it. */
export const acceptanceConclusionSchema = z.object({
  projectId: z.uuid(),
  title: z.string(),
  institution: z.string().nullable(),
  kind: z.enum(PROJECT_KINDS).describe('A dispatch’s conclusion is its 年度考核 grade'),
  verdict: acceptanceVerdictSchema,
  verdictLabel: z.string().describe('The verdict in Chinese (优秀 / 合格 / 不合格 for a dispatch)'),
  excellent: z.boolean(),
  reasons: z.string().nullable(),
  final: z.boolean().describe('false while the objection window runs or objections are open'),
  publishedAt: at,
  objectionsUntil: at,
});
export type AcceptanceConclusion = z.infer<typeof acceptanceConclusionSchema>;

const PARTY_OF_STEP: Record<Exclude<AcceptanceStep, 'object'>, ProjectParty> = {
  submit: 'pi',
  confirm: 'host',
  check: 'staff',
  review: 'staff',
  decide: 'staff',
  convene: 'staff',
  answer_objection: 'staff',
};

/** Who takes each step of acceptance: the PI applies, the host institution confirms, staff do the rest. */
export function assertAcceptanceActor(
  actor: Actor,
  p: ProjectHolders,
  step: Exclude<AcceptanceStep, 'object'>,
): void {
  assertProjectParty(actor, p, PARTY_OF_STEP[step]);
}
