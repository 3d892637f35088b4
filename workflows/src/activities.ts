import type { NotificationActivities } from './notification.definitions';
import type { AddEvidenceArgs, AgreementExecution, AwardProposal } from './definitions';
import type { OutcomeStepRecord } from './definitions';
import type { MidtermPanelClosed, MidtermPanelDrawn } from './definitions';
import type { ProjectSchedule, RecoveryBasis, RegisterProjectInput, SpendingOnRecord } from '@kjflow/domain';
import type {
  ExpertConfirmationFacts,
  HonestFailureFacts,
} from '@kjflow/domain/project/honest-failure.rules';
import type { AcceptanceTerms, Bilingual, RecusalKind, Role } from '@kjflow/domain';
import type { BudgetByCategory, ChangeGateFacts, ChangeKind, ChangePolicy, ChangeStep } from '@kjflow/domain';
import type { AwardDecisionRecord, CreateTopicArgs } from './definitions';
import type { CreateReviewRoundArgs, RecordPanelArgs } from './definitions';
import type {
  ExpertImportInput,
  ExpertImportOutcome,
  ExpertImportRow,
  RegisterExpertArgs,
  UpdateExpertArgs,
  ChangeUserRolesArgs,
} from './definitions';
import type {
  ApplicationContent,
  ApplicationStatus,
  CallSpec,
  CallStatus,
  CampaignSpec,
  CaseSpec,
  CaseStatus,
  FindingInput,
  ReviewInput,
  ReviewAssignmentStatus,
  AwardStatus,
  AgreementParty,
  CalendarBasis,
  CalendarEntry,
  AgreementRevision,
  CreditRecord,
  CreditRecordWrite,
  DemandContent,
  DemandStatus,
  GuideContent,
  GuideSpec,
  GuideStatus,
  ProgramTemplate,
  Transition,
  ChecklistItem,
} from '@kjflow/domain';

/**
 * The activities the workflows call, declared where they are consumed: workflow code depends on
 * this contract only, and libs/activities implements it (checked by the compiler).
 * Every write is keyed by workflow id + `step`, so a retried activity changes nothing twice.
 */
