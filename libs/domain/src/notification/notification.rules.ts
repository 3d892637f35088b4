import { DomainError } from '../kernel/errors.rules';

/**
 * Who is told of what: one table from domain event types to a notification kind and its
 * recipients. Pure (no I/O, no zod): the dispatcher's activity reads each event of the log,
 * calls `notificationsFor`, and resolves the symbolic recipients to users and addresses through a
 * repository. Events that ask no one to act and tell no one of a decision map to nothing.
 */

export const NOTIFICATION_KINDS = [
  'review_invitation',
  'review_reminder',
  'review_recusal_required',
  'endorsement_requested',
  'application_returned',
  'formal_check_decided',
  'approval_requested',
  'notice_opened',
  'award_decided',
  'objection_answered',
  'signature_due',
  'report_due',
  'report_overdue',
  'report_returned',
  'change_decided',
  'midterm_step',
  'acceptance_step',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_LANGUAGES = ['zh-CN', 'en'] as const;
export type NotificationLanguage = (typeof NOTIFICATION_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: NotificationLanguage = 'zh-CN';

export const NOTIFICATION_CHANNELS = ['in_app', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** A recipient as the event names it; the activity resolves it to users (or an e-mail address). */
export type RecipientRef =
  | { kind: 'user'; userId: string }
  | { kind: 'assignment_expert'; assignmentId: string }
  /** The experts a round's draw invited (each with their own invitation as the link). */
  | { kind: 'round_invitees'; roundId: string }
  /** The expert drawn to replace the invitation `replacedAssignmentId`. */
  | { kind: 'replacement_expert'; replacedAssignmentId: string }
  | { kind: 'application_applicant'; applicationId: string }
  | { kind: 'application_institution'; applicationId: string }
  | { kind: 'award_applicants'; awardId: string }
  | { kind: 'agreement_parties'; agreementId: string }
  | { kind: 'project_pi'; projectId: string }
  | { kind: 'project_institution'; projectId: string }
  /** 异议人: by the contact on the objection's receipt (an objector has no account). */
  | { kind: 'objector'; objectionId: string }
  | { kind: 'role'; role: 'officer' | 'admin' };

/** The part of a domain event the mapping reads. */
export interface MappableEvent {
  type: string;
  subjectType: string;
  subjectId: string;
  payload: Record<string, unknown>;
}

export interface NotificationIntent {
  kind: NotificationKind;
  recipients: RecipientRef[];
  /** Where the recipient acts or reads more (an API path; the portal routes the same). */
  link: string;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

interface Rule {
  kind: NotificationKind;
  recipients(e: MappableEvent): RecipientRef[];
  link(e: MappableEvent): string;
}

const applicant = (id: string | null): RecipientRef[] =>
  id ? [{ kind: 'application_applicant', applicationId: id }] : [];
const projectSide = (e: MappableEvent): RecipientRef[] => [
  { kind: 'project_pi', projectId: e.subjectId },
  { kind: 'project_institution', projectId: e.subjectId },
];
const officers: RecipientRef[] = [{ kind: 'role', role: 'officer' }];
const ofApplication = (e: MappableEvent) => `/applications/${e.subjectId}`;
const ofProject = (e: MappableEvent) => `/projects/${e.subjectId}`;

const expert: Rule = {
  kind: 'review_reminder',
  recipients: (e) => [{ kind: 'assignment_expert', assignmentId: e.subjectId }],
  link: (e) => `/reviews/${e.subjectId}`,
};
const applicationDecision = (
  kind: NotificationKind,
  who: (id: string) => RecipientRef[] = applicant,
): Rule => ({
  kind,
  recipients: (e) => who(e.subjectId),
  link: ofApplication,
});
const projectStep = (kind: NotificationKind, withOfficers = false): Rule => ({
  kind,
  recipients: (e) => [...projectSide(e), ...(withOfficers ? officers : [])],
  link: ofProject,
});

/** The table: event type → kind and recipients. */
export const NOTIFICATION_RULES: Readonly<Record<string, Rule>> = {
  // A draw invites many experts in one event; a redraw one more. A round whose invitations are
  // listed as their workflows start tells its experts once all are open, not at the draw.
  'review.experts_drawn': {
    kind: 'review_invitation',
    recipients: (e) => (e.payload.listOnStart ? [] : [{ kind: 'round_invitees', roundId: e.subjectId }]),
    link: () => '/reviews/mine',
  },
  'review.invitations_opened': {
    kind: 'review_invitation',
    recipients: (e) => [{ kind: 'round_invitees', roundId: e.subjectId }],
    link: () => '/reviews/mine',
  },
  'review.expert_redrawn': {
    kind: 'review_invitation',
    recipients: (e) => [{ kind: 'replacement_expert', replacedAssignmentId: e.subjectId }],
    link: () => '/reviews/mine',
  },
  'review.reminder_sent': expert,
  // 要求回避: an officer's decision about the expert, who is told with the reason. An expert who
  // steps aside (自行回避), declines or lets a deadline pass did it themselves: no one is told.
  'review.recused': {
    kind: 'review_recusal_required',
    recipients: (e) =>
      e.payload.recusal === 'required' ? [{ kind: 'assignment_expert', assignmentId: e.subjectId }] : [],
    link: () => '/reviews/mine',
  },
  'application.sent_for_endorsement': applicationDecision('endorsement_requested', (id: string) => [
    { kind: 'application_institution', applicationId: id },
  ]),
  'application.returned': applicationDecision('application_returned'),
  'application.returned_by_institution': applicationDecision('application_returned'),
  'application.formal_check_passed': applicationDecision('formal_check_decided'),
  'application.rejected': applicationDecision('formal_check_decided'),
  'guide.submitted_for_approval': {
    kind: 'approval_requested',
    recipients: () => [...officers, { kind: 'role', role: 'admin' }],
    link: (e) => `/guides/${e.subjectId}`,
  },
  'award.submitted_for_approval': {
    kind: 'approval_requested',
    recipients: () => [...officers, { kind: 'role', role: 'admin' }],
    link: (e) => `/awards/${e.subjectId}`,
  },
  'award.notice_started': {
    kind: 'notice_opened',
    recipients: (e) => [{ kind: 'award_applicants', awardId: e.subjectId }],
    link: (e) => `/public/awards/${e.subjectId}`,
  },
  'award.finalized': {
    kind: 'award_decided',
    recipients: (e) => [{ kind: 'award_applicants', awardId: e.subjectId }],
    link: (e) => `/awards/${e.subjectId}`,
  },
  ...Object.fromEntries(
    ['maintain', 'adjust', 'cancel'].map((o) => [
      `award.objection_${o}`,
      {
        kind: 'objection_answered',
        recipients: (e: MappableEvent) => {
          const id = str(e.payload.objectionId);
          return [
            ...(id ? [{ kind: 'objector', objectionId: id } as const] : []),
            ...applicant(str(e.payload.applicationId)),
          ];
        },
        link: (e: MappableEvent) => `/public/awards/${e.subjectId}`,
      } satisfies Rule,
    ]),
  ),
  'agreement.generated': {
    kind: 'signature_due',
    recipients: (e) => [{ kind: 'agreement_parties', agreementId: e.subjectId }],
    link: (e) => `/agreements/${e.subjectId}`,
  },
  'project.report_reminder': projectStep('report_due'),
  'project.report_overdue': projectStep('report_overdue', true),
  'project.report_returned': projectStep('report_returned'),
  'project.change_approved': projectStep('change_decided'),
  'project.change_rejected': projectStep('change_decided'),
  'project.midterm_opened': projectStep('midterm_step'),
  'project.midterm_confirmed': projectStep('midterm_step'),
  'project.midterm_rectification_overdue': projectStep('midterm_step', true),
  'project.acceptance_opened': projectStep('acceptance_step'),
  'project.acceptance_returned': projectStep('acceptance_step'),
  'project.acceptance_rectification_ordered': projectStep('acceptance_step'),
  'project.acceptance_published': projectStep('acceptance_step'),
  'project.accepted': projectStep('acceptance_step'),
  'project.acceptance_failed': projectStep('acceptance_step', true),
};

/** What one event asks to tell, and whom; null when it tells no one. */
export function notificationsFor(e: MappableEvent): NotificationIntent | null {
  const rule = NOTIFICATION_RULES[e.type];
  if (!rule) return null;
  const recipients = rule.recipients(e);
  if (recipients.length === 0) return null;
  return { kind: rule.kind, recipients, link: rule.link(e) };
}

/** Placeholders a template may use: `{{name}}`, filled from these. */
export const TEMPLATE_PARAMS = ['recipient', 'eventType', 'subjectId', 'link', 'deadline', 'reason'] as const;
export type TemplateParams = Partial<Record<(typeof TEMPLATE_PARAMS)[number], string>>;

/** Fills `{{name}}` placeholders; an unknown or missing one becomes empty (never the raw braces). */
export function renderTemplate(text: string, params: TemplateParams): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
    const v = (params as Record<string, string | undefined>)[name];
    return v ?? '';
  });
}

/** A user's choice per kind; a kind not chosen is on in every channel. */
export interface ChannelChoice {
  inApp: boolean;
  email: boolean;
}

export function channelsFor(
  kind: NotificationKind,
  prefs: Partial<Record<string, ChannelChoice>>,
): NotificationChannel[] {
  const p = prefs[kind] ?? { inApp: true, email: true };
  return [...(p.inApp ? (['in_app'] as const) : []), ...(p.email ? (['email'] as const) : [])];
}

/** Only administrators edit the templates, register webhooks and replay deliveries. */
export function assertMayManageNotifications(actor: { roles: readonly string[] }): void {
  if (!actor.roles.includes('admin'))
    throw new DomainError('forbidden', { zh: '无权执行此操作', en: 'You are not allowed to do this' });
}
