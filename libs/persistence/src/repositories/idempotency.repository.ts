import { DataSource } from 'typeorm';
import { IdempotencyKeyEntity, SentUpdate } from '../entities/idempotency-key.entity';

export type { SentUpdate };

/** How long a key is remembered: a client retries within minutes, never a day later. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * An attempt still unanswered after this long has died with its process (no request runs so
 * long: every Temporal call has its deadline): a retry of the same request takes the key over,
 * as from an attempt in doubt, instead of hearing "in progress" until the key expires.
 */
export const IDEMPOTENCY_ATTEMPT_LEASE_MS = 15 * 60 * 1000;

export type IdempotencyClaim =
  /**
   * `claimedAt`: when the key was first claimed for this request (a retry of an attempt in
   * doubt keeps it); `doubted`: the updates of earlier attempts left in doubt (none for a new key).
   */
  | { kind: 'claimed'; claimedAt: Date; doubted: SentUpdate[] }
  | { kind: 'replay'; requestHash: string; status: number; body: unknown }
  | { kind: 'in_progress'; requestHash: string };

/** The first answers to commands sent with an Idempotency-Key. */
export class IdempotencyRepository {
  constructor(private readonly ds: DataSource) {}

  private get rows() {
    return this.ds.getRepository(IdempotencyKeyEntity);
  }

  /**
   * Claims (scope, key) for a new request, or says what the first request with it did. An expired
   * row is taken over, so a key can be used again after a day; so is one left in doubt, or whose
   * attempt outlived its lease, by a retry of the same request (which learns the updates in doubt).
   */
  async claim(scope: string, key: string, requestHash: string, now = new Date()): Promise<IdempotencyClaim> {
    const expired = new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS);
    const inserted = await this.ds.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, created_at, attempted_at) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = NULL, body = NULL,
              created_at = EXCLUDED.created_at, attempted_at = EXCLUDED.attempted_at, completed_at = NULL,
              in_doubt = NULL, doubted = NULL
        WHERE idempotency_keys.created_at < $5
       RETURNING scope`,
      [scope, key, requestHash, now, expired],
    );
    if (inserted.length > 0) return { kind: 'claimed', claimedAt: now, doubted: [] };
    const [retry] = (await this.ds.query(
      `UPDATE idempotency_keys
          SET doubted = COALESCE(in_doubt, doubted, '[]'::jsonb), in_doubt = NULL, attempted_at = $4
        WHERE scope = $1 AND key = $2 AND request_hash = $3 AND status IS NULL
          AND (in_doubt IS NOT NULL OR COALESCE(attempted_at, created_at) < $5)
       RETURNING doubted, created_at`,
      [scope, key, requestHash, now, new Date(now.getTime() - IDEMPOTENCY_ATTEMPT_LEASE_MS)],
    )) as [Array<{ doubted: SentUpdate[]; created_at: Date }>, number];
    if (retry.length > 0)
      return { kind: 'claimed', claimedAt: retry[0].created_at, doubted: retry[0].doubted };
    const row = await this.rows.findOneByOrFail({ scope, key });
    return row.status === null
      ? { kind: 'in_progress', requestHash: row.requestHash }
      : { kind: 'replay', requestHash: row.requestHash, status: row.status, body: row.body };
  }

  /** The first request's answer, kept for its repeats. */
  /** Once per keyed command: plain SQL, as the claim, rather than the query builder's update. */
  async complete(scope: string, key: string, status: number, body: unknown): Promise<void> {
    await this.ds.query(
      `UPDATE idempotency_keys SET status = $3, body = $4, completed_at = $5, in_doubt = NULL, doubted = NULL
        WHERE scope = $1 AND key = $2`,
      [scope, key, status, body === null || body === undefined ? null : JSON.stringify(body), new Date()],
    );
  }

  /**
   * A request that failed on the server's side after sending updates: they may yet take effect,
   * so the key waits for a retry of the same request, which asks Temporal about them.
   */
  async leaveInDoubt(scope: string, key: string, updates: SentUpdate[]): Promise<void> {
    await this.ds.query(
      `UPDATE idempotency_keys SET in_doubt = $3, doubted = NULL
        WHERE scope = $1 AND key = $2 AND status IS NULL`,
      [scope, key, JSON.stringify(updates)],
    );
  }

  /** A request that failed on the server's side before sending anything: the key is free for a retry. */
  async release(scope: string, key: string): Promise<void> {
    await this.rows
      .createQueryBuilder()
      .delete()
      .where('scope = :scope AND key = :key AND status IS NULL', { scope, key })
      .execute();
  }
}