export interface Activities extends NotificationActivities {
  /** A signed anchor of the audit trail's moved stream heads; null when nothing moved. */
  writeAuditAnchor(input: { at: number }): Promise<{ anchorId: string; streams: number } | null>;
  createCall(spec: CallSpec, at: number): Promise<void>;
  setCallStatus(input: { callId: string; status: CallStatus; at: number }): Promise<void>;
  createApplication(rec: CreateApplicationRecord): Promise<void>;
  saveApplicationDraft(rec: SaveDraftRecord): Promise<void>;
  transitionApplication(rec: TransitionRecord): Promise<void>;
  createCampaign(spec: CampaignSpec, at: number): Promise<void>;
  setCampaignStatus(input: { campaignId: string; status: CallStatus; at: number }): Promise<void>;
  createDemand(rec: CreateDemandRecord): Promise<void>;
  saveDemandDraft(rec: SaveDemandDraftRecord): Promise<void>;
  transitionDemand(rec: DemandTransitionRecord): Promise<void>;
  createGuide(spec: GuideSpec, at: number): Promise<void>;
  saveGuideDraft(rec: SaveGuideDraftRecord): Promise<void>;
  transitionGuide(rec: GuideTransitionRecord): Promise<void>;
  publishGuide(rec: PublishGuideRecord): Promise<void>;
  publishGuideCorrection(rec: GuideCorrectionRecord): Promise<{ notifiedApplications: number }>;
  /** The one activity every stage uses to write the credit ledger. */
  recordCredit(rec: CreditRecordWrite): Promise<void>;
  createCase(spec: CaseSpec, at: number): Promise<void>;
  /** One event about a case and, optionally, its read-model change. */
  updateCase(rec: CaseUpdateRecord): Promise<void>;
  /** Draws the round's experts (once: a retry returns the same invitations). */
  drawReviewAssignments(input: { roundId: string; at: number }): Promise<InvitationRef[]>;
  /**
   * The draw, answering how many invitations it made for how many applications (the list stays
   * in PostgreSQL); `byApplication` records that each application's review runs them.
   */
  drawReviewRound(input: {
    roundId: string;
    at: number;
    byApplication?: boolean;
    /** The experts see the invitations once their workflows run (listReviewInvitations). */
    listOnStart?: boolean;
  }): Promise<{ invited: number; applications: number }>;
  /** Lists a page of the round's applications' invitations, their workflows started. */
  listReviewInvitations(input: { roundId: string; offset: number; limit: number; at: number }): Promise<void>;
  /** A slice of a round's first invitations, by position in the draw's order. */
  reviewInvitationPage(input: { roundId: string; offset: number; limit: number }): Promise<InvitationRef[]>;
  /** A slice of a round's applications, by position in the draw's order, each with its first invitations. */
  reviewApplicationPage(input: {
    roundId: string;
    offset: number;
    limit: number;
  }): Promise<Array<{ applicationId: string; invitations: InvitationRef[] }>>;
  /** A replacement for an invitation that ended without a score, or null when nobody qualifies. */
  redrawReviewer(input: { roundId: string; assignmentId: string; at: number }): Promise<InvitationRef | null>;
  /** The expert's answer, recusal, score or the deadline's outcome, with its event. */
  recordInvitation(rec: InvitationRecord): Promise<void>;
  remindReviewer(input: { assignmentId: string; scoreBy: string; at: number }): Promise<void>;
  finishReviewRound(input: { roundId: string; at: number }): Promise<void>;
  createReviewRound(rec: CreateReviewRoundRecord): Promise<void>;
  /** Whether the panel was written now (false: it was recorded before). */
  recordReviewPanel(rec: ReviewPanelRecordInput): Promise<boolean>;
  saveScoreDraft(rec: {
    assignmentId: string;
    actorId: string;
    sheet: object;
    n: number;
    at: number;
  }): Promise<void>;
  registerExpert(rec: RegisterExpertArgs & { expertId: string; at: number }): Promise<void>;
  /**
   * A user's roles set to `roles` with the event `user.roles_changed` (before, after): one
   * transaction (the same roles again write nothing); answers the roles the user now holds.
   */
  changeUserRoles(rec: ChangeUserRolesArgs & { userId: string; step: string; at: number }): Promise<Role[]>;
  /** 成果: one step of an outcome (registration, resubmission, decision) with its event. */
  recordOutcome(rec: OutcomeStepRecord): Promise<void>;
  /** Whether anything changed (an update that changes nothing writes nothing). */
  updateExpert(rec: UpdateExpertArgs & { expertId: string; step: string; at: number }): Promise<boolean>;
  /** One bounded batch of an import: each row in its own transaction, reported row by row. */
  importExpertRows(
    rec: Omit<ExpertImportInput, 'rows'> & { rows: ExpertImportRow[]; at: number },
  ): Promise<ExpertImportOutcome[]>;
  /** One event about an award and its read-model change (status, notice, objections, items). */
  recordAward(rec: AwardRecord): Promise<void>;
  /** The agreements of a final award, generated from the applications (once: a retry returns them). */
  createAgreements(input: {
    awardId: string;
    at: number;
  }): Promise<Array<{ agreementId: string; signBy: string }>>;
  /** A signature, the agreement's signing (installments planned) or its forfeit. */
  recordAgreement(rec: AgreementRecord): Promise<void>;
  /** The agreements a final award makes (ids and terms, nothing written: each workflow writes its own). */
  /** The agreements of a final award, planned (not written); a page of them by application when `limit` is given. */
  planAgreements(input: {
    awardId: string;
    at: number;
    offset?: number;
    limit?: number;
  }): Promise<AgreementPlan[]>;
  /** The agreement's record and first version, written by its own workflow (once). */
  createAgreement(plan: AgreementPlan): Promise<void>;
  /** The signed agreement's milestone checks and installments, as recorded. */
  agreementExecution(input: { agreementId: string }): Promise<AgreementExecution>;
  /** A milestone check or an installment approved or paid, with its event. */
  recordAgreementExecution(rec: AgreementExecutionRecord): Promise<void>;
  /** A project registered from the bureau's earlier records, with its event (once). */
  registerProject(rec: RegisterProjectRecord): Promise<void>;
  /**
   * A signed agreement's project: its record (执行中) and its scheduled reports, with its event
   * (once); answers with the plan, the same on a retry (computed from the signing and the template).
   */
  openProject(rec: OpenProjectRecord): Promise<ProjectPlan>;
  /**
   * A progress report's step (submitted, confirmed, accepted, returned) with its version or review
   * row, or its reminder or overdue notice, with its event (once per step).
   */
  recordProjectReport(rec: ProjectReportRecord): Promise<void>;
  /** A project's attachment row and its event `project.attachment_added` (once per attachment id). */
  recordProjectAttachment(rec: ProjectAttachmentRecord): Promise<void>;
  /** The project's PI and host institution, as they are now. */
  reportHolders(input: { projectId: string }): Promise<{ piId: string; institutionId: string }>;
  /**
   * The end of the n-th working day after `from` (epoch ms) on the calendar in force, and what it
   * was counted on. Workflows get working days only this way, so a replay sees the same days.
   */
  workingDayDeadline(input: { from: number; workingDays: number }): Promise<WorkingDayDeadlineResult>;
  /** A year's calendar entered (pending approval), with its event. */
  enterCalendarYear(rec: CalendarEntryRecord): Promise<void>;
  /** The pending version approved (in force from now) or rejected, with its event. */
  decideCalendarYear(rec: CalendarDecisionRecord): Promise<void>;
  /** A credit subject's records and which of them have a repair request pending (a read). */
  creditLedger(input: { subject: { type: string; id: string } }): Promise<CreditLedger>;
  /** A repair request as it stands, or null (a read). */
  creditRepairRequest(input: { id: string }): Promise<CreditRepairRequestRef | null>;
  /** A pending repair request, with its event. */
  requestCreditRepair(rec: CreditRepairRequestRecord): Promise<void>;
  /** The request approved (with its repair record, one transaction) or rejected, with its event. */
  decideCreditRepair(rec: CreditRepairDecisionRecord): Promise<void>;
  /** A new version of a program template (numbered in the transaction), with its event. */
  saveProgramTemplate(rec: ProgramTemplateRecord): Promise<{ version: number }>;
  /** The demands a topic would be condensed from, as they stand (a read). */
  demandsForTopic(input: {
    demandIds: string[];
  }): Promise<Array<{ id: string; title: string; status: string }>>;
  /** The topic, its links to its demands and its event, in one transaction. */
  createTopic(rec: CreateTopicRecord): Promise<void>;
  /** A new version of the misconduct-case timings (numbered in the transaction), with its event. */
  saveCasePolicy(rec: CasePolicyRecord): Promise<{ version: number }>;
  /** An integrity-pledge signature (once per party), with its event. */
  recordApplicationPledge(rec: PledgeRecord): Promise<void>;
  /** An attachment's row and event (the file is already in content-addressed storage). */
  addApplicationAttachment(rec: AttachmentRecord): Promise<void>;
  /** The attachment marked removed, with its event. */
  removeApplicationAttachment(rec: AttachmentRemovalRecord): Promise<void>;
  /** `call.passed_list_published` and the call's publication time (once). */
  publishPassedList(rec: { callId: string; actorId: string; at: number }): Promise<void>;
  /** `application.formal_check_run`: the rules' result at submission, keyed by its step. */
  recordFormalCheckRun(rec: FormalCheckRunRecord): Promise<void>;
  /** What a project's change requests are decided on: its holders, budget and the program's policy. */
  projectChangeFacts(input: { projectId: string }): Promise<ProjectChangeFacts>;
  /**
   * What the gates of a change of PI or host are decided on, read now: the credit gate of the new
   * PI or host under the program's minimum level, and the new PI's 限项.
   */
  changeGateFacts(input: {
    projectId: string;
    subject: { type: 'person' | 'institution'; id: string };
    at: number;
  }): Promise<ChangeGateFacts>;
  /**
   * A change request's row and event (once); one without an approval chain takes effect in the
   * same transaction (a new agreement version, the project updated).
   */
  recordChangeRequest(rec: ChangeRequestRecord): Promise<ChangeApplied | null>;
  /** One step's decision and its event; the last approval applies the change in the same transaction. */
  recordChangeDecision(rec: ChangeDecisionRecord): Promise<ChangeApplied | null>;
  /** A change of objectives or route made without approval: the project's flag and its event (once). */
  recordUnapprovedChange(rec: UnapprovedChangeRecord): Promise<void>;
  /** The mid-term check opened (its record and event, once); answers the template's windows. */
  openMidterm(input: {
    projectId: string;
    at: number;
  }): Promise<{ rectifyWindow: string; recoveryWindow: string }>;
  /** A step of the mid-term check (its record, event and, on a decision, the project's status and recovery order). */
  recordMidterm(rec: MidtermRecord): Promise<void>;
  /**
   * 中期检查专家组: draws the panel with the assignment engine (the project as its one subject, its
   * conflicts excluded; size and roles from the template), writes its seats and event; answers them.
   */
  drawMidtermPanel(input: {
    projectId: string;
    panelId: string;
    round: number;
    seed: number;
    actorId: string;
    at: number;
    pool?: { keyFields?: string[]; keywords?: string[] } | null;
    /** The stage the panel sits for (absent: the mid-term check). */
    stage?: 'midterm' | 'acceptance';
  }): Promise<MidtermPanelDrawn>;
  /** A member's answer (accepted, declined, recused, the opinion) and its event. */
  recordMidtermPanelAnswer(input: {
    projectId: string;
    panelId: string;
    memberId: string;
    actorId: string;
    status: 'accepted' | 'declined' | 'recused' | 'submitted';
    reason: string | null;
    opinion: {
      recommendation: string;
      score: number;
      opinion: string;
      falseMaterial?: boolean;
      spendingIssues?: boolean;
    } | null;
    at: number;
    /** A recusal an officer required (要求回避, the officer the actor); absent for the member's own. */
    recusal?: Extract<RecusalKind, 'required'>;
  }): Promise<void>;
  /** A declined or recused seat's replacement (the engine's replacement draw); null when nobody qualified is left. */
  redrawMidtermPanelMember(input: {
    projectId: string;
    panelId: string;
    memberId: string;
    at: number;
  }): Promise<{ id: string; expertId: string } | null>;
  /**
   * The panel closes (every seat answered, or its deadline): the consolidated recommendation is
   * recorded as the check's review (phase reviewed), or, with no opinion, the panel lapses and
   * the check is back at confirmed.
   */
  closeMidtermPanel(input: {
    projectId: string;
    panelId: string;
    round: number;
    at: number;
  }): Promise<MidtermPanelClosed>;
  /** What a termination or revocation is settled on: funds paid so far and the parties. */
  projectFunds(input: {
    projectId: string;
  }): Promise<{ paidFen: number; piId: string; institutionId: string }>;
  /**
   * The spending figures on record when a project ends early: the mid-term spending statement and
   * the latest accepted progress report's cumulative spending, each with when it was declared
   * (numbers only: the workflow picks with spentAsKnown).
   */
  projectSpending(input: { projectId: string }): Promise<SpendingOnRecord>;
  /** A recovery order repaid (recorded by the officer) or overdue at its deadline, with its event. */
  recordRecovery(rec: RecoveryRecord): Promise<void>;
  /**
   * 验收 opens at the term's end: reads the template's acceptance terms, computes the deadlines
   * (acceptanceDeadlines), writes the record and its event (once); answers them.
   */
  openAcceptance(input: {
    projectId: string;
    endsAt: string;
    at: number;
  }): Promise<{ terms: AcceptanceTerms; applyBy: string; failsAt: string }>;
  /** A step of acceptance (its record and event; the final verdict with the project's status, recovery order). */
  recordAcceptance(rec: AcceptanceRecord): Promise<void>;
  /**
   * What the final verdict is settled on: funds paid, the installments the acceptance releases,
   * the parties, and whether each one's credit lets the surplus be kept (mayKeepSurplus).
   */
  acceptanceSettlement(input: { projectId: string; at: number }): Promise<AcceptanceSettlement>;
  /** 赛马: the race's teams as they stand (a team's project once its agreement is signed) and its rule. */
  horseRaceFacts(input: { raceId: string }): Promise<HorseRaceFacts>;
  /** A step of the race's mid-point comparison (opened, a team's result, the decision), with its event. */
  recordHorseRace(rec: HorseRaceRecord): Promise<void>;
  /**
   * A project ended early by something other than its mid-term check (the race's decision, a failed
   * milestone): its status and recovery order, with its event, in one transaction.
   */
  recordProjectEnd(rec: ProjectEndRecord): Promise<void>;
  /** 容错: the facts of its rules from the project's own records (mode, flag, findings, reports, spending). */
  honestFailureFacts(input: { projectId: string }): Promise<Omit<HonestFailureFacts, 'status'>>;
  /** 容错: each named expert looked up in the pool and checked against the project by the conflict engine. */
  expertConfirmationFacts(input: {
    projectId: string;
    expertIds: string[];
    at: number;
  }): Promise<ExpertConfirmationFacts>;
  /** A step of 容错 (or the risk flag) with its event; the closing with the project's status and recovery order. */
  recordHonestFailure(rec: HonestFailureRecord): Promise<void>;
}

