/** Every workflow the worker registers; the bundle's entry point. */
export { callWorkflow } from './call.workflow';
export { applicationWorkflow } from './application.workflow';
export type { ApplicationWorkflowInput } from './application.workflow';
export { campaignWorkflow } from './campaign.workflow';
export { demandWorkflow } from './demand.workflow';
export { guideWorkflow } from './guide.workflow';
export { caseWorkflow } from './case.workflow';
export {
  reviewRoundWorkflow,
  reviewApplicationWorkflow,
  reviewInvitationWorkflow,
  reviewSliceWorkflow,
} from './review.workflow';
export type { ReviewRoundInput, InvitationInput, ApplicationReviewInput } from './review.workflow';
export { awardWorkflow, awardAgreementsWorkflow } from './award.workflow';
export { agreementWorkflow } from './agreement.workflow';
export { calendarYearWorkflow } from './calendar.workflow';
export type { AwardInput } from './award.workflow';
export type { DemandWorkflowInput } from './demand.workflow';
export { creditSubjectWorkflow } from './credit.workflow';
export type { CreditSubjectInput } from './credit.workflow';
export { programTemplateWorkflow } from './program-template.workflow';
export type { ProgramTemplateInput } from './program-template.workflow';
export { topicWorkflow } from './topic.workflow';
export { casePolicyWorkflow } from './case-policy.workflow';
export { expertWorkflow, expertImportWorkflow } from './expert.workflow';
export { outcomeWorkflow } from './outcome.workflow';
export type { OutcomeWorkflowInput } from './outcome.workflow';
export type { ExpertWorkflowInput } from './expert.workflow';
export { userWorkflow } from './user.workflow';
export type { UserWorkflowInput } from './user.workflow';
export * from './definitions';
export type * from './activities';
export type { AgreementInput } from './agreement.workflow';
export { projectWorkflow } from './project.workflow';
export type { ProjectInput } from './project.workflow';
export { horseRaceWorkflow } from './horse-race.workflow';
export type { HorseRaceInput } from './horse-race.workflow';
export {
  notificationDispatchWorkflow,
  webhookDispatchWorkflow,
  webhookDeliveryWorkflow,
  notificationTemplatesWorkflow,
  notificationInboxWorkflow,
  webhooksWorkflow,
} from './notification.workflow';
export * from './notification.definitions';
export { auditAnchorWorkflow } from './audit-anchor.workflow';
export type { AuditAnchorInput } from './audit-anchor.workflow';
