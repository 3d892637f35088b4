import { z } from 'zod';
import type { Bilingual } from './errors.rules';
import { pageSchema } from './page';
import { hasRole, Role } from './roles';
import { formatShanghai } from './time.rules';

/**
 * The task inbox (待办, issue 19 §1): what waits on the caller, one kind per action a role takes.
 * Each kind names who it is for, its title and the request that acts on it; the repository finds
 * the items of the kinds the caller's roles may see (inboxKindsFor), filtered in SQL to the caller.
 */
export const INBOX_SUBJECT_TYPES = [
  'application',
  'demand',
  'guide',
  'call',
  'award',
  'agreement',
  'project',
  'review_assignment',
  'panel_seat',
  'misconduct_case',
  'calendar_year',
] as const;
export type InboxSubjectType = (typeof INBOX_SUBJECT_TYPES)[number];

interface InboxKindSpec {
  /** The roles the kind is for (the SQL then keeps the caller's own items). */
  roles: readonly Role[];
  subject: InboxSubjectType;
  /** The title, around the subject's name. */
  title: (name: string, ref: string | null) => Bilingual;
  method: 'GET' | 'POST';
  /** The API path of the action. */
  path: (id: string, ref: string | null) => string;
  /** The portal route that shows the subject with the action (issue 18). */
  route: (id: string, ref: string | null) => string;
}

const q = (name: string) => ({ zh: `《${name}》`, en: `“${name}”` });
const title = (zh: string, en: string) => (name: string) => ({
  zh: `${zh}${q(name).zh}`,
  en: `${en} ${q(name).en}`,
});
const report = (zh: string, en: string) => (name: string, ref: string | null) => ({
  zh: `${zh}${q(name).zh}第 ${ref} 期进展报告`,
  en: `${en} progress report ${ref} of ${q(name).en}`,
});
const SUBMITTERS: readonly Role[] = ['applicant', 'institution_admin'];
const STAFF: readonly Role[] = ['officer', 'admin'];

