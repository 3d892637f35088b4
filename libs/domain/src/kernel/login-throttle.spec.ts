import {
  admitLoginAttempt,
  emptyLoginRecord,
  LoginPolicy,
  loginRecordLive,
  recordLoginOutcome,
} from './login-throttle';

const policy: LoginPolicy = { attemptsPerMinute: 5, maxFailures: 3, lockoutMs: 600_000 };
const T = Date.parse('2026-03-02T08:00:00Z');

/** One login attempt at `now` that succeeds or fails; throws when refused. */
function attempt(record = emptyLoginRecord(), now: number, ok: boolean) {
  return recordLoginOutcome(admitLoginAttempt(record, now, policy), ok, now, policy);
}

describe('login throttle (per username and address)', () => {
  it('locks out after maxFailures failed logins in a row, even with the right password, for lockoutMs', () => {
    let r = emptyLoginRecord();
    for (let i = 0; i < 3; i++) r = attempt(r, T + i * 20_000, false);
    expect(r.lockedUntil).toBe(T + 40_000 + 600_000);
    expect(() => attempt(r, T + 100_000, true)).toThrow(
      expect.objectContaining({
        code: 'too_many_requests',
        status: 429,
        retryAfterSeconds: 540,
        bilingual: { zh: expect.stringContaining('锁定'), en: expect.stringMatching(/locked.*9 min/) },
      }),
    );
    // After the lock-out the right password works and the run starts again.
    const after = attempt(r, T + 40_000 + 600_000, true);
    expect(after).toMatchObject({ failures: 0, lockedUntil: null });
  });

  it('a success ends the run of failures', () => {
    let r = attempt(undefined, T, false);
    r = attempt(r, T + 1000, false);
    r = attempt(r, T + 2000, true);
    r = attempt(r, T + 3000, false);
    expect(r).toMatchObject({ failures: 1, lockedUntil: null });
  });

  it('refuses more than attemptsPerMinute attempts in any minute, then admits again', () => {
    let r = emptyLoginRecord();
    for (let i = 0; i < 5; i++) r = attempt(r, T + i * 1000, true);
    expect(() => admitLoginAttempt(r, T + 10_000, policy)).toThrow(
      expect.objectContaining({ status: 429, retryAfterSeconds: 50 }),
    );
    expect(() => admitLoginAttempt(r, T + 60_000, policy)).not.toThrow();
  });

  it('forgets a record once nothing in it matters', () => {
    const r = attempt(undefined, T, true);
    expect(loginRecordLive(r, T + 59_000)).toBe(true);
    expect(loginRecordLive(r, T + 61_000)).toBe(false);
    expect(loginRecordLive(attempt(undefined, T, false), T + 3600_000)).toBe(true);
  });
});
