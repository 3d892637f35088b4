import { DomainError } from '../kernel/errors.rules';
import { ROLES } from '../kernel/roles.rules';
import {
  assertKeepsAnAdministrator,
  assertMayManageUsers,
  assertRolesChangeAllowed,
  dropsAdministrator,
  normalizeRoles,
  sameRoles,
} from './user-admin';
import { userRolesInputSchema } from './user-admin';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

function code(fn: () => void): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return (err as DomainError).code;
  }
}

describe('user administration rules', () => {
  it.each(ROLES)('lets only administrators manage users (a sole %s)', (role) => {
    expect(code(() => assertMayManageUsers({ roles: [role] }))).toBe(role === 'admin' ? null : 'forbidden');
  });

  it('refuses an empty role set, with the message on the field', () => {
    let err: DomainError | undefined;
    try {
      assertRolesChangeAllowed({ actorId: A, userId: B, roles: [] });
    } catch (e) {
      err = e as DomainError;
    }
    expect(err?.code).toBe('validation_failed');
    expect(err?.fields.map((f) => f.path)).toEqual(['roles']);
    expect(err?.fields[0].message.zh).toBeTruthy();
    expect(err?.fields[0].message.en).toBeTruthy();
  });

  it('refuses an administrator removing their own admin role, and only that', () => {
    expect(code(() => assertRolesChangeAllowed({ actorId: A, userId: A, roles: ['officer'] }))).toBe(
      'rule_refused',
    );
    expect(code(() => assertRolesChangeAllowed({ actorId: A, userId: A, roles: ['admin', 'officer'] }))).toBe(
      null,
    );
    expect(code(() => assertRolesChangeAllowed({ actorId: A, userId: B, roles: ['officer'] }))).toBe(null);
  });

  it('keeps at least one administrator when a change takes the role away', () => {
    expect(dropsAdministrator(['admin', 'officer'], ['officer'])).toBe(true);
    expect(dropsAdministrator(['admin'], ['admin', 'auditor'])).toBe(false);
    expect(dropsAdministrator(['officer'], ['auditor'])).toBe(false);
    expect(code(() => assertKeepsAnAdministrator(0))).toBe('rule_refused');
    expect(code(() => assertKeepsAnAdministrator(1))).toBe(null);
  });

  it('reads role sets in the domain’s order, each once', () => {
    expect(normalizeRoles(['auditor', 'officer', 'auditor'])).toEqual(['officer', 'auditor']);
    expect(sameRoles(['auditor', 'officer'], ['officer', 'auditor'])).toBe(true);
    expect(sameRoles(['officer'], ['officer', 'auditor'])).toBe(false);
  });

  it('accepts only the domain’s roles', () => {
    expect(userRolesInputSchema.safeParse({ roles: ['superuser'] }).success).toBe(false);
    expect(userRolesInputSchema.safeParse({ roles: ['expert'] }).success).toBe(true);
    expect(userRolesInputSchema.safeParse({ roles: ['expert'], admin: true }).success).toBe(false);
  });
});
