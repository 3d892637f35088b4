import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  ApplicationContent,
  ApplicationStatus,
  CallStatus,
  CasePolicy,
  CaseStatus,
  DemandContent,
  FindingInput,
  ReviewInput,
  ReviewAssignmentStatus,
  RecusalKind,
  AwardStatus,
  AgreementParty,
  ProjectStatus,
  AgreementStatus,
  AgreementRevision,
  CalendarBasis,
  CalendarEntry,
  DemandStatus,
  EndorsementDecision,
  FormalCheckDecision,
  GuideContent,
  GuideStatus,
  ProgramTemplate,
  Role,
  TopicContent,
  ScreeningDecision,
  ChecklistItem,
  ExpertRecord,
  ExpertPatch,
} from '@kjflow/domain';
import type { ChangeKind, ChangeRequestInput, ChangeStatus, ChangeStep } from '@kjflow/domain';
import type { MidtermDecision, MidtermPhase } from '@kjflow/domain/project/midterm.rules';
import type { PanelRecommendation } from '@kjflow/domain/project/panel-stage.rules';
import type {
  AcceptancePhase,
  AcceptanceTerms,
  AcceptanceVerdict,
} from '@kjflow/domain/project/acceptance.rules';
import type { ExpertPanelFacts } from '@kjflow/domain/review/expert-panel.rules';
import type { RacePhase } from '@kjflow/domain/project/race.rules';
import type { OutcomeDecision, OutcomeStatus } from '@kjflow/domain/project/outcome.rules';
import type { OutcomeRecord } from '@kjflow/domain';
import type { HonestFailureState, RiskProfile } from '@kjflow/domain/project/honest-failure.rules';

/** Shared by the workflows and the API client: names and payload types in one place. */

export interface CallState {
  callId: string;
  status: CallStatus;
  created: boolean;
  /** Set once the passed list is published (in this run of the call's workflow). */
  passedListPublished?: boolean;
}

export const callCreatedUpdate = defineUpdate<CallState>('callCreated');
export const callStateQuery = defineQuery<CallState>('callState');
export const withdrawCallSignal = defineSignal('withdrawCall');

export interface ApplicationState {
  applicationId: string;
  status: ApplicationStatus;
  content: ApplicationContent;
  version: number;
  submittedAt: string | null;
}

export interface EditDraftArgs {
  actorId: string;
  patch: Record<string, unknown>;
  /** Optimistic concurrency: the version the editor last saw (If-Match), if any. */
  expectedVersion?: number;
}

export interface SubmitArgs {
  actorId: string;
  /** Applications: the PI signs the integrity pledge with this submission (recorded with it, atomically). */
  integrityPledge?: boolean;
}

export interface FormalCheckArgs {
  actorId: string;
  decision: FormalCheckDecision;
  reason?: string;
  /** The formal-check rules' result the officer decided on, kept with the decision in the audit trail. */
  checklist?: ChecklistItem[];
}

export interface EndorsementArgs {
  actorId: string;
  decision: EndorsementDecision;
  comments?: string;
}
export const endorsementUpdate = defineUpdate<ApplicationSnapshot, [EndorsementArgs]>('endorse');

export interface WithdrawApplicationArgs {
  actorId: string;
  reason?: string;
}
/** The applicant withdraws before the formal-check decision. */
export const withdrawApplicationUpdate = defineUpdate<ApplicationSnapshot, [WithdrawApplicationArgs]>(
  'withdrawApplication',
);

export const applicationCreatedUpdate = defineUpdate<ApplicationSnapshot>('applicationCreated');
/**
 * What a submission process's updates return (applications, demands): its state without the
 * content (lib/serial's withoutContent).
 */
export interface SubmissionSnapshot {
  status: string;
  version: number;
  submittedAt: string | null;
}

/** What an application's updates return: its state without the content. */
export type ApplicationSnapshot = Omit<ApplicationState, 'content'>;

export const editDraftUpdate = defineUpdate<SubmissionSnapshot, [EditDraftArgs]>('editDraft');
export const submitUpdate = defineUpdate<SubmissionSnapshot, [SubmitArgs]>('submit');
export const formalCheckUpdate = defineUpdate<ApplicationSnapshot, [FormalCheckArgs]>('decideFormalCheck');
export const applicationStateQuery = defineQuery<ApplicationState>('applicationState');
/** 科研诚信承诺: the PI signs for themself, the host institution's admin for the institution. */
export interface SignPledgeArgs {
  actorId: string;
  party: 'pi' | 'institution';
}
export const signPledgeUpdate = defineUpdate<ApplicationSnapshot, [SignPledgeArgs]>('signPledge');
/** A file already in content-addressed storage becomes an attachment of the application. */
export interface AddAttachmentArgs {
  actorId: string;
  /** Chosen by the API, so a retried request lands on the same row. */
  attachmentId: string;
  document: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
}
export const addAttachmentUpdate = defineUpdate<ApplicationSnapshot, [AddAttachmentArgs]>('addAttachment');
export interface RemoveAttachmentArgs {
  actorId: string;
  attachmentId: string;
  document: string;
}
export const removeAttachmentUpdate = defineUpdate<ApplicationSnapshot, [RemoveAttachmentArgs]>(
  'removeAttachment',
);
export interface PublishPassedListArgs {
  actorId: string;
}
/** The call's list of applications that passed the formal check, published once. */
/**
 * The formal-check rules' result at submission (warnings for the applicant), kept in the audit
 * trail. Sent after the submission so that running the rules never delays it past the deadline.
 */
