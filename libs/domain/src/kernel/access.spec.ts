import {
  assertMayActOnCase,
  assertMayManageAgreements,
  assertMayManageAwards,
  assertMayManageDemands,
  assertMayManageGuides,
  assertMayManageReview,
  assertMayReadAgreements,
  assertMayReadAwards,
  assertMayReadCase,
  assertMayReadCasePolicy,
  assertMayListCases,
  assertMayReadCreditLedger,
  assertMayReadDemands,
  assertMayReadGuides,
  assertMayReadProjects,
  assertMayReadReview,
  assertMayRegisterProjects,
  assertMayRequireRecusal,
  assertMayReportCase,
  assertMaySubmitDemands,
  assertOwnAssignment,
  assertOwnDemand,
  canEditApplication,
  canReadApplication,
  canReadDemand,
  canReadEvents,
  canReadEvent,
  assertMayVerifyAudit,
  forbidden,
  isCreditSubject,
  notFound,
  mayReadCaseReporter,
  notSignedIn,
  wrongCredentials,
} from './access';
import { DomainError } from './messages';
import { Actor, Role, ROLES } from './roles';

const ME = '11111111-1111-4111-8111-111111111111';
const SOMEONE_ELSE = '22222222-2222-4222-8222-222222222222';
const MY_INSTITUTION = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const OTHER_INSTITUTION = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

function actor(roles: Role[], institutionId: string | null = MY_INSTITUTION): Actor {
  return { id: ME, roles, institutionId };
}

const own = { applicantId: ME, institutionId: MY_INSTITUTION };
const sameInstitution = { applicantId: SOMEONE_ELSE, institutionId: MY_INSTITUTION };
const otherInstitution = { applicantId: SOMEONE_ELSE, institutionId: OTHER_INSTITUTION };
const noInstitution = { applicantId: SOMEONE_ELSE, institutionId: null };

type Case = 'own' | 'sameInstitution' | 'otherInstitution' | 'noInstitution';
const apps = { own, sameInstitution, otherInstitution, noInstitution };

/** Expected read access for an actor holding only one role, belonging to MY_INSTITUTION. */
const READ: Record<Role, Record<Case, boolean>> = {
  applicant: { own: true, sameInstitution: false, otherInstitution: false, noInstitution: false },
  institution_admin: { own: true, sameInstitution: true, otherInstitution: false, noInstitution: false },
  expert: { own: false, sameInstitution: false, otherInstitution: false, noInstitution: false },
  officer: { own: true, sameInstitution: true, otherInstitution: true, noInstitution: true },
  admin: { own: true, sameInstitution: true, otherInstitution: true, noInstitution: true },
  auditor: { own: true, sameInstitution: true, otherInstitution: true, noInstitution: true },
};

describe('canReadApplication', () => {
  it('has an expectation for every role', () => {
    expect(Object.keys(READ).sort()).toEqual([...ROLES].sort());
  });

  const cases = ROLES.flatMap((role) =>
    (Object.keys(apps) as Case[]).map((which) => [role, which, READ[role][which]] as const),
  );

  it.each(cases)('a sole %s reading the %s application: %p', (role, which, expected) => {
    expect(canReadApplication(actor([role]), apps[which])).toBe(expected);
  });

  it('lets an applicant read their own application even without an institution', () => {
    expect(canReadApplication(actor(['applicant'], null), { applicantId: ME, institutionId: null })).toBe(
      true,
    );
  });

  it('does not let an institution admin without an institution read institution-less applications', () => {
    expect(canReadApplication(actor(['institution_admin'], null), noInstitution)).toBe(false);
    expect(canReadApplication(actor(['institution_admin'], null), sameInstitution)).toBe(false);
  });

  it('does not let an expert read an application even if they are named as its applicant', () => {
    expect(canReadApplication(actor(['expert']), own)).toBe(false);
  });

  it('grants the union of the rights of several roles', () => {
    const both = actor(['applicant', 'institution_admin']);
    expect(canReadApplication(both, own)).toBe(true);
    expect(canReadApplication(both, sameInstitution)).toBe(true);
    expect(canReadApplication(both, otherInstitution)).toBe(false);

    expect(canReadApplication(actor(['expert', 'auditor']), otherInstitution)).toBe(true);
  });

  it('refuses an actor with no roles', () => {
    expect(canReadApplication(actor([]), own)).toBe(false);
  });
});

