import { DomainError, RetryableRefusal } from './errors.rules';

/**
 * Login throttling per username and client address (用户名 + IP): at most `attemptsPerMinute`
 * attempts in any minute, and after `maxFailures` failed logins in a row a lock-out of
 * `lockoutMs` in which even the right password is refused. A success ends the run of failures.
 * The record is per key; the API keeps one per process (see docs/scale-out.md).
 */
export interface LoginPolicy {
  attemptsPerMinute: number;
  maxFailures: number;
  lockoutMs: number;
}

export interface LoginRecord {
  /** Times of the attempts of the last minute. */
  attempts: number[];
  /** Failed logins since the last success. */
  failures: number;
  lockedUntil: number | null;
}

export const emptyLoginRecord = (): LoginRecord => ({ attempts: [], failures: 0, lockedUntil: null });

/** Throws a 429 DomainError when the attempt at `now` is refused; otherwise records it. */
export function admitLoginAttempt(record: LoginRecord, now: number, policy: LoginPolicy): LoginRecord {
  if (record.lockedUntil !== null && now < record.lockedUntil) throw loginLockedOut(record.lockedUntil - now);
  const attempts = record.attempts.filter((t) => now - t < 60_000);
  if (attempts.length >= policy.attemptsPerMinute) throw tooManyLogins(60_000 - (now - attempts[0]));
  const expired = record.lockedUntil !== null;
  return {
    attempts: [...attempts, now],
    failures: expired ? 0 : record.failures,
    lockedUntil: null,
  };
}

/** The outcome of an admitted attempt: a failure may start the lock-out; a success clears the run. */
export function recordLoginOutcome(
  record: LoginRecord,
  ok: boolean,
  now: number,
  policy: LoginPolicy,
): LoginRecord {
  if (ok) return { ...record, failures: 0, lockedUntil: null };
  const failures = record.failures + 1;
  return { ...record, failures, lockedUntil: failures >= policy.maxFailures ? now + policy.lockoutMs : null };
}

/** Whether the record still matters at `now` (a store may forget it otherwise). */
export function loginRecordLive(record: LoginRecord, now: number): boolean {
  return (
    (record.lockedUntil !== null && now < record.lockedUntil) ||
    record.failures > 0 ||
    record.attempts.some((t) => now - t < 60_000)
  );
}

export function loginLockedOut(remainingMs: number): DomainError {
  const minutes = Math.max(1, Math.ceil(remainingMs / 60_000));
  return new RetryableRefusal(
    'too_many_requests',
    {
      zh: `登录失败次数过多，该账号在本地址已被锁定，请 ${minutes} 分钟后再试`,
      en: `Too many failed logins: this account is locked from this address; try again in ${minutes} min`,
    },
    Math.ceil(remainingMs / 1000),
  );
}

export function tooManyLogins(remainingMs: number): DomainError {
  return new RetryableRefusal(
    'too_many_requests',
    {
      zh: '登录尝试过于频繁，请稍后再试',
      en: 'Too many login attempts; try again shortly',
    },
    Math.ceil(remainingMs / 1000),
  );
}