export interface RecordChecklistArgs {
  stage: 'submission';
  items: ChecklistItem[];
}
export const recordChecklistUpdate = defineUpdate<ApplicationSnapshot, [RecordChecklistArgs]>(
  'recordChecklist',
);
export const publishPassedListUpdate = defineUpdate<CallState, [PublishPassedListArgs]>('publishPassedList');

// ---- demand collection ---------------------------------------------------------------------

export interface CampaignState {
  campaignId: string;
  status: CallStatus;
  created: boolean;
}
export const campaignCreatedUpdate = defineUpdate<CampaignState>('campaignCreated');
export const campaignStateQuery = defineQuery<CampaignState>('campaignState');

export interface DemandState {
  demandId: string;
  status: DemandStatus;
  content: DemandContent;
  version: number;
  submittedAt: string | null;
  mergedIntoId: string | null;
}
/** What a demand's updates return: its state without the content. */
export type DemandSnapshot = Omit<DemandState, 'content'>;

export interface ScreenArgs {
  actorId: string;
  decision: ScreeningDecision;
  reason?: string;
  mergeIntoId?: string;
}

export const demandCreatedUpdate = defineUpdate<DemandSnapshot>('demandCreated');
export const screenDemandUpdate = defineUpdate<DemandSnapshot, [ScreenArgs]>('screenDemand');
export const demandStateQuery = defineQuery<DemandState>('demandState');

// ---- guides --------------------------------------------------------------------------------

export interface GuideState {
  guideId: string;
  status: GuideStatus;
  content: GuideContent;
  draftVersion: number;
  approvedSteps: number;
  publishedVersion: number | null;
  callId: string | null;
}

export interface EditGuideArgs {
  actorId: string;
  patch: Record<string, unknown>;
  expectedVersion?: number;
}
export interface GuideActorArgs {
  actorId: string;
  actorRoles: Role[];
}
export interface DecideGuideArgs extends GuideActorArgs {
  decision: 'approve' | 'return';
  comments?: string;
}
export interface CorrectGuideArgs extends GuideActorArgs {
  correction: Record<string, unknown>;
}
export interface WithdrawGuideArgs extends GuideActorArgs {
  reason: string;
}

/** What a guide's updates return: its state without the content. */
export type GuideSnapshot = Omit<GuideState, 'content'>;
export const guideCreatedUpdate = defineUpdate<GuideSnapshot>('guideCreated');
export const editGuideUpdate = defineUpdate<GuideSnapshot, [EditGuideArgs]>('editGuide');
export const submitGuideUpdate = defineUpdate<GuideSnapshot, [GuideActorArgs]>('submitGuide');
export const decideGuideUpdate = defineUpdate<GuideSnapshot, [DecideGuideArgs]>('decideGuide');
export const correctGuideUpdate = defineUpdate<GuideSnapshot, [CorrectGuideArgs]>('correctGuide');
export const withdrawGuideUpdate = defineUpdate<GuideSnapshot, [WithdrawGuideArgs]>('withdrawGuide');
export const guideStateQuery = defineQuery<GuideState>('guideState');

// ---- misconduct cases ----------------------------------------------------------------------

export interface CaseState {
  caseId: string;
  status: CaseStatus;
  investigationDeadline: string | null;
  extended: boolean;
  appealDeadline: string | null;
  finding: FindingInput | null;
  review: ReviewInput | null;
  creditRecordId: string | null;
}

/** Case actions carry the officer's (or subject's) input; the workflow parses it with the domain schema. */
export interface CaseActionArgs {
  actorId: string;
  input: unknown;
}

export const caseCreatedUpdate = defineUpdate<CaseState>('caseCreated');
export const decideCaseUpdate = defineUpdate<CaseState, [CaseActionArgs]>('decideCase');
export const extendInvestigationUpdate = defineUpdate<CaseState, [CaseActionArgs]>('extendInvestigation');
export const recordFindingUpdate = defineUpdate<CaseState, [CaseActionArgs]>('recordFinding');
export const fileAppealUpdate = defineUpdate<CaseState, [CaseActionArgs]>('fileAppeal');
export const reviewCaseUpdate = defineUpdate<CaseState, [CaseActionArgs]>('reviewCase');
export const caseStateQuery = defineQuery<CaseState>('caseState');

// ---- expert review ---------------------------------------------------------------------------

export interface InvitationState {
  assignmentId: string;
  status: ReviewAssignmentStatus;
  scoreBy: string | null;
}
/**
 * The expert's commands name their invitation: a workflow that runs several (an application's
 * review) finds it by `assignmentId`; an invitation's own workflow (earlier rounds) ignores it.
 */
