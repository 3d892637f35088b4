import { DomainError } from '../kernel/errors.rules';
import { Role, ROLES } from '../kernel/roles.rules';

/**
 * User administration (用户与角色), zod-free: the user's workflow applies these refusals in its
 * update validator and the API applies them before sending, so a refused change writes nothing.
 */

/** Only administrators list the users and change their roles. */
export function assertMayManageUsers(actor: { roles: readonly Role[] }): void {
  if (!actor.roles.includes('admin'))
    throw new DomainError('forbidden', { zh: '无权执行此操作', en: 'You are not allowed to do this' });
}

/** The roles in the domain's order, each once: the same set always reads (and compares) the same. */
export function normalizeRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((r) => roles.includes(r));
}

/** Whether two role lists hold the same roles. */
export function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  const x = normalizeRoles(a);
  const y = normalizeRoles(b);
  return x.length === y.length && x.every((r, i) => r === y[i]);
}

/**
 * A change of `userId`'s roles to `roles` by `actorId`: never an empty list (a login without a
 * role could do nothing), and an administrator never drops their own admin role, so the system
 * cannot lose its last administrator this way.
 */
export function assertRolesChangeAllowed(change: {
  actorId: string;
  userId: string;
  roles: readonly Role[];
}): void {
  if (change.roles.length === 0) {
    const message = { zh: '至少保留一个角色', en: 'Keep at least one role' };
    throw new DomainError('validation_failed', message, [{ path: 'roles', message }]);
  }
  if (change.actorId === change.userId && !change.roles.includes('admin')) {
    const message = {
      zh: '不能取消本人的系统管理员角色（请由其他管理员操作）',
      en: 'You cannot remove your own administrator role (ask another administrator)',
    };
    throw new DomainError('rule_refused', message, [{ path: 'roles', message }]);
  }
}

/** Whether a change of roles takes the administrator role away. */
export function dropsAdministrator(before: readonly Role[], after: readonly Role[]): boolean {
  return before.includes('admin') && !after.includes('admin');
}

/**
 * A change that takes the administrator role away (dropsAdministrator) must leave another
 * administrator: without one nobody could manage users again. Checked by the write itself, with
 * such changes serialised (two administrators removing each other at once would both pass).
 */
export function assertKeepsAnAdministrator(otherAdministrators: number): void {
  if (otherAdministrators > 0) return;
  const message = {
    zh: '系统须至少保留一名系统管理员',
    en: 'The system must keep at least one administrator',
  };
  throw new DomainError('rule_refused', message, [{ path: 'roles', message }]);
}