export interface HonestFailureRecord {
  projectId: string;
  actorId: string;
  at: number;
  riskProfile?: { riskProfile: string | null; reason: string };
  request?: { round: number; originalRecordIds: string[]; diligenceStatement: string };
  confirmation?: { round: number; opinion: string; confirmed: boolean };
  decision?: {
    round: number;
    experts: Array<{ id: string; name: string }>;
    opinion: string;
    diligenceConfirmed: boolean;
    /** Confirmed: the project closes (结题) with its recovery order of unspent funds, if any. */
    projectStatus: 'closed' | null;
    recovery: RecoveryOrderRecord | null;
  };
}

export interface AcceptanceSettlement {
  paidFen: number;
  /** Installments released by the acceptance and not yet paid (the final installment), fen. */
  releasedOnPassFen: number;
  piId: string;
  institutionId: string;
  surplus: { pi: { allowed: boolean; reason: Bilingual }; host: { allowed: boolean; reason: Bilingual } };
}

/** One step of a project's acceptance; each keys its event within the project's workflow. */
export interface AcceptanceRecord {
  projectId: string;
  round: number;
  actorId: string | null;
  at: number;
  submission?: { dossier: Record<string, unknown>; completion: number; spentFen: number; late: boolean };
  confirmation?: { opinion: string };
  check?: { complete: boolean; findings: string; late: boolean; unapprovedChanges: number };
  review?: { opinion: string; recommendation: string; falseMaterial: boolean; spendingIssues: boolean };
  /** Conditional: round 2 opens with its deadline. */
  rectify?: { reasons: string; fixBy: string };
  /** A verdict published with its objection window (automatic ones name their cause). */
  published?: {
    verdict: string;
    reasons: string;
    excellent: boolean;
    objectionsUntil: string;
    automatic: 'overdue' | 'not_rectified' | null;
  };
  objection?: { id: string; name: string; reasons: string };
  objectionAnswer?: { id: string; outcome: 'dismissed' | 'upheld'; reply: string };
  /** The verdict final: the project's status, the surplus and the recovery order. */
  final?: {
    verdict: string;
    projectStatus: string;
    paidFen: number;
    spentFen: number;
    surplusFen: number;
    surplusKept: boolean;
    surplusReason: string | null;
    recovery: RecoveryOrderRecord | null;
  };
}