interface InvitationCommand {
  assignmentId?: string;
}
export interface RespondInvitationArgs extends InvitationCommand {
  actorId: string;
  decision: 'accept' | 'decline';
  reason?: string;
}
export interface RecuseArgs extends InvitationCommand {
  /** The expert stepping aside, or the officer who requires it (`recusal: 'required'`). */
  actorId: string;
  reason: string;
  /**
   * 要求回避: an officer requires the expert to step aside. Absent: the expert's own recusal
   * (自行回避), as every recusal recorded before the officer's existed.
   */
  recusal?: Extract<RecusalKind, 'required'>;
}
export interface SubmitScoreArgs extends InvitationCommand {
  actorId: string;
  sheet: object;
  weightedScore: number;
}
export const respondInvitationUpdate = defineUpdate<InvitationState, [RespondInvitationArgs]>(
  'respondInvitation',
);
export const recuseUpdate = defineUpdate<InvitationState, [RecuseArgs]>('recuse');
export const submitScoreUpdate = defineUpdate<InvitationState, [SubmitScoreArgs]>('submitScore');
export const invitationStateQuery = defineQuery<InvitationState>('invitationState');
/** The invitations an application's review runs (reviewApplicationWorkflow), each as it stands. */
export const applicationReviewStateQuery = defineQuery<InvitationState[]>('applicationReviewState');
export interface SaveScoreDraftArgs extends InvitationCommand {
  actorId: string;
  /** The draft, checked by the API against the rubric for what is filled in. */
  sheet: object;
}
export const saveScoreDraftUpdate = defineUpdate<InvitationState, [SaveScoreDraftArgs]>('saveScoreDraft');

/** A round as its workflow holds it: created (row written), drawn, and the panels it recorded. */
export interface ReviewRoundState {
  roundId: string;
  created: boolean;
  /** How many invitations the first draw made (null until drawn). */
  invited: number | null;
  /** Applications whose panel (会评) this run recorded. */
  panels: string[];
}
export interface CreateReviewRoundArgs {
  callId: string;
  strategy: 'random' | 'optimal' | 'randomized';
  k: number;
  seed: number;
  maxProbability: number | null;
  policy: {
    responseWindow: string;
    scoringWindow: string;
    reminderBefore: string;
    disagreementThreshold: number;
    pool: { keyFields?: string[]; keywords?: string[] } | null;
    /** The round's cap on any expert's load; absent: each expert's profile cap alone. */
    maxPerExpert?: number;
  };
  actorId: string;
}
export interface RecordPanelArgs {
  applicationId: string;
  mode: 'consensus' | 'vote';
  members: unknown;
  heldAt: string;
  /** The outcome, computed by the domain's panelOutcome from the votes or consensus score. */
  outcome: object;
  minutes: string;
  actorId: string;
}
/** Records the round and draws its experts; answers once the invitations are written. */
export const createReviewRoundUpdate = defineUpdate<ReviewRoundState, [CreateReviewRoundArgs]>(
  'createReviewRound',
);
export const recordPanelUpdate = defineUpdate<ReviewRoundState, [RecordPanelArgs]>('recordPanel');
export const reviewRoundStateQuery = defineQuery<ReviewRoundState>('reviewRoundState');

// ---- awards ----------------------------------------------------------------------------------

export interface AwardDecisionRecord {
  actorId: string;
  decision: 'approve' | 'return';
  comments?: string | null;
  at?: number;
}
export interface AwardState {
  awardId: string;
  status: AwardStatus;
  /** Each decision with its reasons (comments) and when it was taken (epoch ms). */
  decisions: AwardDecisionRecord[];
  /** The period; `calendar` says what its working days were counted on (absent for drills). */
  notice: { start: string; end: string; calendar?: CalendarBasis } | null;
  openObjections: number;
  /** How often a changed outcome has been republished (更正公示). */
  noticeRevision?: number;
}
export interface DecideAwardArgs {
  actorId: string;
  actorRoles: Role[];
  decision: 'approve' | 'return';
  comments?: string;
}
export interface FileObjectionArgs {
  objectionId: string;
  /** As filed: the validator decides (time first, then 实名, then content) on the workflow clock. */
  objection: unknown;
  /** sha256 of the receipt handed to the objector, who reads the answer with it. */
  receiptSha256?: string;
}
export interface DecideObjectionArgs {
  actorId: string;
  objectionId: string;
  applicationId: string;
  outcome: 'maintain' | 'adjust' | 'cancel';
  answer: string;
  adjustedAmountFen?: number;
}
export const decideAwardUpdate = defineUpdate<AwardState, [DecideAwardArgs]>('decideAward');
export const fileObjectionUpdate = defineUpdate<AwardState, [FileObjectionArgs]>('fileObjection');
export const decideObjectionUpdate = defineUpdate<AwardState, [DecideObjectionArgs]>('decideObjection');
export const awardStateQuery = defineQuery<AwardState>('awardState');
/** The proposal as the award's workflow records it (checked by the API against the call first). */
export interface AwardProposal {
  callId: string;
  roundId: string | null;
  note: string | null;
  items: Array<{ applicationId: string; amountFen: number; reason?: string | null }>;
  /** 赛马: the raced teams, attested by the proposer (the gap computed from the ranking). */
  horseRace: {
    applicationIds: string[];
    midpointDate: string;
    gapPercent: number;
    routesStatement: string;
  } | null;
}
/** Answered once the award and its items are recorded: the award's state from then on. */
export const awardProposedUpdate = defineUpdate<AwardState, []>('awardProposed');
export interface AddEvidenceArgs {
  evidenceId: string;
  name: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
}
/** An evidence file (already stored by its hash) recorded against the running notice. */
export const addEvidenceUpdate = defineUpdate<AwardState, [AddEvidenceArgs]>('addEvidence');

// ---- agreements ------------------------------------------------------------------------------

