import { Actor, AUDIT_ROLES, hasRole, STAFF_ROLES } from './roles';
import { DomainError } from './messages';

/**
 * Ownership rules in one place. Controllers ask; they never decide.
 * An applicant reads only their own applications; an institution admin those of their
 * institution; staff and auditors all of them.
 */
export function canReadApplication(
  actor: Actor,
  app: { applicantId: string; institutionId: string | null; issuerInstitutionId?: string | null },
): boolean {
  if (hasRole(actor, ...STAFF_ROLES, 'auditor')) return true;
  if (hasRole(actor, 'applicant') && app.applicantId === actor.id) return true;
  if (!hasRole(actor, 'institution_admin') || actor.institutionId === null) return false;
  // The host institution reads its applications; a challenge's issuer reads the bids on it.
  return app.institutionId === actor.institutionId || app.issuerInstitutionId === actor.institutionId;
}

export function canEditApplication(actor: Actor, app: { applicantId: string }): boolean {
  return hasRole(actor, 'applicant') && app.applicantId === actor.id;
}

/** The host institution's admin endorses (or returns) its own institution's applications. */
export function canEndorseApplication(actor: Actor, app: { institutionId: string | null }): boolean {
  return (
    hasRole(actor, 'institution_admin') &&
    app.institutionId !== null &&
    app.institutionId === actor.institutionId
  );
}

/** A demand is seen by its submitter, their institution's admin, staff and auditors. */
export function canReadDemand(
  actor: Actor,
  d: { submitterId: string; institutionId: string | null },
): boolean {
  if (hasRole(actor, ...STAFF_ROLES, 'auditor')) return true;
  if (d.submitterId === actor.id) return true;
  return (
    hasRole(actor, 'institution_admin') && d.institutionId !== null && d.institutionId === actor.institutionId
  );
}

/**
 * The subject of a credit record or misconduct case acting for itself: the person (or expert)
 * themselves, or the admin of the institution concerned.
 */
export function isCreditSubject(actor: Actor, subject: { type: string; id: string }): boolean {
  if (subject.type === 'institution')
    return hasRole(actor, 'institution_admin') && actor.institutionId === subject.id;
  return (subject.type === 'person' || subject.type === 'expert') && subject.id === actor.id;
}

export function canReadEvents(actor: Actor): boolean {
  return hasRole(actor, ...AUDIT_ROLES);
}

/**
 * One event of the trail, for the event stream (GET /events/stream), decided per event: the staff
 * and the auditors see every event (the rule of GET /events); anyone else only the events of
 * their own actions, the receipt of what they did, never what others did.
 */
export function canReadEvent(actor: Actor, event: { actorId: string | null }): boolean {
  return canReadEvents(actor) || (event.actorId !== null && event.actorId === actor.id);
}

/** The audit trail's verification and signed exports: the auditors and the administrators. */
export function assertMayVerifyAudit(actor: Actor): void {
  if (!hasRole(actor, 'auditor', 'admin')) throw forbidden();
}

export function forbidden(): DomainError {
  return new DomainError('forbidden', {
    zh: '无权执行此操作',
    en: 'You are not allowed to do this',
  });
}

/** A request without a valid bearer token (or one whose account is gone). */
export function notSignedIn(): DomainError {
  return new DomainError('unauthenticated', {
    zh: '请先登录（缺少或无效的访问令牌）',
    en: 'Login required (missing or invalid bearer token)',
  });
}

/** The same answer for an unknown user and a wrong password: it must not reveal which it was. */
export function wrongCredentials(): DomainError {
  return new DomainError('unauthenticated', { zh: '用户名或密码错误', en: 'Wrong username or password' });
}

export function notFound(what: { zh: string; en: string }): DomainError {
  return new DomainError('not_found', { zh: `${what.zh}不存在`, en: `${what.en} not found` });
}

// ---- expert review and the expert pool (专家评审, 专家库) -------------------------------------

/** Officers and administrators run review rounds and manage the expert pool. */
export function assertMayManageReview(actor: Actor): void {
  if (!hasRole(actor, ...STAFF_ROLES)) throw forbidden();
}

/**
 * 要求回避: the staff who run review rounds may require an invited expert to step aside (the
 * auditors read the round but do not act on it; an expert recuses only themselves).
 */
export function assertMayRequireRecusal(actor: Actor): void {
  assertMayManageReview(actor);
}

/** Rounds, results, the pool: read by the staff and the auditors (confidential before review). */
export function assertMayReadReview(actor: Actor): void {
  if (!hasRole(actor, ...AUDIT_ROLES)) throw forbidden();
}

/**
 * An expert acts on their own invitations only: anyone else's is reported as missing, so an
 * expert cannot learn which invitations exist.
 */