describe('canEditApplication', () => {
  it.each(ROLES)('a sole %s may edit only if applicant of their own application', (role) => {
    const expectedOwn = role === 'applicant';
    expect(canEditApplication(actor([role]), own)).toBe(expectedOwn);
    expect(canEditApplication(actor([role]), sameInstitution)).toBe(false);
    expect(canEditApplication(actor([role]), otherInstitution)).toBe(false);
  });

  it('does not let staff edit applications, even together with another role', () => {
    expect(canEditApplication(actor(['officer', 'admin', 'institution_admin']), sameInstitution)).toBe(false);
  });

  it('lets an applicant who is also an officer edit their own application only', () => {
    const pi = actor(['applicant', 'officer']);
    expect(canEditApplication(pi, own)).toBe(true);
    expect(canEditApplication(pi, otherInstitution)).toBe(false);
  });
});

describe('canReadEvent (the event stream, per event)', () => {
  const own = (a: Actor) => ({ actorId: a.id });
  const others = { actorId: '00000000-0000-4000-8000-00000000beef' };
  const system = { actorId: null };

  it.each(ROLES)('a sole %s: every event for the staff and auditors, else its own actions only', (role) => {
    const a = actor([role]);
    const all = ['officer', 'admin', 'auditor'].includes(role);
    expect([canReadEvent(a, own(a)), canReadEvent(a, others), canReadEvent(a, system)]).toEqual([
      true,
      all,
      all,
    ]);
  });
});

describe('assertMayVerifyAudit', () => {
  it.each(ROLES)('a sole %s', (role) => {
    const allowed = role === 'auditor' || role === 'admin';
    if (allowed) expect(() => assertMayVerifyAudit(actor([role]))).not.toThrow();
    else expect(() => assertMayVerifyAudit(actor([role]))).toThrow(DomainError);
  });
});

describe('canReadEvents', () => {
  const expected: Record<Role, boolean> = {
    applicant: false,
    institution_admin: false,
    expert: false,
    officer: true,
    admin: true,
    auditor: true,
  };

  it.each(ROLES)('a sole %s', (role) => {
    expect(canReadEvents(actor([role]))).toBe(expected[role]);
  });

  it('is granted if any of several roles may read the audit trail', () => {
    expect(canReadEvents(actor(['applicant', 'auditor']))).toBe(true);
    expect(canReadEvents(actor(['applicant', 'expert', 'institution_admin']))).toBe(false);
  });
});

describe('forbidden', () => {
  it('is a 403 forbidden DomainError in zh and en', () => {
    const error = forbidden();

    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('forbidden');
    expect(error.status).toBe(403);
    expect(error.bilingual).toEqual({ zh: '无权执行此操作', en: 'You are not allowed to do this' });
    expect(error.fields).toEqual([]);
  });

  it('returns a fresh error each time', () => {
    expect(forbidden()).not.toBe(forbidden());
  });
});

describe('notSignedIn and wrongCredentials', () => {
  it('are 401s; a wrong password reads the same whether or not the user exists', () => {
    expect(notSignedIn().status).toBe(401);
    expect(notSignedIn().bilingual.en).toMatch(/bearer token/);
    expect(wrongCredentials().status).toBe(401);
    expect(wrongCredentials().bilingual).toEqual({
      zh: '用户名或密码错误',
      en: 'Wrong username or password',
    });
  });
});

describe('notFound', () => {
  it('is a 404 not_found DomainError naming what is missing', () => {
    const error = notFound({ zh: '申报书', en: 'Application' });

    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe('not_found');
    expect(error.status).toBe(404);
    expect(error.bilingual).toEqual({ zh: '申报书不存在', en: 'Application not found' });
    expect(error.message).toBe('Application not found');
  });
});

