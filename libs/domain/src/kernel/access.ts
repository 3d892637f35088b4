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