export function assertOwnAssignment(
  actor: Actor,
  expertId: string | null,
  assignment: { expertId: string } | undefined,
): void {
  if (!hasRole(actor, 'expert') || expertId === null) throw forbidden();
  if (!assignment || assignment.expertId !== expertId)
    throw notFound({ zh: '评审任务', en: 'Review assignment' });
}

// ---- the bureau's stages: the staff act, the staff and auditors read ------------------------
// Each use case of the API opens with one of these (the route's roles say the same to clients).

function assertStaff(actor: Actor): void {
  if (!hasRole(actor, ...STAFF_ROLES)) throw forbidden();
}

function assertAuditRole(actor: Actor): void {
  if (!hasRole(actor, ...AUDIT_ROLES)) throw forbidden();
}

/** Demand campaigns, screening and condensing demands into topics: the bureau's staff. */
export function assertMayManageDemands(actor: Actor): void {
  assertStaff(actor);
}

/** A campaign's demands as a list: the staff and auditors (a submitter reads their own). */
export function assertMayReadDemands(actor: Actor): void {
  assertAuditRole(actor);
}

/** Enterprises, institutions, departments and county bureaus submit demands through their accounts. */
export function assertMaySubmitDemands(actor: Actor): void {
  if (!hasRole(actor, 'applicant', 'institution_admin')) throw forbidden();
}

/** A demand is changed by its submitter only; to those who may not read it, it does not exist. */
export function assertOwnDemand(
  actor: Actor,
  d: { submitterId: string; institutionId: string | null },
): void {
  if (!canReadDemand(actor, d)) throw notFound({ zh: '需求', en: 'Demand' });
  if (d.submitterId !== actor.id) throw forbidden();
}

/** Guides are drafted, corrected and withdrawn by the staff; the approval chain names each approver. */
export function assertMayManageGuides(actor: Actor): void {
  assertStaff(actor);
}

/** Guides in every state (drafts included): the staff and auditors; published ones are public. */
export function assertMayReadGuides(actor: Actor): void {
  assertAuditRole(actor);
}

/** Awards: proposals, approvals (the chain decides whose turn it is) and answers to objections. */
export function assertMayManageAwards(actor: Actor): void {
  assertStaff(actor);
}

/** Awards before and after their notice: the staff and auditors (the notice itself is public). */
export function assertMayReadAwards(actor: Actor): void {
  assertAuditRole(actor);
}

/** Milestone checks and installments of agreements: the staff (signatures are the parties'). */
export function assertMayManageAgreements(actor: Actor): void {
  assertStaff(actor);
}

/** Agreements as lists (every one, an award's) and a call's payment list: the staff and auditors. */
export function assertMayReadAgreements(actor: Actor): void {
  assertAuditRole(actor);
}

/** Projects from the bureau's earlier records are registered by the staff. */
export function assertMayRegisterProjects(actor: Actor): void {
  assertStaff(actor);
}

/** Projects are listed, and counted by key field or county, for the staff and auditors. */
export function assertMayReadProjects(actor: Actor): void {
  assertAuditRole(actor);
}

// ---- misconduct cases (失信案件) ---------------------------------------------------------------

type CaseSubject = { type: string; id: string };

/** Reports are registered by the staff. */
export function assertMayReportCase(actor: Actor): void {
  assertStaff(actor);
}

/** The case timings in force are read by the staff and auditors (an administrator sets them). */
export function assertMayReadCasePolicy(actor: Actor): void {
  assertAuditRole(actor);
}

/** A case is seen by the staff, the auditors and its subject; to anyone else it does not exist. */
export function assertMayReadCase(actor: Actor, subject: CaseSubject): void {
  if (!hasRole(actor, ...AUDIT_ROLES) && !isCreditSubject(actor, subject))
    throw notFound({ zh: '案件', en: 'Case' });
}

/** Cases as a list: the staff and auditors (a subject reads its own case by its id). */
export function assertMayListCases(actor: Actor): void {
  assertAuditRole(actor);
}

/** The whole credit ledger, every subject's records: the staff and auditors (a subject reads its own). */
export function assertMayReadCreditLedger(actor: Actor): void {
  assertAuditRole(actor);
}

/** The staff act on a case; its subject (or their institution's admin) may only appeal. */
export function assertMayActOnCase(actor: Actor, action: 'appeal' | 'handle', subject: CaseSubject): void {
  assertMayReadCase(actor, subject);
  const allowed = action === 'appeal' ? isCreditSubject(actor, subject) : hasRole(actor, ...STAFF_ROLES);
  if (!allowed) throw forbidden();
}

/** Who reads a case's report in full: the staff and auditors (a subject reads the facts only). */
export function mayReadCaseReporter(actor: Actor): boolean {
  return hasRole(actor, ...AUDIT_ROLES);
}