export interface AgreementState {
  agreementId: string;
  status: AgreementStatus;
  signed: AgreementParty[];
  /** The version of the terms being negotiated (1 before any revision). */
  version?: number;
  /** Once signed: milestone checks and installments, as the agreement's commands left them. */
  execution?: AgreementExecution;
  /** Once signed: the project the signing started (`project-<id>`). */
  projectId?: string;
}
export interface SignAgreementArgs {
  actorId: string;
  party: AgreementParty;
  /** Challenge agreements: the PI accepts the 军令状 with the signature. */
  pledgeAccepted?: boolean;
}
export interface ReviseAgreementArgs {
  actorId: string;
  revisionId: string;
  /** Validated against agreementRevisionSchema by the API; the workflow checks the version. */
  revision: AgreementRevision;
}
export const signAgreementUpdate = defineUpdate<AgreementState, [SignAgreementArgs]>('signAgreement');
export const reviseAgreementUpdate = defineUpdate<AgreementState, [ReviseAgreementArgs]>('reviseAgreement');
export const agreementStateQuery = defineQuery<AgreementState>('agreementState');
/** What milestone checks and installments are decided on, loaded from the agreement's records. */
export interface AgreementExecution {
  status: AgreementStatus;
  amountFen: number;
  milestoneCount: number;
  /** Outcomes of the checks so far, in milestone order. */
  milestones: Array<'passed' | 'failed'>;
  installments: Array<{
    seq: number;
    releasedBy: string;
    amountFen: number;
    status: 'planned' | 'approved' | 'paid';
    approvedBy: string | null;
  }>;
  /** The project the signing started: its reports as installments are decided on (issue 15 §2). */
  project?: AgreementProjectFacts;
}
export interface AgreementProjectFacts {
  /** Reports past their due date and not accepted. */
  overdueReports: Array<{ seq: number; dueAt: string }>;
  acceptedReports: number;
  /** The project's mid-term check decided continue. */
  midtermPassed?: boolean;
  /** The project the signing started: terminated or revoked stops its installments. */
  projectStatus?: string | null;
}
export interface CheckMilestoneArgs {
  actorId: string;
  milestone: number;
  outcome: 'passed' | 'failed';
  opinion: string;
}
export interface InstallmentStepArgs {
  actorId: string;
  seq: number;
  step: 'approve' | 'pay';
}
export const checkMilestoneUpdate = defineUpdate<AgreementState, [CheckMilestoneArgs]>('checkMilestone');
export const installmentStepUpdate = defineUpdate<AgreementState, [InstallmentStepArgs]>('installmentStep');

// ---- the working-day calendar ----------------------------------------------------------------

export interface CalendarYearState {
  year: number;
  /** The highest version entered so far (approved, rejected or pending). */
  lastVersion: number;
  pending: { id: string; version: number; enteredBy: string } | null;
}
export interface EnterCalendarYearArgs {
  /** The new version's id (chosen by the API, so a retried request lands on the same row). */
  id: string;
  actorId: string;
  actorRoles: Role[];
  /** Validated by the API against calendarEntrySchema and the year's rules. */
  entry: CalendarEntry;
}
export interface DecideCalendarYearArgs {
  actorId: string;
  actorRoles: Role[];
  version: number;
  decision: 'approve' | 'reject';
  comment?: string;
}
export const enterCalendarYearUpdate = defineUpdate<CalendarYearState, [EnterCalendarYearArgs]>(
  'enterCalendarYear',
);
export const decideCalendarYearUpdate = defineUpdate<CalendarYearState, [DecideCalendarYearArgs]>(
  'decideCalendarYear',
);
export const calendarYearStateQuery = defineQuery<CalendarYearState>('calendarYearState');

// ---- projects --------------------------------------------------------------------------------

export interface ProjectState extends ProjectChangesState {
  projectId: string;
  /** True once the project's record is written (its first step). */
  registered: boolean;
  /** Projects started by a signed agreement (the ones this workflow runs to acceptance). */
  agreementId?: string;
  status?: ProjectStatus;
  startsAt?: string;
  endsAt?: string;
  midtermAt?: string | null;
  /** The template's stages (what the run does: no midterm_check, no mid-term check). */
  stages?: string[];
  /** The scheduled progress reports and where each stands (small: at most 120). */
  reports?: Array<{
    seq: number;
    dueAt: string;
    status: string;
    /** Reporting (reports.ts): the last submitted version, and which of its duties are done. */
    version?: number;
    reminded?: boolean;
    overdueNoted?: boolean;
    credited?: boolean;
  }>;
  /** The template's report timings (absent: the defaults of report.rules.ts). */
  reportTimings?: { reminderBefore: string; grace: string };
  /** The mid-term check once opened (issue 15 §4). */
  midterm?: ProjectMidtermState;
  /** Recovery orders (追回单) and where each stands; the run ends once every one is repaid. */
  recoveries?: Array<{ id: string; dueAt: string; status: string }>;
  /** 赛马: the race this project is a team of, and whether its race workflow was started. */
  race?: { id: string; opensAt: string; started: boolean };
  /** 容错: the latest request round and where it stands (workflows/src/project/honest-failure.ts). */
  honestFailure?: HonestFailureState;
  /** 验收 once the term has ended (issue 16 §1, workflows/src/project/acceptance.ts). */
  acceptance?: ProjectAcceptanceState;
}
/** Answered once the project's record is written: the project's state from then on. */
export const projectRegisteredUpdate = defineUpdate<ProjectState, []>('projectRegistered');
export const projectStateQuery = defineQuery<ProjectState>('projectState');

// ---- project: progress reports (进展报告, workflows/src/project/reports.ts) ------------------------

