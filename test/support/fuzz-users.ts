import { createHash } from 'node:crypto';
import { Client as PgClient } from 'pg';

/**
 * Accounts only the fuzz suite (test/fuzz.e2e-spec.ts) logs in with: one per role, copies of a
 * demo user (same roles, institution and password), under their own ids. Every row the API writes
 * names its author, so "the fuzz's bad requests wrote nothing" can be checked by these ids even
 * while other test files write in parallel. Created by the global set-up, before any test runs,
 * so that no test counting users sees them appear.
 */
export const FUZZ_USERS = {
  admin: { username: 'fuzz-admin', copyOf: 'admin' },
  officer: { username: 'fuzz-officer', copyOf: 'officer' },
  applicant: { username: 'fuzz-applicant', copyOf: 'applicant' },
  institution_admin: { username: 'fuzz-inst-admin', copyOf: 'inst-admin' },
  expert: { username: 'fuzz-expert', copyOf: 'expert' },
  auditor: { username: 'fuzz-auditor', copyOf: 'auditor' },
} as const;
export type FuzzRole = keyof typeof FUZZ_USERS;

export async function createFuzzUsers(databaseUrl: string): Promise<void> {
  const client = new PgClient({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const { username, copyOf } of Object.values(FUZZ_USERS)) {
      await client.query(
        `INSERT INTO users (id, username, display_name, password_hash, roles, institution_id)
         SELECT gen_random_uuid(), $1, display_name || '（fuzz）', password_hash, roles, institution_id
           FROM users WHERE username = $2
         ON CONFLICT (username) DO NOTHING`,
        [username, copyOf],
      );
    }
  } finally {
    await client.end();
  }
}

/**
 * Accounts one e2e file has to itself, made before any test runs like the fuzz accounts: a credit
 * record the file writes would bar a shared account from applying in other files. An account with
 * `institution` belongs to an institution of its own (a copy of its model's, under that key), for
 * a file whose credit records name the institution too.
 */