export interface HorseRaceFacts {
  midpointDate: string;
  teams: Array<{ applicationId: string; projectId: string | null }>;
  continueCount: number;
  /** A challenge's race: the issuer takes part in the comparison. */
  issuerTakesPart: boolean;
}

export interface HorseRaceRecord {
  raceId: string;
  actorId: string | null;
  at: number;
  opened?: { teams: string[]; opensAt: string };
  result?: { projectId: string; score: number; opinion: string; issuerRepresentative: string | null };
  decision?: { continuing: string[]; terminated: string[]; reasons: string };
}

/**
 * A recovery order (追回单) as an early end writes it; `basis` (paid, and the spending and its source
 * for a termination) goes on its event. Runs recorded before the basis existed have none.
 */
export interface RecoveryOrderRecord {
  id: string;
  amountFen: number;
  reason: string;
  dueAt: string;
  basis?: RecoveryBasis;
}

export interface ProjectEndRecord {
  projectId: string;
  /** What ended it: keys the event within the project's workflow. */
  cause:
    | { kind: 'race'; raceId: string }
    | { kind: 'milestone'; milestone: number }
    | { kind: 'change'; changeId: string };
  actorId: string | null;
  at: number;
  status: 'terminated' | 'revoked' | 'closed';
  reasons: string;
  recovery: RecoveryOrderRecord | null;
}

