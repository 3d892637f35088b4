import { DomainError } from '../kernel/errors.rules';

/**
 * The expert pool's refusals (专家库), zod-free: the expert's workflow and the import's
 * activities apply them; the API applies them before sending, so a refusal writes nothing.
 */

/** An expert is registered once: a retried request lands on the record already written. */
export function assertExpertNotRegistered(registered: boolean): void {
  if (registered)
    throw new DomainError('conflict', { zh: '该专家已登记', en: 'The expert is already registered' });
}

export function duplicateExpertRef(ref: string | null | undefined): DomainError {
  const message = {
    zh: `专家库编号“${ref}”已被其他专家使用`,
    en: `The pool number “${ref}” is already in use`,
  };
  return new DomainError('conflict', message, [{ path: 'externalRef', message }]);
}

export function duplicateUsername(username: string): DomainError {
  const message = { zh: `用户名“${username}”已存在`, en: `The username “${username}” is already taken` };
  return new DomainError('conflict', message, [{ path: 'account.username', message }]);
}

export function unknownExpertInstitution(): DomainError {
  const message = {
    zh: '单位ID不存在：未登记的单位请只填写单位名称',
    en: 'Unknown institution: for an organisation that is not registered, give its name only',
  };
  return new DomainError('validation_failed', message, [{ path: 'institutionId', message }]);
}

/** An import row naming a system id the pool does not have. */
export function unknownExpertId(): DomainError {
  const message = {
    zh: '系统ID不存在：新专家请留空系统ID并填写编号',
    en: 'Unknown id: leave the id empty for a new expert and give the pool number',
  };
  return new DomainError('validation_failed', message, [{ path: 'id', message }]);
}

/** The same expert twice in one file: the later row is refused, not silently merged. */
export function repeatedImportRow(earlier: number, byId: boolean): DomainError {
  const message = {
    zh: `与第 ${earlier} 行是同一位专家（编号或系统ID重复）`,
    en: `The same expert as row ${earlier} (repeated pool number or id)`,
  };
  return new DomainError('validation_failed', message, [{ path: byId ? 'id' : 'externalRef', message }]);
}

/** The pool number taken by another expert than `selfId`. */
export function assertExpertRefFree(
  ref: string | null | undefined,
  holderId: string | null,
  selfId?: string,
): void {
  if (ref && holderId !== null && holderId !== selfId) throw duplicateExpertRef(ref);
}

/** The username held by another account than `selfUserId` (a retried registration holds its own). */
export function assertUsernameFree(username: string, holderUserId: string | null, selfUserId: string): void {
  if (holderUserId !== null && holderUserId !== selfUserId) throw duplicateUsername(username);
}
