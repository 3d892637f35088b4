import { DataSource } from 'typeorm';
import { IdempotencyKeyEntity } from '../entities/idempotency-key.entity';

/** How long a key is remembered: a client retries within minutes, never a day later. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 60 * 60 * 1000;

export type IdempotencyClaim =
  | { kind: 'claimed' }
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
   * row is taken over, so a key can be used again after a day.
   */
  async claim(scope: string, key: string, requestHash: string, now = new Date()): Promise<IdempotencyClaim> {
    const expired = new Date(now.getTime() - IDEMPOTENCY_KEY_TTL_MS);
    const inserted = await this.ds.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, status = NULL, body = NULL,
              created_at = EXCLUDED.created_at, completed_at = NULL
        WHERE idempotency_keys.created_at < $5
       RETURNING scope`,
      [scope, key, requestHash, now, expired],
    );
    if (inserted.length > 0) return { kind: 'claimed' };
    const row = await this.rows.findOneByOrFail({ scope, key });
    return row.status === null
      ? { kind: 'in_progress', requestHash: row.requestHash }
      : { kind: 'replay', requestHash: row.requestHash, status: row.status, body: row.body };
  }

  /** The first request's answer, kept for its repeats. */
  async complete(scope: string, key: string, status: number, body: unknown): Promise<void> {
    await this.rows.update({ scope, key }, { status, body: body as object, completedAt: new Date() });
  }

  /** A request that failed on the server's side: the key is free for a retry. */
  async release(scope: string, key: string): Promise<void> {
    await this.rows
      .createQueryBuilder()
      .delete()
      .where('scope = :scope AND key = :key AND status IS NULL', { scope, key })
      .execute();
  }
}
