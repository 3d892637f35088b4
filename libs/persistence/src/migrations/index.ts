import { Foundation1763800000000 } from './1763800000000-foundation';
import { DemandCollection1763900000000 } from './1763900000000-demand-collection';
import { Guides1764000000000 } from './1764000000000-guides';
import { Credit1764100000000 } from './1764100000000-credit';
import { PassedList1764200000000 } from './1764200000000-passed-list';
import { ApplicationVersions1764300000000 } from './1764300000000-application-versions';
import { FullApplications1764400000000 } from './1764400000000-full-applications';
import { ExpertReview1764500000000 } from './1764500000000-expert-review';
import { Awards1764600000000 } from './1764600000000-awards';
import { Agreements1764700000000 } from './1764700000000-agreements';
import { AwardModes1764800000000 } from './1764800000000-award-modes';
import { ObjectionEvidence1764900000000 } from './1764900000000-objection-evidence';
import { ObjectionReceipts1765000000000 } from './1765000000000-objection-receipts';
import { CalendarYears1765100000000 } from './1765100000000-calendar-years';
import { IdempotencyKeys1765200000000 } from './1765200000000-idempotency-keys';
import { CasePolicies1765330000000 } from './1765330000000-case-policies';
import { ProjectExecution1765400000000 } from './1765400000000-project-execution';
import { ProjectReportVersions1765410000000 } from './1765410000000-project-report-versions';
import { ProjectChanges1765420000000 } from './1765420000000-project-changes';
import { ProjectMidterm1765430000000 } from './1765430000000-project-midterm';
import { HorseRaceMidpoint1765440000000 } from './1765440000000-horse-race-midpoint';
import { MidtermPanels1765450000000 } from './1765450000000-midterm-panels';
import { ProjectAttachments1765451500000 } from './1765451500000-project-attachments';
import { Outcomes1765470000000 } from './1765470000000-outcomes';
import { HonestFailure1765480000000 } from './1765480000000-honest-failure';
import { Acceptance1765490000000 } from './1765490000000-acceptance';
import { CommissionerPlans1765496000000 } from './1765496000000-commissioner-plans';
import { InboxIndexes1765500000000 } from './1765500000000-inbox-indexes';
import { ApplicationListIndexes1765517000000 } from './1765517000000-application-list-indexes';
import { Notifications1765518000000 } from './1765518000000-notifications';
import { AuditChain1765520000000 } from './1765520000000-audit-chain';
import { OfficerListIndexes1765530000000 } from './1765530000000-officer-list-indexes';
import { ReviewByApplication1765540000000 } from './1765540000000-review-by-application';
import { EventSubjectTypeIndex1765550000000 } from './1765550000000-event-subject-type-index';
import { IdempotencyInDoubt1765560000000 } from './1765560000000-idempotency-in-doubt';
import { ReviewInvitationsListed1765570000000 } from './1765570000000-review-invitations-listed';
import { ReviewRecusalKind1765580000000 } from './1765580000000-review-recusal-kind';
import { PanelRecusalKind1765590000000 } from './1765590000000-panel-recusal-kind';

/** In order. Listed explicitly so bundlers and the compiled tree find them. */
export const MIGRATIONS = [
  Foundation1763800000000,
  DemandCollection1763900000000,
  Guides1764000000000,
  Credit1764100000000,
  PassedList1764200000000,
  ApplicationVersions1764300000000,
  FullApplications1764400000000,
  ExpertReview1764500000000,
  Awards1764600000000,
  Agreements1764700000000,
  AwardModes1764800000000,
  ObjectionEvidence1764900000000,
  ObjectionReceipts1765000000000,
  CalendarYears1765100000000,
  IdempotencyKeys1765200000000,
  CasePolicies1765330000000,
  ProjectExecution1765400000000,
  ProjectReportVersions1765410000000,
  ProjectChanges1765420000000,
  ProjectMidterm1765430000000,
  HorseRaceMidpoint1765440000000,
  MidtermPanels1765450000000,
  ProjectAttachments1765451500000,
  Outcomes1765470000000,
  HonestFailure1765480000000,
  Acceptance1765490000000,
  CommissionerPlans1765496000000,
  InboxIndexes1765500000000,
  ApplicationListIndexes1765517000000,
  Notifications1765518000000,
  AuditChain1765520000000,
  OfficerListIndexes1765530000000,
  ReviewByApplication1765540000000,
  EventSubjectTypeIndex1765550000000,
  IdempotencyInDoubt1765560000000,
  ReviewInvitationsListed1765570000000,
  ReviewRecusalKind1765580000000,
  PanelRecusalKind1765590000000,
];