export interface CasePolicyRecord {
  id: string;
  policy: CaseSpec['policy'];
  actorId: string;
  workflowId: string;
  step: string;
  at: number;
}

export interface CreateTopicRecord extends CreateTopicArgs {
  id: string;
  at: number;
}

export interface ProgramTemplateRecord {
  id: string;
  template: ProgramTemplate;
  actorId: string;
  workflowId: string;
  step: string;
  at: number;
}

export interface CreditLedger {
  records: CreditRecord[];
  pendingRepairRecordIds: string[];
}

export interface CreditRepairRequestRef {
  id: string;
  recordId: string;
  status: 'pending' | 'approved' | 'rejected';
  requestedBy: string;
  reason: string;
  evidenceRefs: string[];
}

export interface CreditRepairRequestRecord {
  id: string;
  recordId: string;
  reason: string;
  evidenceRefs: string[];
  requestedBy: string;
  workflowId: string;
  step: string;
  at: number;
}

export interface CreditRepairDecisionRecord {
  requestId: string;
  recordId: string;
  decision: 'approve' | 'reject';
  reason: string | null;
  decidedBy: string;
  /** The repair record an approval writes. */
  repair: CreditRecordWrite | null;
  workflowId: string;
  step: string;
  at: number;
}

export interface WorkingDayDeadlineResult {
  /** ISO instant: 23:59:59.999 Beijing time of `lastDay`. */
  end: string;
  lastDay: string;
  calendar: CalendarBasis;
}

