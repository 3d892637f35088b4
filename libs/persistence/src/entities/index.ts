import {
  EventConsumerEntity,
  NotificationEntity,
  NotificationPreferenceEntity,
  NotificationTemplateEntity,
  WebhookDeliveryEntity,
  WebhookEntity,
} from './notification.entity';
import { ApplicationEntity } from './application.entity';
import { CalendarYearEntity } from './calendar-year.entity';
import { CallEntity } from './call.entity';
import { CreditRecordEntity, CreditRepairRequestEntity, MisconductCaseEntity } from './credit-record.entity';
import { DemandCampaignEntity, DemandEntity, TopicEntity } from './demand.entity';
import { DomainEventEntity } from './domain-event.entity';
import { AuditAnchorEntity, AuditStreamHeadEntity } from './audit.entity';
import { IdempotencyKeyEntity } from './idempotency-key.entity';
import { GuideEntity, GuideVersionEntity, ProgramTemplateEntity } from './guide.entity';
import { InstitutionEntity } from './institution.entity';
import { UserEntity } from './user.entity';
import { AwardEntity } from './award.entity';
import { ObjectionEntity } from './objection.entity';
import { AgreementEntity } from './agreement.entity';
import { ProjectEntity } from './project.entity';
import { ProjectReportEntity } from './project-report.entity';
import { ProjectChangeEntity } from './project-change.entity';
import { TopicDemandEntity } from './topic-demand.entity';
import { CasePolicyEntity } from './case-policy.entity';
import { ApplicationPledgeEntity } from './application-pledge.entity';
import { ApplicationVersionEntity } from './application-version.entity';
import { AttachmentEntity } from './attachment.entity';
import { ExpertEntity } from './expert.entity';
import { ReviewAssignmentEntity } from './review-assignment.entity';
import { GuideTopicEntity } from './guide-topic.entity';
import { ReviewRoundEntity } from './review-round.entity';
import { ReviewPanelEntity } from './review-panel.entity';
import { AwardItemEntity } from './award-item.entity';
import { HorseRaceEntity } from './horse-race.entity';
import { OutcomeContributionEntity, OutcomeEntity, PlanIndicatorEntity } from './outcome.entity';
import { ObjectionEvidenceEntity } from './objection-evidence.entity';
import { AgreementVersionEntity } from './agreement-version.entity';
import { AgreementSignatureEntity } from './agreement-signature.entity';
import { InstallmentEntity } from './installment.entity';
import { MilestoneCheckEntity } from './milestone-check.entity';
import { ProjectReportVersionEntity } from './project-report-version.entity';
import { ProjectReportReviewEntity } from './project-report-review.entity';
import { ProjectMidtermEntity } from './project-midterm.entity';
import { RecoveryOrderEntity } from './recovery-order.entity';
import { MidtermPanelEntity, MidtermPanelMemberEntity } from './midterm-panel.entity';
import { ProjectHonestFailureEntity } from './project-honest-failure.entity';
import { AcceptanceObjectionEntity, ProjectAcceptanceEntity } from './acceptance.entity';

export {
  ApplicationEntity,
  CalendarYearEntity,
  CallEntity,
  CreditRecordEntity,
  CreditRepairRequestEntity,
  DemandCampaignEntity,
  DemandEntity,
  DomainEventEntity,
  AuditStreamHeadEntity,
  AuditAnchorEntity,
  GuideEntity,
  GuideVersionEntity,
  IdempotencyKeyEntity,
  InstitutionEntity,
  MisconductCaseEntity,
  ProgramTemplateEntity,
  TopicEntity,
  UserEntity,
  AwardEntity,
  ObjectionEntity,
  AgreementEntity,
  ProjectEntity,
  ProjectReportEntity,
  TopicDemandEntity,
  CasePolicyEntity,
  ApplicationPledgeEntity,
  ApplicationVersionEntity,
  AttachmentEntity,
  ExpertEntity,
  ReviewAssignmentEntity,
  GuideTopicEntity,
  ReviewRoundEntity,
  ReviewPanelEntity,
  AwardItemEntity,
  HorseRaceEntity,
  ObjectionEvidenceEntity,
  AgreementVersionEntity,
  AgreementSignatureEntity,
  InstallmentEntity,
  MilestoneCheckEntity,
  ProjectReportVersionEntity,
  ProjectReportReviewEntity,
  ProjectChangeEntity,
  ProjectMidtermEntity,
  RecoveryOrderEntity,
  MidtermPanelEntity,
  ProjectAcceptanceEntity,
  AcceptanceObjectionEntity,
  MidtermPanelMemberEntity,
  ProjectHonestFailureEntity,
  OutcomeEntity,
  OutcomeContributionEntity,
  PlanIndicatorEntity,
  EventConsumerEntity,
  NotificationTemplateEntity,
  NotificationPreferenceEntity,
  NotificationEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
};

/** Listed explicitly: glob loading breaks under bundlers. */
export const ENTITIES = [
  InstitutionEntity,
  UserEntity,
  CallEntity,
  ApplicationEntity,
  DomainEventEntity,
  AuditStreamHeadEntity,
  AuditAnchorEntity,
  DemandCampaignEntity,
  DemandEntity,
  TopicEntity,
  ProgramTemplateEntity,
  GuideEntity,
  GuideVersionEntity,
  CreditRecordEntity,
  MisconductCaseEntity,
  CreditRepairRequestEntity,
  CalendarYearEntity,
  IdempotencyKeyEntity,
  AwardEntity,
  ObjectionEntity,
  AgreementEntity,
  ProjectEntity,
  ProjectReportEntity,
  TopicDemandEntity,
  CasePolicyEntity,
  ApplicationPledgeEntity,
  ApplicationVersionEntity,
  AttachmentEntity,
  ExpertEntity,
  ReviewAssignmentEntity,
  GuideTopicEntity,
  ReviewRoundEntity,
  ReviewPanelEntity,
  AwardItemEntity,
  HorseRaceEntity,
  ObjectionEvidenceEntity,
  AgreementVersionEntity,
  AgreementSignatureEntity,
  InstallmentEntity,
  MilestoneCheckEntity,
  ProjectReportVersionEntity,
  ProjectReportReviewEntity,
  ProjectChangeEntity,
  ProjectMidtermEntity,
  RecoveryOrderEntity,
  MidtermPanelEntity,
  ProjectAcceptanceEntity,
  AcceptanceObjectionEntity,
  MidtermPanelMemberEntity,
  ProjectHonestFailureEntity,
  OutcomeEntity,
  OutcomeContributionEntity,
  PlanIndicatorEntity,
  EventConsumerEntity,
  NotificationTemplateEntity,
  NotificationPreferenceEntity,
  NotificationEntity,
  WebhookEntity,
  WebhookDeliveryEntity,
];