describe('canReadDemand and isCreditSubject', () => {
  const inst = '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e02';
  const other = '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e03';
  const me = '5f1e0a00-0000-4000-8000-000000000004';
  const someone = '5f1e0a00-0000-4000-8000-000000000005';
  const actor = (roles: Role[], institutionId: string | null = inst, id = me): Actor => ({
    id,
    roles,
    institutionId,
  });

  it('shows a demand to its submitter, its institution admin, staff and auditors only', () => {
    const demand = { submitterId: me, institutionId: inst };
    expect(canReadDemand(actor(['applicant']), demand)).toBe(true);
    expect(canReadDemand(actor(['applicant'], inst, someone), demand)).toBe(false);
    expect(canReadDemand(actor(['institution_admin'], inst, someone), demand)).toBe(true);
    expect(canReadDemand(actor(['institution_admin'], other, someone), demand)).toBe(false);
    expect(canReadDemand(actor(['expert'], null, someone), demand)).toBe(false);
    for (const r of ['officer', 'admin', 'auditor'] as Role[])
      expect(canReadDemand(actor([r], null, someone), demand)).toBe(true);
  });

  it('recognises a credit subject acting for itself', () => {
    expect(isCreditSubject(actor(['applicant']), { type: 'person', id: me })).toBe(true);
    expect(isCreditSubject(actor(['expert']), { type: 'expert', id: me })).toBe(true);
    expect(isCreditSubject(actor(['applicant']), { type: 'person', id: someone })).toBe(false);
    expect(isCreditSubject(actor(['institution_admin']), { type: 'institution', id: inst })).toBe(true);
    expect(isCreditSubject(actor(['applicant']), { type: 'institution', id: inst })).toBe(false);
    expect(isCreditSubject(actor(['institution_admin']), { type: 'institution', id: other })).toBe(false);
    expect(isCreditSubject(actor(['applicant']), { type: 'agency', id: me })).toBe(false);
  });
});

describe('review and expert pool access', () => {
  const codeOf = (fn: () => void) => {
    try {
      fn();
      return null;
    } catch (e) {
      return (e as DomainError).code;
    }
  };
  it('lets the staff manage and the staff and auditors read', () => {
    for (const role of ROLES) {
      const a = actor([role]);
      expect(codeOf(() => assertMayManageReview(a))).toBe(
        ['officer', 'admin'].includes(role) ? null : 'forbidden',
      );
      expect(codeOf(() => assertMayReadReview(a))).toBe(
        ['officer', 'admin', 'auditor'].includes(role) ? null : 'forbidden',
      );
    }
  });
  it('lets the staff who run rounds require an expert to step aside (要求回避); no other role, the auditor included', () => {
    for (const role of ROLES)
      expect(codeOf(() => assertMayRequireRecusal(actor([role])))).toBe(
        role === 'officer' || role === 'admin' ? null : 'forbidden',
      );
    // An expert who is also an officer acts as the officer; no role at all is refused.
    expect(codeOf(() => assertMayRequireRecusal(actor(['expert', 'officer'])))).toBeNull();
    expect(codeOf(() => assertMayRequireRecusal(actor([])))).toBe('forbidden');
  });
  it('lets an expert act on their own invitation; another one is missing', () => {
    const expert = actor(['expert']);
    expect(codeOf(() => assertOwnAssignment(expert, 'e1', { expertId: 'e1' }))).toBeNull();
    expect(codeOf(() => assertOwnAssignment(expert, 'e1', { expertId: 'e2' }))).toBe('not_found');
    expect(codeOf(() => assertOwnAssignment(expert, 'e1', undefined))).toBe('not_found');
    expect(codeOf(() => assertOwnAssignment(expert, null, { expertId: 'e1' }))).toBe('forbidden');
    expect(codeOf(() => assertOwnAssignment(actor(['officer']), 'e1', { expertId: 'e1' }))).toBe('forbidden');
  });
});