/** The PI's report, validated by the API against its program's report kind (progress report or service log). */
export interface SubmitProjectReportArgs {
  actorId: string;
  seq: number;
  content: Record<string, unknown>;
}
export interface ConfirmProjectReportArgs {
  actorId: string;
  seq: number;
}
export interface DecideProjectReportArgs {
  actorId: string;
  seq: number;
  decision: 'accept' | 'return';
  comment: string;
}
export const submitProjectReportUpdate = defineUpdate<ProjectState, [SubmitProjectReportArgs]>(
  'submitProjectReport',
);
export const confirmProjectReportUpdate = defineUpdate<ProjectState, [ConfirmProjectReportArgs]>(
  'confirmProjectReport',
);
/** A file the PI or host institution adds to the project (evidence its reports cite); bytes stored by the API. */
export interface AddProjectAttachmentArgs {
  actorId: string;
  attachmentId: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
}
export const addProjectAttachmentUpdate = defineUpdate<ProjectState, [AddProjectAttachmentArgs]>(
  'addProjectAttachment',
);
export const decideProjectReportUpdate = defineUpdate<ProjectState, [DecideProjectReportArgs]>(
  'decideProjectReport',
);

// change requests (变更申请, workflows/src/project/changes.ts)
export interface ProjectChangesState {
  /** Requests still pending: their chain and who decided so far (decided ones leave the state). */
  changes?: Array<{
    id: string;
    kind: ChangeKind;
    status: ChangeStatus;
    steps: ChangeStep[];
    deciders: string[];
    /** The new holder of a change of PI or host (its gates are checked again at each approval). */
    newPiId?: string;
    newInstitutionId?: string;
  }>;
  /** Extensions approved so far, and the end the agreement first set (RULES §8: once, ≤ 1 year). */
  extensions?: number;
  originalEndsAt?: string;
  /** Set once a change of objectives or route without approval is recorded (acceptance refuses on it). */
  unapprovedChange?: boolean;
}
export interface RequestChangeArgs {
  changeId: string;
  actorId: string;
  request: ChangeRequestInput;
}
export interface DecideChangeArgs {
  changeId: string;
  actor: { id: string; roles: string[]; institutionId: string | null };
  decision: 'approve' | 'reject';
  comment: string | null;
}
export interface RecordUnapprovedChangeArgs {
  actorId: string;
  kind: 'objectives_change';
  note: string;
}
export const requestChangeUpdate = defineUpdate<ProjectState, [RequestChangeArgs]>('requestChange');
export const decideChangeUpdate = defineUpdate<ProjectState, [DecideChangeArgs]>('decideChange');
export const recordUnapprovedChangeUpdate = defineUpdate<ProjectState, [RecordUnapprovedChangeArgs]>(
  'recordUnapprovedChange',
);
// ---- projects: the mid-term check (中期检查) and recovery orders (追回) ---------------------------

export interface ProjectMidtermState {
  phase: MidtermPhase;
  round: number;
  reviewedBy: string | null;
  fixBy: string | null;
  decision: MidtermDecision | null;
  /** The spending the last submitted statement declares (integer fen). */
  spentFen: number | null;
  /** The template's windows, read when the check opens. */
  rectifyWindow: string;
  recoveryWindow: string;
  /** The expert panel of this round while it sits (ids and statuses only; null after it closes). */
  panel?: ExpertPanelFacts | null;
}
export interface SubmitMidtermArgs {
  actorId: string;
  selfAssessment: string;
  spending: { equipment: number; business: number; labour: number; indirect: number };
}
export interface ConfirmMidtermArgs {
  actorId: string;
  opinion: string;
}
export interface ReviewMidtermArgs {
  actorId: string;
  opinion: string;
  recommendation: MidtermDecision;
}
export interface DecideMidtermArgs {
  actorId: string;
  decision: MidtermDecision;
  reasons: string;
  changeNote: string | null;
  /** 撤销: the credit record's severity, and whether the institution gets one too. */
  severity: 'minor' | 'serious' | 'severe';
  creditInstitution: boolean;
}
export interface PayRecoveryArgs {
  actorId: string;
  orderId: string;
  note: string;
}
export const submitMidtermUpdate = defineUpdate<ProjectState, [SubmitMidtermArgs]>('submitMidterm');
export const confirmMidtermUpdate = defineUpdate<ProjectState, [ConfirmMidtermArgs]>('confirmMidterm');
export const reviewMidtermUpdate = defineUpdate<ProjectState, [ReviewMidtermArgs]>('reviewMidterm');
export const decideMidtermUpdate = defineUpdate<ProjectState, [DecideMidtermArgs]>('decideMidterm');
export const payRecoveryUpdate = defineUpdate<ProjectState, [PayRecoveryArgs]>('payRecovery');

/** 召集专家组: the officer convenes; the seed (uint32) is the API's, recorded with the draw. */
export interface ConveneMidtermPanelArgs {
  actorId: string;
  seed: number;
  /** The part of the pool to draw from (absent: the project's key field). */
  pool?: { keyFields?: string[]; keywords?: string[] } | null;
}
/** A drawn expert's answer to the seat (`expertId`: the expert record of the acting user). */
export interface AnswerMidtermPanelArgs {
  actorId: string;
  expertId: string;
  memberId: string;
  answer: 'accept' | 'decline' | 'recuse' | 'opinion';
  reason: string | null;
  /** The recommendation is the seat's stage's (assertPanelRecommendation); the findings count on acceptance. */
  opinion: {
    recommendation: PanelRecommendation;
    score: number;
    opinion: string;
    falseMaterial?: boolean;
    spendingIssues?: boolean;
  } | null;
}
export const conveneMidtermPanelUpdate = defineUpdate<ProjectState, [ConveneMidtermPanelArgs]>(
  'conveneMidtermPanel',
);
export const answerMidtermPanelUpdate = defineUpdate<ProjectState, [AnswerMidtermPanelArgs]>(
  'answerMidtermPanel',
);
/**
 * 要求回避 on a project's panel: an officer requires a member to step aside, with the reason. The
 * seat ends recused (kind `required`, the officer as actor) and its replacement is drawn as after
 * the member's own recusal. One update per stage, as the members' answers.
 */
