/** Every workflow the worker registers; the bundle's entry point. */
export { callWorkflow } from './call.workflow';
export { applicationWorkflow } from './application.workflow';
export type { ApplicationWorkflowInput } from './application.workflow';
export { campaignWorkflow } from './campaign.workflow';
export { demandWorkflow } from './demand.workflow';
export { guideWorkflow } from './guide.workflow';
export { caseWorkflow } from './case.workflow';
export { reviewRoundWorkflow, reviewInvitationWorkflow } from './review.workflow';
export type { ReviewRoundInput, InvitationInput } from './review.workflow';
export { awardWorkflow } from './award.workflow';
export { agreementWorkflow } from './agreement.workflow';
export { calendarYearWorkflow } from './calendar.workflow';
export type { AwardInput } from './award.workflow';
export type { DemandWorkflowInput } from './demand.workflow';
export { expertWorkflow, expertImportWorkflow } from './expert.workflow';
export type { ExpertWorkflowInput } from './expert.workflow';
export * from './definitions';
export type * from './activities';