describe("the bureau's stages: who acts and who reads", () => {
  const codeOf = (fn: () => void) => {
    try {
      fn();
      return null;
    } catch (e) {
      return (e as DomainError).code;
    }
  };
  const STAFF = ['officer', 'admin'];
  const READERS = ['officer', 'admin', 'auditor'];

  it('lets the staff act on demands, guides, awards, agreements and projects, and the staff and auditors read them', () => {
    const manage = [
      assertMayManageDemands,
      assertMayManageGuides,
      assertMayManageAwards,
      assertMayManageAgreements,
      assertMayRegisterProjects,
      assertMayReportCase,
    ];
    const read = [
      assertMayReadDemands,
      assertMayReadGuides,
      assertMayReadAwards,
      assertMayReadAgreements,
      assertMayReadProjects,
      assertMayReadCasePolicy,
      assertMayListCases,
      assertMayReadCreditLedger,
    ];
    for (const role of ROLES) {
      for (const check of manage)
        expect([role, codeOf(() => check(actor([role])))]).toEqual([
          role,
          STAFF.includes(role) ? null : 'forbidden',
        ]);
      for (const check of read)
        expect([role, codeOf(() => check(actor([role])))]).toEqual([
          role,
          READERS.includes(role) ? null : 'forbidden',
        ]);
    }
  });

  it('lets applicants and institution admins submit demands, and only the submitter change one', () => {
    for (const role of ROLES)
      expect(codeOf(() => assertMaySubmitDemands(actor([role])))).toBe(
        ['applicant', 'institution_admin'].includes(role) ? null : 'forbidden',
      );
    const mine = { submitterId: ME, institutionId: MY_INSTITUTION };
    const colleagues = { submitterId: SOMEONE_ELSE, institutionId: MY_INSTITUTION };
    const strangers = { submitterId: SOMEONE_ELSE, institutionId: OTHER_INSTITUTION };
    expect(codeOf(() => assertOwnDemand(actor(['applicant']), mine))).toBeNull();
    expect(codeOf(() => assertOwnDemand(actor(['institution_admin']), colleagues))).toBe('forbidden');
    expect(codeOf(() => assertOwnDemand(actor(['officer']), colleagues))).toBe('forbidden');
    expect(codeOf(() => assertOwnDemand(actor(['applicant']), strangers))).toBe('not_found');
  });

  it('shows a case to the staff, the auditors and its subject; the subject only appeals, the staff do the rest', () => {
    const subject = { type: 'person', id: ME };
    const someoneElses = { type: 'person', id: SOMEONE_ELSE };
    const institutional = { type: 'institution', id: MY_INSTITUTION };
    expect(codeOf(() => assertMayReadCase(actor(['applicant']), subject))).toBeNull();
    expect(codeOf(() => assertMayReadCase(actor(['applicant']), someoneElses))).toBe('not_found');
    expect(codeOf(() => assertMayReadCase(actor(['auditor']), someoneElses))).toBeNull();
    expect(codeOf(() => assertMayActOnCase(actor(['applicant']), 'appeal', subject))).toBeNull();
    expect(codeOf(() => assertMayActOnCase(actor(['applicant']), 'handle', subject))).toBe('forbidden');
    expect(
      codeOf(() => assertMayActOnCase(actor(['institution_admin']), 'appeal', institutional)),
    ).toBeNull();
    expect(codeOf(() => assertMayActOnCase(actor(['officer']), 'handle', someoneElses))).toBeNull();
    expect(codeOf(() => assertMayActOnCase(actor(['officer']), 'appeal', someoneElses))).toBe('forbidden');
    expect(codeOf(() => assertMayActOnCase(actor(['auditor']), 'handle', someoneElses))).toBe('forbidden');
    expect(codeOf(() => assertMayActOnCase(actor(['expert']), 'handle', someoneElses))).toBe('not_found');
    expect(READERS.map((r) => mayReadCaseReporter(actor([r as Role]))).every(Boolean)).toBe(true);
    expect(mayReadCaseReporter(actor(['applicant']))).toBe(false);
  });
});