export interface RequirePanelRecusalArgs {
  actorId: string;
  memberId: string;
  reason: string;
}
export const requireMidtermPanelRecusalUpdate = defineUpdate<ProjectState, [RequirePanelRecusalArgs]>(
  'requireMidtermPanelRecusal',
);
/** 验收专家组: convened by the officer on the checked dossier; its members answer like a mid-term panel's. */
export const conveneAcceptancePanelUpdate = defineUpdate<ProjectState, [ConveneMidtermPanelArgs]>(
  'conveneAcceptancePanel',
);
export const answerAcceptancePanelUpdate = defineUpdate<ProjectState, [AnswerMidtermPanelArgs]>(
  'answerAcceptancePanel',
);
export const requireAcceptancePanelRecusalUpdate = defineUpdate<ProjectState, [RequirePanelRecusalArgs]>(
  'requireAcceptancePanelRecusal',
);
/** The panel as drawn: its deadline and seats. */
export interface MidtermPanelDrawn {
  deadline: string;
  members: Array<{ id: string; expertId: string }>;
}
/** The panel closed: its consolidated recommendation (null: no opinion, the panel lapsed). */
export interface MidtermPanelClosed {
  recommendation: PanelRecommendation | null;
  /** An acceptance panel's findings (a strict majority of its opinions). */
  falseMaterial?: boolean;
  spendingIssues?: boolean;
}
// ---- projects: acceptance (验收 / 结题, workflows/src/project/acceptance.ts) ----------------------

export interface ProjectAcceptanceState {
  phase: AcceptancePhase;
  /** 1, or 2 for the re-check after the one rectification. */
  round: number;
  applyBy: string;
  failsAt: string;
  /** The template's terms, read when acceptance opens. */
  terms: AcceptanceTerms;
  /** When the first dossier arrived (lateness is judged on it); null while none has. */
  submittedAt: string | null;
  /** The last dossier's facts: completion (0…1) and the spending its final accounts declare. */
  completion: number | null;
  spentFen: number | null;
  /** The review's findings (false material, spending issues). */
  falseMaterial: boolean;
  spendingIssues: boolean;
  /** The rectification's deadline (round 2). */
  fixBy: string | null;
  /** The published verdict and its objection window; `excellent` on a pass (优秀). */
  verdict: AcceptanceVerdict | null;
  excellent: boolean;
  reasons: string | null;
  decidedBy: string | null;
  objectionsUntil: string | null;
  objections: Array<{ id: string; status: 'open' | 'dismissed' | 'upheld' }>;
  /** The acceptance panel while it sits (ids and statuses only; null after it closes). */
  panel?: ExpertPanelFacts | null;
}
export interface SubmitAcceptanceArgs {
  actorId: string;
  /** Validated by the API against acceptanceDossierSchema (attachments checked there). */
  dossier: Record<string, unknown>;
  completion: number;
  spentFen: number;
  auditReportId: string | null;
}
export interface ConfirmAcceptanceArgs {
  actorId: string;
  opinion: string;
}
export interface CheckAcceptanceArgs {
  actorId: string;
  complete: boolean;
  findings: string;
}
export interface ReviewAcceptanceArgs {
  actorId: string;
  opinion: string;
  recommendation: AcceptanceVerdict;
  falseMaterial: boolean;
  spendingIssues: boolean;
}
export interface DecideAcceptanceArgs {
  actorId: string;
  verdict: AcceptanceVerdict;
  reasons: string;
  excellent: boolean;
}
export interface ObjectAcceptanceArgs {
  objectionId: string;
  actorId: string;
  name: string;
  reasons: string;
}
export interface AnswerAcceptanceObjectionArgs {
  actorId: string;
  objectionId: string;
  outcome: 'dismissed' | 'upheld';
  reply: string;
}
export const submitAcceptanceUpdate = defineUpdate<ProjectState, [SubmitAcceptanceArgs]>('submitAcceptance');
export const confirmAcceptanceUpdate = defineUpdate<ProjectState, [ConfirmAcceptanceArgs]>(
  'confirmAcceptance',
);
export const checkAcceptanceUpdate = defineUpdate<ProjectState, [CheckAcceptanceArgs]>('checkAcceptance');
export const reviewAcceptanceUpdate = defineUpdate<ProjectState, [ReviewAcceptanceArgs]>('reviewAcceptance');
export const decideAcceptanceUpdate = defineUpdate<ProjectState, [DecideAcceptanceArgs]>('decideAcceptance');
export const objectAcceptanceUpdate = defineUpdate<ProjectState, [ObjectAcceptanceArgs]>('objectAcceptance');
export const answerAcceptanceObjectionUpdate = defineUpdate<ProjectState, [AnswerAcceptanceObjectionArgs]>(
  'answerAcceptanceObjection',
);

