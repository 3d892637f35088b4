import { Injectable } from '@nestjs/common';
import {
  admitLoginAttempt,
  DomainError,
  emptyLoginRecord,
  LoginPolicy,
  LoginRecord,
  loginRecordLive,
  recordLoginOutcome,
} from '@kjflow/domain';
import { settings } from '../settings';

/** Past this many keys, records that no longer matter are dropped on the next attempt. */
const PRUNE_AT = 10_000;

/**
 * The login throttle's records per username + client address, in this process (the rules are
 * libs/domain's). Behind several API replicas each keeps its own: see docs/scale-out.md.
 */
@Injectable()
export class LoginThrottle {
  private readonly records = new Map<string, LoginRecord>();
  readonly policy: LoginPolicy;

  constructor() {
    const s = settings();
    this.policy = {
      attemptsPerMinute: s.KJ_LOGIN_ATTEMPTS_PER_MINUTE,
      maxFailures: s.KJ_LOGIN_MAX_FAILURES,
      lockoutMs: s.KJ_LOGIN_LOCKOUT_SECONDS * 1000,
    };
  }

  /** Runs `attempt` if the key may try now (else throws the 429), and records how it went. */
  async attempt<T>(username: string, ip: string, attempt: () => Promise<T>): Promise<T> {
    const key = `${username.toLowerCase()}\u0000${ip}`;
    const now = Date.now();
    if (this.records.size > PRUNE_AT) this.prune(now);
    const admitted = admitLoginAttempt(this.records.get(key) ?? emptyLoginRecord(), now, this.policy);
    this.records.set(key, admitted);
    try {
      const result = await attempt();
      this.records.set(key, recordLoginOutcome(this.records.get(key)!, true, Date.now(), this.policy));
      return result;
    } catch (err) {
      // Only wrong credentials count; a database that is down is not the user's failure.
      if (err instanceof DomainError && err.code === 'unauthenticated')
        this.records.set(key, recordLoginOutcome(this.records.get(key)!, false, Date.now(), this.policy));
      throw err;
    }
  }

  private prune(now: number) {
    for (const [key, record] of this.records) if (!loginRecordLive(record, now)) this.records.delete(key);
  }
}
