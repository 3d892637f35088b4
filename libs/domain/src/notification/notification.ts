import { z } from 'zod';
import { bilingual } from '../kernel/validation';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  NOTIFICATION_LANGUAGES,
  NotificationKind,
  NotificationLanguage,
} from './notification.rules';

export * from './notification.rules';

export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export const notificationLanguageSchema = z.enum(NOTIFICATION_LANGUAGES);

/** The templates installed with the product (version 1 of each kind and language). */
export const DEFAULT_TEMPLATES: Record<
  NotificationKind,
  Record<NotificationLanguage, { subject: string; body: string }>
> = {
  review_invitation: {
    'zh-CN': {
      subject: '评审邀请：请在期限前答复',
      body: '{{recipient}}，您好：您被邀请评审一个申报项目，请于 {{deadline}} 前接受或谢绝邀请。办理入口：{{link}}',
    },
    en: {
      subject: 'Review invitation: please answer before the deadline',
      body: 'Dear {{recipient}}, you are invited to review an application. Please accept or decline by {{deadline}}. Act here: {{link}}',
    },
  },
  review_reminder: {
    'zh-CN': {
      subject: '评审提醒：评分期限临近',
      body: '{{recipient}}，您好：您接受的评审将于 {{deadline}} 截止，请尽快提交评分。{{link}}',
    },
    en: {
      subject: 'Review reminder: the scoring deadline is near',
      body: 'Dear {{recipient}}, the review you accepted closes at {{deadline}}; please submit your scores. {{link}}',
    },
  },
  review_recusal_required: {
    'zh-CN': {
      subject: '评审回避通知：组织方要求您回避',
      body: '{{recipient}}，您好：评审组织方要求您回避一项评审，该评审邀请已结束，无需再答复或评分；此事不计入您的科研信用记录。理由：{{reason}}。{{link}}',
    },
    en: {
      subject: 'Review recusal: the organiser asks you to step aside',
      body: 'Dear {{recipient}}, the review organiser requires you to step aside from a review. The invitation has ended; no answer or score is needed, and it does not count against your credit record. Reason: {{reason}}. {{link}}',
    },
  },
  endorsement_requested: {
    'zh-CN': { subject: '申报书待单位推荐', body: '一份申报书等待本单位审核推荐。{{link}}' },
    en: {
      subject: 'An application awaits your endorsement',
      body: 'An application awaits your endorsement. {{link}}',
    },
  },
  application_returned: {
    'zh-CN': { subject: '申报书被退回修改', body: '您的申报书被退回修改。原因：{{reason}}。{{link}}' },
    en: {
      subject: 'Your application was returned for revision',
      body: 'Your application was returned for revision. Reason: {{reason}}. {{link}}',
    },
  },
  formal_check_decided: {
    'zh-CN': { subject: '形式审查结果', body: '您的申报书形式审查已有结果。{{reason}} {{link}}' },
    en: {
      subject: 'Formal check decided',
      body: 'The formal check of your application is decided. {{reason}} {{link}}',
    },
  },
  approval_requested: {
    'zh-CN': { subject: '待审批事项', body: '有一项待您审批的事项。{{link}}' },
    en: { subject: 'Awaiting your approval', body: 'Something awaits your approval. {{link}}' },
  },
  notice_opened: {
    'zh-CN': { subject: '立项公示已开始', body: '立项名单已进入公示期。{{link}}' },
    en: {
      subject: 'The public notice has opened',
      body: 'The award list is now under public notice. {{link}}',
    },
  },
  award_decided: {
    'zh-CN': { subject: '立项结果已确定', body: '公示期结束，立项结果已确定。{{link}}' },
    en: {
      subject: 'The award is final',
      body: 'The notice period has ended and the award is final. {{link}}',
    },
  },
  objection_answered: {
    'zh-CN': { subject: '异议处理结果', body: '您提出的异议已有处理结果。{{link}}' },
    en: { subject: 'Your objection has been answered', body: 'The objection has been answered. {{link}}' },
  },
  signature_due: {
    'zh-CN': { subject: '任务书待签署', body: '任务书已生成，请于 {{deadline}} 前签署。{{link}}' },
    en: {
      subject: 'An agreement awaits your signature',
      body: 'The agreement has been generated; please sign it by {{deadline}}. {{link}}',
    },
  },
  report_due: {
    'zh-CN': {
      subject: '进展报告即将到期',
      body: '项目进展报告将于 {{deadline}} 到期，请按时提交。{{link}}',
    },
    en: {
      subject: 'A progress report is due soon',
      body: 'A progress report is due at {{deadline}}. {{link}}',
    },
  },
  report_overdue: {
    'zh-CN': { subject: '进展报告已逾期', body: '项目进展报告已于 {{deadline}} 逾期未交。{{link}}' },
    en: {
      subject: 'A progress report is overdue',
      body: 'A progress report was due at {{deadline}} and is overdue. {{link}}',
    },
  },
  report_returned: {
    'zh-CN': { subject: '进展报告被退回', body: '进展报告被退回修改：{{reason}}。{{link}}' },
    en: {
      subject: 'A progress report was returned',
      body: 'A progress report was returned: {{reason}}. {{link}}',
    },
  },
  change_decided: {
    'zh-CN': { subject: '项目变更申请已有结果', body: '项目变更申请已有结果。{{link}}' },
    en: {
      subject: 'A change request is decided',
      body: 'A change request of the project is decided. {{link}}',
    },
  },
  midterm_step: {
    'zh-CN': { subject: '中期检查进展', body: '项目中期检查有新进展。{{link}}' },
    en: {
      subject: 'Mid-term check: a new step',
      body: 'The mid-term check of the project has a new step. {{link}}',
    },
  },
  acceptance_step: {
    'zh-CN': { subject: '项目验收进展', body: '项目验收有新进展。{{link}}' },
    en: { subject: 'Acceptance: a new step', body: 'The acceptance of the project has a new step. {{link}}' },
  },
};

