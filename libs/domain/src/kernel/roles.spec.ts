import {
  actorSchema,
  AUDIT_ROLES,
  hasRole,
  loginResultSchema,
  loginSchema,
  ROLE_LABELS,
  roleSchema,
  ROLES,
  STAFF_ROLES,
} from './roles';

const HAN = /\p{Script=Han}/u;
const USER_ID = '11111111-1111-4111-8111-111111111111';
const INSTITUTION_ID = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

describe('roles', () => {
  it('lists the six roles', () => {
    expect(ROLES).toEqual(['applicant', 'institution_admin', 'expert', 'officer', 'admin', 'auditor']);
  });

  it.each(ROLES)('has a Chinese and an English label for %s', (role) => {
    expect(ROLE_LABELS[role].zh).toMatch(HAN);
    expect(ROLE_LABELS[role].en.length).toBeGreaterThan(0);
  });

  it('refuses an unknown role', () => {
    expect(roleSchema.safeParse('superuser').success).toBe(false);
  });

  it('staff are officers and admins; auditors read the audit trail with them', () => {
    expect(STAFF_ROLES).toEqual(['officer', 'admin']);
    expect(AUDIT_ROLES).toEqual(['officer', 'admin', 'auditor']);
  });
});

describe('hasRole', () => {
  it('is true when the actor holds any of the given roles', () => {
    expect(hasRole({ roles: ['applicant', 'expert'] }, 'expert')).toBe(true);
    expect(hasRole({ roles: ['applicant'] }, 'officer', 'applicant')).toBe(true);
  });

  it('is false when the actor holds none of them', () => {
    expect(hasRole({ roles: ['applicant', 'expert'] }, 'officer', 'admin')).toBe(false);
  });

  it('is false when asked about no roles at all', () => {
    expect(hasRole({ roles: ['admin'] })).toBe(false);
  });
});

describe('actorSchema', () => {
  it('accepts an actor with a UUID, at least one role and an optional institution', () => {
    expect(actorSchema.parse({ id: USER_ID, roles: ['officer'], institutionId: null })).toEqual({
      id: USER_ID,
      roles: ['officer'],
      institutionId: null,
    });
    expect(
      actorSchema.safeParse({ id: USER_ID, roles: ['applicant'], institutionId: INSTITUTION_ID }).success,
    ).toBe(true);
  });

  it.each([
    ['no roles', { id: USER_ID, roles: [], institutionId: null }],
    ['an unknown role', { id: USER_ID, roles: ['root'], institutionId: null }],
    ['a non-UUID id', { id: 'alice', roles: ['applicant'], institutionId: null }],
    ['a missing institutionId', { id: USER_ID, roles: ['applicant'] }],
  ])('refuses %s', (_label, input) => {
    expect(actorSchema.safeParse(input).success).toBe(false);
  });
});

describe('loginSchema', () => {
  it('trims the username but not the password', () => {
    expect(loginSchema.parse({ username: '  alice  ', password: ' secret ' })).toEqual({
      username: 'alice',
      password: ' secret ',
    });
  });

  it.each([
    ['a blank username', { username: '   ', password: 'x' }],
    ['an empty password', { username: 'alice', password: '' }],
    ['a username over 64 characters', { username: 'a'.repeat(65), password: 'x' }],
    ['a password over 200 characters', { username: 'alice', password: 'x'.repeat(201) }],
  ])('refuses %s', (_label, input) => {
    expect(loginSchema.safeParse(input).success).toBe(false);
  });
});

describe('loginResultSchema', () => {
  it('accepts a Bearer token result and refuses another token type', () => {
    const result = {
      accessToken: 'token',
      tokenType: 'Bearer',
      expiresIn: 3600,
      user: {
        id: USER_ID,
        username: 'alice',
        displayName: '张三',
        roles: ['applicant'],
        institutionId: INSTITUTION_ID,
        institutionName: '某大学',
      },
    };
    expect(loginResultSchema.safeParse(result).success).toBe(true);
    expect(loginResultSchema.safeParse({ ...result, tokenType: 'Basic' }).success).toBe(false);
  });
});
