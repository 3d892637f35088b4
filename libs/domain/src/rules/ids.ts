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
  award: (awardId: string) => `award-${awardId}`,
  agreement: (agreementId: string) => `agreement-${agreementId}`,
  calendarYear: (year: number) => `calendar-year-${year}`,
  expert: (expertId: string) => `expert-${expertId}`,
  expertImport: (importId: string) => `expert-import-${importId}`,
};