export interface CalendarEntryRecord {
  id: string;
  year: number;
  version: number;
  entry: CalendarEntry;
  actorId: string;
  at: number;
}

export interface CalendarDecisionRecord {
  id: string;
  year: number;
  version: number;
  decision: 'approve' | 'reject';
  comment: string | null;
  actorId: string;
  at: number;
}

export interface AgreementRecord {
  agreementId: string;
  type: 'agreement.signed_by' | 'agreement.signed' | 'agreement.forfeited' | 'agreement.revised';
  party?: AgreementParty;
  actorId: string | null;
  at: number;
  /** Signatures: the version signed and, for a challenge PI, the 军令状 accepted. */
  version?: number;
  pledgeAccepted?: boolean;
  /** agreement.revised: the new version of the terms. */
  revision?: AgreementRevision & { newVersion: number };
}

/** One agreement of a final award: its id, deadline and terms (from the application). */
export interface AgreementPlan {
  agreementId: string;
  awardId: string;
  applicationId: string;
  callId: string;
  amountFen: number;
  signBy: string;
  content: Record<string, unknown>;
  at: number;
}

export interface OpenProjectRecord {
  projectId: string;
  agreementId: string;
  at: number;
}

/** What the project's workflow runs by: its schedule and the template's stages. */
export interface ProjectPlan {
  schedule: ProjectSchedule;
  stages: string[];
  /** The template's report timings (reminder before, grace after), when it sets them. */
  reportTimings?: { reminderBefore: string; grace: string };
  /** 赛马: the race the project is a team of (its agreement's award raced teams in parallel). */
  race?: { id: string; midpointDate: string };
}

export interface RegisterProjectRecord {
  projectId: string;
  actorId: string;
  project: RegisterProjectInput;
  at: number;
}