export const OWN_USERS: Record<string, { username: string; copyOf: string; institution?: string }> = {
  /**
   * test/permissions.e2e-spec.ts: one of each role, with the demo user's institution, so "a denied
   * request writes nothing" counts only this file's events while other files run beside it.
   */
  ...Object.fromEntries(
    ['applicant', 'applicant2', 'inst-admin', 'expert', 'officer', 'admin', 'auditor'].map((u) => [
      `perm-${u}`,
      { username: `perm-${u}`, copyOf: u },
    ]),
  ),
  /**
   * test/users.e2e-spec.ts and test/web-users.e2e-spec.ts: an administrator each and a user each whose
   * roles they change (no shared account loses a role; "a refusal writes nothing" counts these ids).
   */
  usersAdmin: { username: 'users-admin', copyOf: 'admin' },
  usersTarget: { username: 'users-target', copyOf: 'applicant' },
  usersWebAdmin: { username: 'users-web-admin', copyOf: 'admin' },
  usersWebTarget: { username: 'users-web-target', copyOf: 'applicant' },
  /**
   * test/web-admin.e2e-spec.ts: the administrator whose template saves the event log filters on (the
   * shared admin saves templates in other files at the same time, so its trail grows mid-test).
   */
  eventsAdmin: { username: 'events-admin', copyOf: 'admin' },
  /**
   * test/validation.e2e-spec.ts: its officer and applicant, so "a refused request changes nothing"
   * counts the calls, applications and events of these ids while other files write beside it.
   */
  validationOfficer: { username: 'validation-officer', copyOf: 'officer' },
  validationApplicant: { username: 'validation-applicant', copyOf: 'applicant' },
  /** test/project-reports.e2e-spec.ts: the PI whose overdue report becomes a credit record. */
  reportsPi: { username: 'reports-pi', copyOf: 'applicant' },
  /** test/project-midterm.e2e-spec.ts: the revoked project's PI and host (both get credit records). */
  midtermPi: { username: 'midterm-pi', copyOf: 'applicant2', institution: 'midterm' },
  midtermHost: { username: 'midterm-host', copyOf: 'inst-admin2', institution: 'midterm' },
  /** test/project-midterm-panel.e2e-spec.ts: a project of its own (its panel's conflicts name its institution). */
  panelPi: { username: 'panel-pi', copyOf: 'applicant', institution: 'panel' },
  panelHost: { username: 'panel-host', copyOf: 'inst-admin', institution: 'panel' },
  /** test/project-race.e2e-spec.ts: the race's two teams and a challenge's winner (projects ended early). */
  raceAPi: { username: 'race-a-pi', copyOf: 'applicant', institution: 'race-a' },
  raceAHost: { username: 'race-a-host', copyOf: 'inst-admin', institution: 'race-a' },
  raceBPi: { username: 'race-b-pi', copyOf: 'applicant2', institution: 'race-b' },
  raceBHost: { username: 'race-b-host', copyOf: 'inst-admin2', institution: 'race-b' },
  challengePi: { username: 'race-challenge-pi', copyOf: 'enterprise', institution: 'race-challenge' },
  challengeHost: { username: 'race-challenge-host', copyOf: 'inst-admin3', institution: 'race-challenge' },
  /** test/project-honest-failure.e2e-spec.ts: the project with a misconduct finding (its PI's record). */
  honestPi: { username: 'honest-pi', copyOf: 'applicant2', institution: 'honest' },
  honestHost: { username: 'honest-host', copyOf: 'inst-admin2', institution: 'honest' },
  /**
   * test/project-changes.e2e-spec.ts: two projects whose reports fall overdue (限项 bars their PIs and
   * hosts elsewhere), a new host, a new PI and a host the file bars with a credit record.
   */
  changesAPi: { username: 'changes-a-pi', copyOf: 'applicant', institution: 'changes-a' },
  changesAHost: { username: 'changes-a-host', copyOf: 'inst-admin', institution: 'changes-a' },
  /** …an applicant of project A's institution, whom a change of PI may name. */
  changesAColleague: { username: 'changes-a-colleague', copyOf: 'applicant', institution: 'changes-a' },
  changesBPi: { username: 'changes-b-pi', copyOf: 'applicant2', institution: 'changes-b' },
  changesBHost: { username: 'changes-b-host', copyOf: 'inst-admin2', institution: 'changes-b' },
  changesNewHost: { username: 'changes-new-host', copyOf: 'inst-admin3', institution: 'changes-c' },
  changesNewPi: { username: 'changes-new-pi', copyOf: 'applicant4' },
  /**
   * test/commissioner.e2e-spec.ts: the commissioner (a dispatch of their own: its service logs and
   * the concurrent-project limit of 1 stay off the shared users) and their dispatching institution.
   */
  commissionerPi: { username: 'commissioner-pi', copyOf: 'applicant', institution: 'commissioner' },
  commissionerHost: { username: 'commissioner-host', copyOf: 'inst-admin', institution: 'commissioner' },
  changesBarredHost: {
    username: 'changes-barred-host',
    copyOf: 'inst-admin3',
    institution: 'changes-barred',
  },
  /** test/web-applicant-exec.e2e-spec.ts: the PI who signs and reports in the portal, with a host of their own. */
  execPi: { username: 'exec-pi', copyOf: 'applicant', institution: 'exec' },
  /** …and a second PI of the same host, whose short project reaches its mid-term check and acceptance. */
  execPi2: { username: 'exec-pi2', copyOf: 'applicant2', institution: 'exec' },
  execHost: { username: 'exec-host', copyOf: 'inst-admin', institution: 'exec' },
  /** test/web-officer-decisions.e2e-spec.ts: the PI and host of the project the officer decides on in the portal. */
  decisionsPi: { username: 'decisions-pi', copyOf: 'applicant', institution: 'decisions' },
  decisionsHost: { username: 'decisions-host', copyOf: 'inst-admin', institution: 'decisions' },
  /** test/web-honest-failure.e2e-spec.ts: the PI and host of the project closed through 容错 in the portal (its record). */
  webHonestPi: { username: 'web-honest-pi', copyOf: 'applicant', institution: 'web-honest' },
  webHonestHost: { username: 'web-honest-host', copyOf: 'inst-admin', institution: 'web-honest' },
  /** test/web-outcomes.e2e-spec.ts: the PI and host who register outcomes in the portal. */
  webOutcomePi: { username: 'web-outcome-pi', copyOf: 'applicant', institution: 'web-outcome' },
  webOutcomeHost: { username: 'web-outcome-host', copyOf: 'inst-admin', institution: 'web-outcome' },
  /** …and the institution asked to take that project on (a change of host). */
  webNewHost: { username: 'web-new-host', copyOf: 'inst-admin3', institution: 'web-new-host' },
  /** test/project-acceptance.e2e-spec.ts: three projects of their own (credit decides the surplus; a fail writes a record). */
  acceptPassPi: { username: 'accept-pass-pi', copyOf: 'applicant', institution: 'accept-pass' },
  acceptPassHost: { username: 'accept-pass-host', copyOf: 'inst-admin', institution: 'accept-pass' },
  acceptFixPi: { username: 'accept-fix-pi', copyOf: 'applicant', institution: 'accept-fix' },
  acceptFixHost: { username: 'accept-fix-host', copyOf: 'inst-admin', institution: 'accept-fix' },
  acceptFailPi: { username: 'accept-fail-pi', copyOf: 'applicant2', institution: 'accept-fail' },
  acceptFailHost: { username: 'accept-fail-host', copyOf: 'inst-admin2', institution: 'accept-fail' },
  acceptChallengePi: {
    username: 'accept-challenge-pi',
    copyOf: 'enterprise',
    institution: 'accept-challenge',
  },
  acceptChallengeHost: {
    username: 'accept-challenge-host',
    copyOf: 'inst-admin3',
    institution: 'accept-challenge',
  },
};

/** A stable id for an own institution (RFC 4122 version 4 layout, as the API's schemas expect). */
function ownInstitutionId(key: string): string {
  const h = createHash('sha256').update(`kjflow-test-institution:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function createOwnUsers(databaseUrl: string): Promise<void> {
  const client = new PgClient({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const { username, copyOf, institution } of Object.values(OWN_USERS)) {
      const institutionId = institution ? ownInstitutionId(institution) : null;
      if (institution)
        await client.query(
          `INSERT INTO institutions (id, name, county, credit_code, kind)
           SELECT $3, i.name || '（' || $1 || '）', i.county, NULL, i.kind
             FROM institutions i JOIN users u ON u.institution_id = i.id WHERE u.username = $2
           ON CONFLICT (id) DO NOTHING`,
          [institution, copyOf, institutionId],
        );
      await client.query(
        `INSERT INTO users (id, username, display_name, password_hash, roles, institution_id)
         SELECT gen_random_uuid(), $1, display_name || '（' || $1 || '）', password_hash, roles,
                COALESCE($3::uuid, institution_id)
           FROM users WHERE username = $2
         ON CONFLICT (username) DO NOTHING`,
        [username, copyOf, institutionId],
      );
    }
  } finally {
    await client.end();
  }
}
