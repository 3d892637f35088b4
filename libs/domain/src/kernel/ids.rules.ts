/**
 * Workflow ids are derived from domain ids, so a retried request lands on the same workflow.
 * They live in the domain (not libs/temporal) because workflow code needs them too.
 */
export const workflowIds = {
  call: (callId: string) => `call-${callId}`,
  application: (applicationId: string) => `application-${applicationId}`,
  campaign: (campaignId: string) => `demand-campaign-${campaignId}`,
  demand: (demandId: string) => `demand-${demandId}`,
  guide: (guideId: string) => `guide-${guideId}`,
  misconductCase: (caseId: string) => `misconduct-case-${caseId}`,
  reviewRound: (roundId: string) => `review-round-${roundId}`,
  reviewInvitation: (assignmentId: string) => `review-invitation-${assignmentId}`,
  /** A slice [from, to) of a round's first invitations, by position in the draw's order. */
  reviewSlice: (roundId: string, from: number, to: number) => `review-round-${roundId}-slice-${from}-${to}`,
  /** One application's invitations in a round, and their replacements. */
  reviewApplication: (roundId: string, applicationId: string) =>
    `review-round-${roundId}-application-${applicationId}`,
  /** One slot's replacements, from the invitation `assignmentId` on, moved out of a long slice. */
  reviewSlot: (roundId: string, assignmentId: string) => `review-round-${roundId}-slot-${assignmentId}`,
  award: (awardId: string) => `award-${awardId}`,
  agreement: (agreementId: string) => `agreement-${agreementId}`,
  /** Starts a large award's agreements page by page, after its first page (continues as new). */
  awardAgreements: (awardId: string) => `award-${awardId}-agreements`,
  calendarYear: (year: number) => `calendar-year-${year}`,
  project: (projectId: string) => `project-${projectId}`,
  /** 赛马: one per race, started by its first project; owns the mid-point comparison. */
  horseRace: (raceId: string) => `horse-race-${raceId}`,
  /** One per credit subject: serialises the subject's ledger (records, repair requests, decisions). */
  creditSubject: (type: string, subjectId: string) => `credit-subject-${type}-${subjectId}`,
  programTemplate: (code: string) => `program-template-${code}`,
  topic: (topicId: string) => `topic-${topicId}`,
  /** The one workflow that versions the misconduct-case timings. */
  casePolicy: () => 'case-policy',
  auditAnchor: () => 'audit-anchor',
  /** One user's account: role changes by the administrators (closes when idle). */
  user: (userId: string) => `user-${userId}`,
  expert: (expertId: string) => `expert-${expertId}`,
  expertImport: (importId: string) => `expert-import-${importId}`,
  /** 成果: one per outcome, from registration to verification (the project's run may have ended). */
  outcome: (outcomeId: string) => `outcome-${outcomeId}`,
  /** The long-lived readers of the event log that deliver notifications and webhooks. */
  notificationDispatch: () => 'notification-dispatch',
  webhookDispatch: () => 'webhook-dispatch',
  /** One webhook delivery's attempts (retried with exponential backoff); replays get their own. */
  webhookDelivery: (deliveryId: string) => `webhook-delivery-${deliveryId}`,
  /** Serialises the administrators' webhook registrations and the replays. */
  webhooks: () => 'webhooks',
  /** Numbers the versions of the notification templates. */
  notificationTemplates: () => 'notification-templates',
  /** One user's notification settings and read marks. */
  notificationInbox: (userId: string) => `notifications-${userId}`,
};