export const INBOX_KINDS = {
  // ---- applicant (PI) -------------------------------------------------------------------------
  application_draft: {
    roles: ['applicant'],
    subject: 'application',
    title: title('完成并提交申报书', 'Complete and submit the application'),
    method: 'POST',
    path: (id) => `/applications/${id}/submit`,
    route: (id) => `/applications/${id}`,
  },
  application_returned: {
    roles: ['applicant'],
    subject: 'application',
    title: title('修改并重新提交退回的申报书', 'Revise and resubmit the returned application'),
    method: 'POST',
    path: (id) => `/applications/${id}/submit`,
    route: (id) => `/applications/${id}`,
  },
  demand_draft: {
    roles: SUBMITTERS,
    subject: 'demand',
    title: title('完成并提交需求', 'Complete and submit the demand'),
    method: 'POST',
    path: (id) => `/demands/${id}/submit`,
    route: (id) => `/demands/${id}`,
  },
  report_submission: {
    roles: ['applicant'],
    subject: 'project',
    title: report('提交', 'Submit'),
    method: 'POST',
    path: (id, ref) => `/projects/${id}/reports/${ref}/submission`,
    route: (id, ref) => `/projects/${id}/reports/${ref}`,
  },
  midterm_submission: {
    roles: ['applicant'],
    subject: 'project',
    title: title('提交中期检查材料：', 'Submit the mid-term check material of'),
    method: 'POST',
    path: (id) => `/projects/${id}/midterm/submission`,
    route: (id) => `/projects/${id}/midterm`,
  },
  acceptance_dossier: {
    roles: ['applicant'],
    subject: 'project',
    title: title('提交验收材料：', 'Submit the acceptance dossier of'),
    method: 'POST',
    path: (id) => `/projects/${id}/acceptance/dossier`,
    route: (id) => `/projects/${id}/acceptance`,
  },
  agreement_signature: {
    roles: ['applicant', 'institution_admin', 'officer'],
    subject: 'agreement',
    title: title('审阅并签署任务书', 'Review and sign the agreement for'),
    method: 'POST',
    path: (id) => `/agreements/${id}/signatures`,
    route: (id) => `/agreements/${id}`,
  },
  // The bureau returned an outcome the PI registered: corrected and sent again (成果).
  outcome_revision: {
    roles: ['applicant'],
    subject: 'project',
    title: title('修改并重新提交退回的成果', 'Correct and resubmit the returned outcome'),
    method: 'POST',
    path: (_id, ref) => `/outcomes/${ref}/resubmission`,
    route: (id) => `/projects/${id}/outcomes`,
  },
  // ---- institution admin ------------------------------------------------------------------------
  endorsement: {
    roles: ['institution_admin'],
    subject: 'application',
    title: title('审核推荐申报书', 'Endorse or return the application'),
    method: 'POST',
    path: (id) => `/applications/${id}/endorsement`,
    route: (id) => `/applications/${id}/endorsement`,
  },
  institution_pledge: {
    roles: ['institution_admin'],
    subject: 'application',
    title: title('签署依托单位科研诚信承诺：', 'Sign the institution’s integrity pledge for'),
    method: 'POST',
    path: (id) => `/applications/${id}/integrity-pledge`,
    route: (id) => `/applications/${id}`,
  },
  report_confirmation: {
    roles: ['institution_admin'],
    subject: 'project',
    title: report('确认', 'Confirm'),
    method: 'POST',
    path: (id, ref) => `/projects/${id}/reports/${ref}/confirmation`,
    route: (id, ref) => `/projects/${id}/reports/${ref}`,
  },
  change_consent: {
    roles: ['institution_admin'],
    subject: 'project',
    title: title('出具变更申请的单位意见：', 'Give the institution’s consent to a change request of'),
    method: 'POST',
    path: (id, ref) => `/projects/${id}/changes/${ref}/decision`,
    route: (id, ref) => `/projects/${id}/changes/${ref}`,
  },
  midterm_confirmation: {
    roles: ['institution_admin'],
    subject: 'project',
    title: title('确认中期检查材料：', 'Confirm the mid-term check material of'),
    method: 'POST',
    path: (id) => `/projects/${id}/midterm/confirmation`,
    route: (id) => `/projects/${id}/midterm`,
  },
  acceptance_confirmation: {
    roles: ['institution_admin'],
    subject: 'project',
    title: title('审核验收材料：', 'Confirm the acceptance dossier of'),
    method: 'POST',
    path: (id) => `/projects/${id}/acceptance/confirmation`,
    route: (id) => `/projects/${id}/acceptance`,
  },
  honest_failure_confirmation: {
    roles: ['institution_admin'],
    subject: 'project',
    title: title(
      '出具容错申请的单位意见：',
      'Give the institution’s opinion on the honest-failure request of',
    ),
    method: 'POST',
    path: (id) => `/projects/${id}/honest-failure/confirmation`,
    route: (id) => `/projects/${id}/honest-failure`,
  },
  // ---- expert -----------------------------------------------------------------------------------
  review_invitation: {
    roles: ['expert'],
    subject: 'review_assignment',
    title: title(
      '答复评审邀请（接受、谢绝或声明回避）：',
      'Answer the review invitation (accept, decline or declare a conflict):',
    ),
    method: 'POST',
    path: (id) => `/reviews/${id}/response`,
    route: (id) => `/reviews/${id}`,
  },
  review_scoring: {
    roles: ['expert'],
    subject: 'review_assignment',
    title: title('评审打分：', 'Score'),
    method: 'POST',
    path: (id) => `/reviews/${id}/score`,
    route: (id) => `/reviews/${id}`,
  },
  panel_invitation: {
    roles: ['expert'],
    subject: 'panel_seat',
    title: title('答复专家组邀请：', 'Answer the panel invitation for'),
    method: 'POST',
    path: (id) => `/panel-reviews/${id}/response`,
    route: (id) => `/panel-reviews/${id}`,
  },
  panel_opinion: {
    roles: ['expert'],
    subject: 'panel_seat',
    title: title('提交专家组意见：', 'Give the panel opinion on'),
    method: 'POST',
    path: (id) => `/panel-reviews/${id}/opinion`,
    route: (id) => `/panel-reviews/${id}`,
  },
  // ---- officer (and admin where the chain names it) --------------------------------------------
  demand_screening: {
    roles: ['officer'],
    subject: 'demand',
    title: title('审核需求', 'Screen the demand'),
    method: 'POST',
    path: (id) => `/demands/${id}/screening`,
    route: (id) => `/demands/${id}`,
  },
  guide_approval: {
    roles: STAFF,
    subject: 'guide',
    title: title('审核指南', 'Approve or return the guide'),
    method: 'POST',
    path: (id) => `/guides/${id}/approval`,
    route: (id) => `/guides/${id}`,
  },
  formal_check: {
    roles: ['officer'],
    subject: 'application',
    title: title('形式审查', 'Decide the formal check of'),
    method: 'POST',
    path: (id) => `/applications/${id}/formal-check`,
    route: (id) => `/applications/${id}/formal-check`,
  },
  award_proposal: {
    roles: ['officer'],
    subject: 'call',
    title: title('评审已完成，提出立项建议：', 'The review is scored: propose the awards of'),
    method: 'POST',
    path: (id) => `/calls/${id}/awards`,
    route: (id) => `/calls/${id}/awards`,
  },
  award_approval: {
    roles: STAFF,
    subject: 'award',
    title: title('审批立项建议：', 'Approve or return the award proposal of'),
    method: 'POST',
    path: (id) => `/awards/${id}/approval`,
    route: (id) => `/awards/${id}`,
  },
  objection_answer: {
    roles: ['officer'],
    subject: 'award',
    title: title('答复公示异议：', 'Answer an objection to the notice of'),
    method: 'POST',
    path: (id, ref) => `/awards/${id}/objections/${ref}/decision`,
    route: (id, ref) => `/awards/${id}/objections/${ref}`,
  },
  installment_approval: {
    roles: ['officer'],
    subject: 'agreement',
    title: (name, ref) => ({
      zh: `审核第 ${ref} 笔拨款：${q(name).zh}`,
      en: `Approve installment ${ref} of ${q(name).en}`,
    }),
    method: 'POST',
    path: (id, ref) => `/agreements/${id}/installments/${ref}/approval`,
    route: (id) => `/agreements/${id}/installments`,
  },
  installment_payment: {
    roles: ['officer'],
    subject: 'agreement',
    title: (name, ref) => ({
      zh: `登记第 ${ref} 笔拨款的支付：${q(name).zh}`,
      en: `Record the payment of installment ${ref} of ${q(name).en}`,
    }),
    method: 'POST',
    path: (id, ref) => `/agreements/${id}/installments/${ref}/payment`,
    route: (id) => `/agreements/${id}/installments`,
  },
  report_review: {
    roles: ['officer'],
    subject: 'project',
    title: report('审核', 'Accept or return'),
    method: 'POST',
    path: (id, ref) => `/projects/${id}/reports/${ref}/decision`,
    route: (id, ref) => `/projects/${id}/reports/${ref}`,
  },
  report_overdue: {
    roles: ['officer'],
    subject: 'project',
    title: report('督促逾期未交的', 'Follow up the overdue'),
    method: 'GET',
    path: (id) => `/projects/${id}/reports`,
    route: (id, ref) => `/projects/${id}/reports/${ref}`,
  },
  outcome_verification: {
    roles: ['officer'],
    subject: 'project',
    title: title('核实成果', 'Verify the outcome'),
    method: 'POST',
    path: (_id, ref) => `/outcomes/${ref}/verification`,
    route: (id) => `/projects/${id}`,
  },
  change_decision: {
    roles: ['officer'],
    subject: 'project',
    title: title('审批变更申请：', 'Decide a change request of'),
    method: 'POST',
    path: (id, ref) => `/projects/${id}/changes/${ref}/decision`,
    route: (id, ref) => `/projects/${id}/changes/${ref}`,
  },
  midterm_review: {
    roles: ['officer'],
    subject: 'project',
    title: title(
      '记录中期检查审查意见（或组织专家组）：',
      'Record the mid-term review (or convene a panel) of',
    ),
    method: 'POST',
    path: (id) => `/projects/${id}/midterm/review`,
    route: (id) => `/projects/${id}/midterm`,
  },
  midterm_decision: {
    roles: ['officer'],
    subject: 'project',
    title: title('作出中期检查结论：', 'Decide the mid-term check of'),
    method: 'POST',
    path: (id) => `/projects/${id}/midterm/decision`,
    route: (id) => `/projects/${id}/midterm`,
  },
  acceptance_check: {
    roles: ['officer'],
    subject: 'project',
    title: title('验收材料形式审查：', 'Formal check of the acceptance dossier of'),
    method: 'POST',
    path: (id) => `/projects/${id}/acceptance/check`,
    route: (id) => `/projects/${id}/acceptance`,
  },
  acceptance_review: {
    roles: ['officer'],
    subject: 'project',
    title: title(
      '记录验收评审意见（或组织验收专家组）：',
      'Record the acceptance review (or convene a panel) of',
    ),
    method: 'POST',
    path: (id) => `/projects/${id}/acceptance/review`,
    route: (id) => `/projects/${id}/acceptance`,
  },
  acceptance_decision: {
    roles: ['officer'],
    subject: 'project',
    title: title('作出验收结论：', 'Decide the acceptance of'),
    method: 'POST',
    path: (id) => `/projects/${id}/acceptance/decision`,
    route: (id) => `/projects/${id}/acceptance`,
  },
  acceptance_objection: {
    roles: ['officer'],
    subject: 'project',
    title: title('答复验收结论异议：', 'Answer an objection to the acceptance conclusion of'),
    method: 'POST',
    path: (id, ref) => `/projects/${id}/acceptance/objections/${ref}/answer`,
    route: (id) => `/projects/${id}/acceptance`,
  },
  honest_failure_decision: {
    roles: ['officer'],
    subject: 'project',
    title: title(
      '记录专家对容错申请的意见：',
      'Record the experts’ opinion on the honest-failure request of',
    ),
    method: 'POST',
    path: (id) => `/projects/${id}/honest-failure/expert-confirmation`,
    route: (id) => `/projects/${id}/honest-failure`,
  },
  case_acceptance: {
    roles: ['officer'],
    subject: 'misconduct_case',
    title: title('受理或不予立案：', 'Accept or dismiss the case'),
    method: 'POST',
    path: (id) => `/misconduct-cases/${id}/decision`,
    route: (id) => `/misconduct-cases/${id}`,
  },
  case_finding: {
    roles: ['officer'],
    subject: 'misconduct_case',
    title: title('在调查期限内作出认定：', 'Record the finding before the investigation deadline:'),
    method: 'POST',
    path: (id) => `/misconduct-cases/${id}/finding`,
    route: (id) => `/misconduct-cases/${id}`,
  },
  case_review: {
    roles: ['officer'],
    subject: 'misconduct_case',
    title: title('复查申诉：', 'Review the appeal of'),
    method: 'POST',
    path: (id) => `/misconduct-cases/${id}/review`,
    route: (id) => `/misconduct-cases/${id}`,
  },
  // ---- admin ------------------------------------------------------------------------------------
  calendar_approval: {
    roles: ['admin'],
    subject: 'calendar_year',
    title: (name, ref) => ({
      zh: `审核 ${name} 年节假日安排（第 ${ref} 版）`,
      en: `Approve or reject the ${name} holiday calendar (version ${ref})`,
    }),
    method: 'POST',
    path: (id, ref) => `/calendar/years/${id}/versions/${ref}/decision`,
    route: (id) => `/calendar/years/${id}`,
  },
} satisfies Record<string, InboxKindSpec>;