/** Sent to a running agreement workflow when the project changes what its installments are decided on. */
export const agreementFactsChangedSignal = defineSignal('agreementFactsChanged');

// ---- the horse race's mid-point (赛马中期择优) and challenge milestones in the project ---------
export interface HorseRaceState {
  raceId: string;
  phase: RacePhase;
  /** The comparison opens at this instant (UTC ISO). */
  opensAt: string;
  teams: Array<{ projectId: string; score: number | null }>;
  continueCount: number;
  issuerTakesPart: boolean;
  /** Once decided: the teams that continue. */
  continuing?: string[];
}
export interface RecordRaceResultArgs {
  actorId: string;
  projectId: string;
  score: number;
  opinion: string;
  /** 揭榜挂帅: the issuer's representative who took part (required for a challenge's race). */
  issuerRepresentative: string | null;
}
export interface DecideRaceArgs {
  actorId: string;
  continuing: string[];
  reasons: string;
}
export const recordRaceResultUpdate = defineUpdate<HorseRaceState, [RecordRaceResultArgs]>(
  'recordRaceResult',
);
export const decideRaceUpdate = defineUpdate<HorseRaceState, [DecideRaceArgs]>('decideRace');
export const horseRaceStateQuery = defineQuery<HorseRaceState>('horseRaceState');
/** The race's decision to a team that does not continue: its project terminates without fault. */
export const raceLostSignal =
  defineSignal<[{ raceId: string; actorId: string; reasons: string }]>('raceLost');

export interface CheckProjectMilestoneArgs extends CheckMilestoneArgs {
  /**
   * 军令状: a failed milestone terminates the project without fault, unless the officer records
   * a subjective fault (RULES §12.4): then it is revoked, with credit records.
   */
  fault: { severity: 'minor' | 'serious' | 'severe'; creditInstitution: boolean } | null;
}
export const checkProjectMilestoneUpdate = defineUpdate<ProjectState, [CheckProjectMilestoneArgs]>(
  'checkProjectMilestone',
);

// ---- projects: honest failure (容错, workflows/src/project/honest-failure.ts) --------------------

/** Staff flag the project exploratory or high-risk (null clears the flag). */
export interface SetRiskProfileArgs {
  actorId: string;
  riskProfile: RiskProfile | null;
  reason: string;
}
/** The PI's request: original records (the project's attachments, checked by the API) and the statement. */
export interface RequestHonestFailureArgs {
  actorId: string;
  originalRecordIds: string[];
  diligenceStatement: string;
}
/** The host institution's opinion; not confirmed ends the round as refused. */
export interface ConfirmHonestFailureArgs {
  actorId: string;
  opinion: string;
  confirmed: boolean;
}
/** The officer records the experts' confirmation (专家论证意见). */
export interface DecideHonestFailureArgs {
  actorId: string;
  experts: string[];
  opinion: string;
  diligenceConfirmed: boolean;
}
export const setRiskProfileUpdate = defineUpdate<ProjectState, [SetRiskProfileArgs]>('setRiskProfile');
export const requestHonestFailureUpdate = defineUpdate<ProjectState, [RequestHonestFailureArgs]>(
  'requestHonestFailure',
);
export const confirmHonestFailureUpdate = defineUpdate<ProjectState, [ConfirmHonestFailureArgs]>(
  'confirmHonestFailure',
);
export const decideHonestFailureUpdate = defineUpdate<ProjectState, [DecideHonestFailureArgs]>(
  'decideHonestFailure',
);

// ---- credit subjects (科研信用: one ledger per person, institution, expert or agency) ----------

export interface CreditSubjectRef {
  type: string;
  id: string;
}
export interface CreditSubjectState {
  subject: CreditSubjectRef;
  /** The record the last command wrote (an officer's record, an honest failure, a repair). */
  lastRecordId: string | null;
  /** The repair request the last request or decision was about. */
  lastRepairRequestId: string | null;
}
/** An officer's record (validated by the API against creditRecordInputSchema), about this subject. */
export interface RecordCreditEntryArgs {
  actorId: string;
  entry: {
    subject: CreditSubjectRef;
    kind: string;
    severity: string;
    stage: string;
    projectId: string | null;
    facts: string;
    evidenceRefs: string[];
    decisionNo: string | null;
    effectiveFrom: string;
    effectiveUntil: string | null;
    referencesRecordId: string | null;
    isPublic: boolean;
  };
}
export interface RequestCreditRepairArgs {
  actorId: string;
  recordId: string;
  reason: string;
  evidenceRefs: string[];
}
export interface DecideCreditRepairArgs {
  actorId: string;
  requestId: string;
  decision: 'approve' | 'reject';
  reason: string | null;
}
export const recordCreditEntryUpdate = defineUpdate<CreditSubjectState, [RecordCreditEntryArgs]>(
  'recordCreditEntry',
);
export const requestCreditRepairUpdate = defineUpdate<CreditSubjectState, [RequestCreditRepairArgs]>(
  'requestCreditRepair',
);
export const decideCreditRepairUpdate = defineUpdate<CreditSubjectState, [DecideCreditRepairArgs]>(
  'decideCreditRepair',
);
export const creditSubjectStateQuery = defineQuery<CreditSubjectState>('creditSubjectState');

// ---- program templates (one workflow per code: its versions in order) -------------------------