const channelChoiceSchema = z.strictObject({ inApp: z.boolean(), email: z.boolean() });

/** `PUT /me/notification-preferences`: the language and, per kind, the channels (absent: both). */
export const notificationPreferencesSchema = z.strictObject({
  language: notificationLanguageSchema.describe('Language of notifications: zh-CN or en'),
  channels: z.partialRecord(notificationKindSchema, channelChoiceSchema).default({}),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

export const notificationViewSchema = z.object({
  id: z.uuid(),
  kind: notificationKindSchema,
  eventId: z.uuid(),
  eventType: z.string(),
  language: notificationLanguageSchema,
  subject: z.string(),
  body: z.string(),
  link: z.string(),
  templateVersion: z.number().int(),
  createdAt: z.string(),
  createdAtLocal: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationViewSchema>;

export const notificationListQuerySchema = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only unread ones'),
});

const templateText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, bilingual({ zh: '不能为空', en: 'Must not be empty' }))
    .max(max);

/** An administrator's edit of one kind's template in one language: a new version. */
export const notificationTemplateInputSchema = z.strictObject({
  subject: templateText(200).describe(
    'Subject line; placeholders {{recipient}}, {{link}}, {{deadline}}, {{reason}}',
  ),
  body: templateText(5000),
});
export type NotificationTemplateInput = z.infer<typeof notificationTemplateInputSchema>;

export const notificationTemplateViewSchema = z.object({
  kind: notificationKindSchema,
  language: notificationLanguageSchema,
  version: z.number().int(),
  subject: z.string(),
  body: z.string(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
});
export type NotificationTemplateView = z.infer<typeof notificationTemplateViewSchema>;

export const NOTIFICATION_CHANNEL_SCHEMA = z.enum(NOTIFICATION_CHANNELS);