export interface AgreementExecutionRecord {
  agreementId: string;
  actorId: string;
  at: number;
  milestone?: { milestone: number; outcome: 'passed' | 'failed'; opinion: string };
  installment?: { seq: number; step: 'approve' | 'pay'; amountFen: number };
}

export interface AwardRecord {
  awardId: string;
  type: string;
  step: string;
  actorId: string | null;
  at: number;
  status?: AwardStatus;
  decisions?: AwardDecisionRecord[];
  comments?: string | null;
  notice?: { start: string; end: string; calendar?: CalendarBasis };
  /** award.notice_republished: the revision number of the republished list. */
  noticeRevision?: number;
  objection?: {
    id: string;
    applicationId: string;
    objector: object;
    facts: string;
    evidence: string[];
    receiptSha256?: string;
  };
  objectionDecision?: {
    id: string;
    applicationId: string;
    outcome: 'maintain' | 'adjust' | 'cancel';
    answer: string;
    adjustedAmountFen?: number;
  };
  finalize?: boolean;
  /** award.submitted_for_approval: the award, its items and its horse race, as proposed. */
  proposal?: AwardProposal & {
    proposerId: string;
    chain: string[];
    noticeWorkingDays: number;
    restartNoticeOnChange: boolean;
  };
  /** award.evidence_uploaded: a stored file named by objections. */
  evidence?: AddEvidenceArgs;
}

export interface InvitationRef {
  assignmentId: string;
  applicationId: string;
  expertId: string;
  respondBy: string;
}

export type CreateReviewRoundRecord = CreateReviewRoundArgs & { roundId: string; at: number };
export type ReviewPanelRecordInput = RecordPanelArgs & { roundId: string; at: number };

export interface InvitationRecord {
  assignmentId: string;
  status: ReviewAssignmentStatus;
  actorId: string | null;
  reason?: string | null;
  /** A recusal an officer required (要求回避); absent for the expert's own. */
  recusal?: Extract<RecusalKind, 'required'>;
  scoreBy?: string | null;
  sheet?: object;
  weightedScore?: number;
  at: number;
  /** Given by a workflow that holds them (an application's review): the write need not read the row. */
  roundId?: string;
  applicationId?: string;
}

export interface CreateApplicationRecord {
  id: string;
  callId: string;
  applicantId: string;
  institutionId: string | null;
  topicId?: string | null;
  content: ApplicationContent;
  at: number;
}

export interface SaveDraftRecord {
  id: string;
  content: ApplicationContent;
  changed: string[];
  version: number;
  actorId: string;
  step: string;
  at: number;
}

export interface TransitionRecord {
  id: string;
  transition: Transition<ApplicationStatus>;
  extra?: Record<string, unknown>;
  /** A pledge signed with this transition (the PI's with a submission, the institution's with its endorsement). */
  pledge?: 'pi' | 'institution';
  version: number;
  actorId: string | null;
  reason: string | null;
  step: string;
  at: number;
}

export interface CreateDemandRecord {
  id: string;
  campaignId: string;
  submitterId: string;
  institutionId: string | null;
  content: DemandContent;
  at: number;
}

export type SaveDemandDraftRecord = Omit<SaveDraftRecord, 'content'> & { content: DemandContent };

export interface DemandTransitionRecord extends Omit<TransitionRecord, 'transition'> {
  transition: Transition<DemandStatus>;
  /** `mergeIntoId` when a duplicate is merged. */
  extra?: Record<string, unknown>;
}

export interface SaveGuideDraftRecord {
  id: string;
  content: GuideContent;
  changed: string[];
  version: number;
  actorId: string;
  step: string;
  at: number;
}

/** Status changes and approval steps (`transition` null: a step approved, status unchanged). */
export interface GuideTransitionRecord {
  id: string;
  event: string;
  transition: Transition<GuideStatus> | null;
  approvedSteps: number;
  actorId: string;
  comments: string | null;
  step: string;
  at: number;
}

export interface PublishGuideRecord {
  id: string;
  /** The whole chain, on the first publication. */
  approvedSteps?: number;
  /** The final approver's comments. */
  comments?: string | null;
  version: number;
  content: GuideContent;
  callId: string;
  actorId: string;
  step: string;
  at: number;
}