export interface ProgramTemplateState {
  code: string;
  /** The version the last save wrote, and its row. */
  lastVersion: number | null;
  lastId: string | null;
}
export interface SaveProgramTemplateArgs {
  actorId: string;
  actorRoles: Role[];
  /** Validated by the API against programTemplateSchema (its code is this workflow's). */
  template: ProgramTemplate;
}
export const saveProgramTemplateUpdate = defineUpdate<ProgramTemplateState, [SaveProgramTemplateArgs]>(
  'saveProgramTemplate',
);
export const programTemplateStateQuery = defineQuery<ProgramTemplateState>('programTemplateState');

// ---- topics and challenges (condensed from accepted demands) ---------------------------------

export interface TopicState {
  topicId: string;
  created: boolean;
}
/** Validated by the API against createTopicSchema. */
export interface CreateTopicArgs {
  actorId: string;
  kind: 'topic' | 'challenge';
  title: string;
  keyField: string;
  issuerInstitutionId: string | null;
  demandIds: string[];
  content: TopicContent;
}
export const createTopicUpdate = defineUpdate<TopicState, [CreateTopicArgs]>('createTopic');
export const topicStateQuery = defineQuery<TopicState>('topicState');

// ---- misconduct-case timings (data, versioned) -------------------------------------------------

export interface CasePolicyState {
  /** The version the last save wrote, and its row. */
  lastVersion: number | null;
  lastId: string | null;
}
export interface SaveCasePolicyArgs {
  actorId: string;
  actorRoles: Role[];
  /** Validated by the API against casePolicySchema (defaults filled in). */
  policy: CasePolicy;
}
export const saveCasePolicyUpdate = defineUpdate<CasePolicyState, [SaveCasePolicyArgs]>('saveCasePolicy');
// ---- expert pool (专家库) ----------------------------------------------------------------------

/** An expert as the expert's workflow (`expert-<id>`) holds it in one run. */
export interface ExpertState {
  expertId: string;
  registered: boolean;
  /** Updates recorded by this run. */
  updates: number;
}
/** The expert's login, created with the record (the API hashes the password). */
export interface ExpertAccountArgs {
  userId: string;
  username: string;
  passwordHash: string;
}
export interface RegisterExpertArgs {
  record: ExpertRecord;
  account: ExpertAccountArgs | null;
  actorId: string;
}
export interface UpdateExpertArgs {
  patch: ExpertPatch;
  actorId: string;
}
export const registerExpertUpdate = defineUpdate<ExpertState, [RegisterExpertArgs]>('registerExpert');
export const updateExpertUpdate = defineUpdate<ExpertState, [UpdateExpertArgs]>('updateExpert');

/** One row of an import that passed the file's own checks, to be written by the import's workflow. */
export interface ExpertImportRow {
  row: number;
  externalRef: string | null;
  /** The exported 系统ID, when the row names one. */
  id?: string;
  record: ExpertRecord;
}
export interface ExpertImportInput {
  importId: string;
  actorId: string;
  /** The file's columns: an update sets those and keeps the rest. */
  present: string[];
  rows: ExpertImportRow[];
}
export interface ExpertImportOutcome {
  row: number;
  externalRef: string | null;
  outcome: 'imported' | 'updated' | 'failed';
  errors?: Array<{ path: string; message: { zh: string; en: string } }>;
}

// ---- users and roles (用户与角色) ---------------------------------------------------------------

/** A user's account as its workflow (`user-<id>`) holds it in one run. */
export interface UserState {
  userId: string;
  /** Role changes this run has handled (one asking for the roles the user has counts too). */
  roleChanges: number;
  /** The user's roles after the last change of this run; null before any. */
  roles: Role[] | null;
}
export interface ChangeUserRolesArgs {
  roles: Role[];
  actorId: string;
}
export const changeUserRolesUpdate = defineUpdate<UserState, [ChangeUserRolesArgs]>('changeUserRoles');

// ---- outcomes (成果) ---------------------------------------------------------------------------

/** An outcome as its workflow (`outcome-<id>`) holds it: the status and the version. */
export interface OutcomeState {
  outcomeId: string;
  status: OutcomeStatus;
  version: number;
}

/** The outcome as the API settled it (key field and county; evidence checked against the project). */
export interface RegisterOutcomeArgs {
  projectId: string;
  record: OutcomeRecord;
  actorId: string;
}
export interface ResubmitOutcomeArgs {
  record: OutcomeRecord;
  actorId: string;
}
export interface VerifyOutcomeArgs {
  decision: OutcomeDecision;
  comment: string | null;
  actorId: string;
}

export const registerOutcomeUpdate = defineUpdate<OutcomeState, [RegisterOutcomeArgs]>('registerOutcome');
export const resubmitOutcomeUpdate = defineUpdate<OutcomeState, [ResubmitOutcomeArgs]>('resubmitOutcome');
export const verifyOutcomeUpdate = defineUpdate<OutcomeState, [VerifyOutcomeArgs]>('verifyOutcome');
export const outcomeStateQuery = defineQuery<OutcomeState>('outcomeState');

/** One step of an outcome, written with its event (`outcome.<step>`). */
export interface OutcomeStepRecord {
  outcomeId: string;
  projectId: string;
  step: 'registered' | 'resubmitted' | 'verified' | 'returned' | 'rejected';
  /** The version the step is about (a registration is 1, each resubmission one more). */
  version: number;
  actorId: string;
  at: number;
  record?: OutcomeRecord;
  comment?: string | null;
}