export type InboxKind = keyof typeof INBOX_KINDS;
export const INBOX_KIND_NAMES = Object.keys(INBOX_KINDS) as InboxKind[];
export const inboxKindSchema = z.enum(INBOX_KIND_NAMES as [InboxKind, ...InboxKind[]]);

/**
 * The kinds a caller's inbox holds: those made for one of their roles. An auditor has none (an
 * empty inbox, not a refusal). Which items of a kind are the caller's is the repository's SQL.
 */
export function inboxKindsFor(actor: { roles: readonly Role[] }): InboxKind[] {
  return INBOX_KIND_NAMES.filter((k) => hasRole({ roles: [...actor.roles] }, ...INBOX_KINDS[k].roles));
}

/** One item as the repository finds it. */
export interface InboxRow {
  kind: InboxKind;
  subjectId: string;
  /** A part of the subject: a report's number, a change's or objection's id, a version. */
  ref: string | null;
  /** The subject's name (an application's title, a project's, a year). */
  name: string;
  dueAt: Date | null;
}

const bilingualSchema = z.object({ zh: z.string(), en: z.string() });

export const inboxItemSchema = z.object({
  kind: inboxKindSchema,
  title: bilingualSchema,
  subject: z.object({
    type: z.enum(INBOX_SUBJECT_TYPES),
    id: z.string(),
    ref: z.string().nullable().describe('The part of the subject acted on (report number, change id, …)'),
    name: z.string(),
  }),
  dueAt: z.string().nullable().describe('Deadline, UTC ISO 8601; null when the step has none'),
  dueAtLocal: z.string().nullable().describe('The deadline in Asia/Shanghai'),
  overdue: z.boolean(),
  action: z.object({
    method: z.enum(['GET', 'POST']),
    path: z.string().describe('The API request that acts on the item'),
    route: z.string().describe('The portal route that shows it'),
  }),
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

export const inboxPageSchema = pageSchema(inboxItemSchema).extend({
  counts: z
    .record(z.string(), z.number().int())
    .describe('Items per kind over the whole inbox (not only this page); kinds with none are absent'),
  total: z.number().int(),
});
export type InboxPage = z.infer<typeof inboxPageSchema>;

export function inboxItemOf(row: InboxRow, now: number): InboxItem {
  const spec: InboxKindSpec = INBOX_KINDS[row.kind];
  return {
    kind: row.kind,
    title: spec.title(row.name, row.ref),
    subject: { type: spec.subject, id: row.subjectId, ref: row.ref, name: row.name },
    dueAt: row.dueAt?.toISOString() ?? null,
    dueAtLocal: row.dueAt ? formatShanghai(row.dueAt) : null,
    overdue: row.dueAt !== null && row.dueAt.getTime() < now,
    action: {
      method: spec.method,
      path: spec.path(row.subjectId, row.ref),
      route: spec.route(row.subjectId, row.ref),
    },
  };
}