export interface GuideCorrectionRecord extends PublishGuideRecord {
  fromVersion: number;
  changeNote: string;
}

export interface CaseUpdateRecord {
  id: string;
  event: string;
  transition: Transition<CaseStatus> | null;
  actorId: string | null;
  reason: string | null;
  payload?: Record<string, unknown>;
  /** Columns of the read model to set (deadlines as ISO strings). */
  patch?: {
    investigationDeadline?: string;
    extended?: boolean;
    appealDeadline?: string;
    /** What the appeal window's working days were counted on. */
    appealCalendar?: CalendarBasis;
    finding?: FindingInput;
    review?: ReviewInput;
    creditRecordId?: string;
  };
  step: string;
  at: number;
}

export interface FormalCheckRunRecord {
  id: string;
  stage: 'submission';
  items: ChecklistItem[];
  step: string;
  at: number;
}

export interface PledgeRecord {
  id: string;
  party: 'pi' | 'institution';
  actorId: string;
  at: number;
}

export interface AttachmentRecord {
  id: string;
  attachmentId: string;
  document: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  actorId: string;
  at: number;
}

export interface ProjectAttachmentRecord {
  projectId: string;
  attachmentId: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  actorId: string;
  at: number;
}

export interface AttachmentRemovalRecord {
  id: string;
  attachmentId: string;
  document: string;
  actorId: string;
  at: number;
}

/** One step of a progress report (进展报告), written with its event `project.report_<type>`. */
export interface ProjectReportRecord {
  projectId: string;
  seq: number;
  type: 'submitted' | 'confirmed' | 'accepted' | 'returned' | 'reminder' | 'overdue';
  /** The version the step is about (0: a notice before any was submitted). */
  version: number;
  actorId: string | null;
  at: number;
  dueAt: string;
  /** The report, with `submitted`. */
  content?: Record<string, unknown>;
  /** The bureau's comment, with `accepted` and `returned`. */
  comment?: string;
}

// ---- project change requests (变更申请) ----------------------------------------------------------

export interface ProjectChangeFacts {
  piId: string;
  institutionId: string;
  policy: ChangePolicy;
  /** The budget by category as the agreement's latest version has it. */
  budget: BudgetByCategory;
}

export interface ChangeRequestRecord {
  changeId: string;
  projectId: string;
  kind: ChangeKind;
  reason: string;
  /** What is asked for (by kind), with what the rules computed (the new end of an extension). */
  detail: Record<string, unknown>;
  steps: ChangeStep[];
  actorId: string;
  at: number;
}

export interface ChangeDecisionRecord {
  changeId: string;
  projectId: string;
  step: ChangeStep;
  decision: 'approve' | 'reject';
  comment: string | null;
  actorId: string;
  at: number;
  /** The last approval of the chain: the change takes effect. */
  final: boolean;
}

/** What an approved change did: the agreement's new version and, for an extension, the new reports. */
export interface ChangeApplied {
  kind: ChangeKind;
  agreementVersion: number | null;
  endsAt?: string;
  addedReports?: Array<{ seq: number; dueAt: string }>;
  terminated?: boolean;
}

export interface UnapprovedChangeRecord {
  projectId: string;
  kind: 'objectives_change';
  note: string;
  actorId: string;
  at: number;
}

/** One step of a project's mid-term check; `step` keys its event within the project's workflow. */
export interface MidtermRecord {
  projectId: string;
  round: number;
  actorId: string | null;
  at: number;
  submission?: { selfAssessment: string; spending: Record<string, number>; spentFen: number };
  confirmation?: { opinion: string };
  review?: { opinion: string; recommendation: string };
  decision?: {
    decision: string;
    reasons: string;
    changeNote: string | null;
    fixBy: string | null;
    projectStatus: string;
    recovery: RecoveryOrderRecord | null;
  };
  /** A rectification unanswered at its deadline (the event only: the views compute "overdue"). */
  rectificationOverdue?: { fixBy: string };
}

export interface RecoveryRecord {
  projectId: string;
  orderId: string;
  status: 'paid' | 'overdue';
  actorId: string | null;
  note: string;
  at: number;
}
