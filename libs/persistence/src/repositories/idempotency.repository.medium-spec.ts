import { useMediumDatabase, uniqueId } from '../testing/medium';
import {
  IDEMPOTENCY_ATTEMPT_LEASE_MS,
  IDEMPOTENCY_KEY_TTL_MS,
  IdempotencyRepository,
} from './idempotency.repository';

describe('IdempotencyRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new IdempotencyRepository(db.ds);

  it('claims a key once; its repeat is in progress until completed, then replays the first answer', async () => {
    const scope = `user:${uniqueId()}`;
    expect(await repo().claim(scope, 'k1', 'hash-a')).toMatchObject({ kind: 'claimed', doubted: [] });
    expect(await repo().claim(scope, 'k1', 'hash-a')).toEqual({ kind: 'in_progress', requestHash: 'hash-a' });
    await repo().complete(scope, 'k1', 201, { id: 'x' });
    expect(await repo().claim(scope, 'k1', 'hash-b')).toEqual({
      kind: 'replay',
      requestHash: 'hash-a',
      status: 201,
      body: { id: 'x' },
    });
  });

  it('frees a released key for a retry, and takes over a key older than a day', async () => {
    const scope = `user:${uniqueId()}`;
    await repo().claim(scope, 'k2', 'hash-a');
    await repo().release(scope, 'k2');
    expect(await repo().claim(scope, 'k2', 'hash-b')).toMatchObject({ kind: 'claimed', doubted: [] });
    await repo().complete(scope, 'k2', 200, {});
    const later = new Date(Date.now() + IDEMPOTENCY_KEY_TTL_MS + 60_000);
    expect(await repo().claim(scope, 'k2', 'hash-c', later)).toEqual({
      kind: 'claimed',
      claimedAt: later,
      doubted: [],
    });
  });

  it('keeps a key in doubt for a retry of the same request, which learns the updates and keeps the claim time', async () => {
    const scope = `user:${uniqueId()}`;
    const first = await repo().claim(scope, 'k4', 'hash-a');
    const sent = [{ workflowId: 'application-1', updateId: 'cmd-1' }];
    await repo().leaveInDoubt(scope, 'k4', sent);
    // Another request with the key is still refused as such; the same request retries.
    expect(await repo().claim(scope, 'k4', 'hash-b')).toEqual({ kind: 'in_progress', requestHash: 'hash-a' });
    const retry = await repo().claim(scope, 'k4', 'hash-a');
    expect(retry).toEqual({
      kind: 'claimed',
      claimedAt: (first as { claimedAt: Date }).claimedAt,
      doubted: sent,
    });
    // While the retry runs, a second retry waits like any repeat in progress.
    expect(await repo().claim(scope, 'k4', 'hash-a')).toEqual({ kind: 'in_progress', requestHash: 'hash-a' });
    await repo().complete(scope, 'k4', 409, { error: { code: 'already_applied' } });
    expect(await repo().claim(scope, 'k4', 'hash-a')).toMatchObject({ kind: 'replay', status: 409 });
  });

  it('lets a retry take over an attempt that died unanswered (past its lease), keeping its ids', async () => {
    const scope = `user:${uniqueId()}`;
    const at = new Date('2026-12-05T10:00:00Z');
    await repo().claim(scope, 'k5', 'hash-a', at);
    const soon = new Date(at.getTime() + 60_000);
    expect(await repo().claim(scope, 'k5', 'hash-a', soon)).toEqual({
      kind: 'in_progress',
      requestHash: 'hash-a',
    });
    const later = new Date(at.getTime() + IDEMPOTENCY_ATTEMPT_LEASE_MS + 1000);
    expect(await repo().claim(scope, 'k5', 'hash-b', later)).toEqual({
      kind: 'in_progress',
      requestHash: 'hash-a',
    });
    expect(await repo().claim(scope, 'k5', 'hash-a', later)).toEqual({
      kind: 'claimed',
      claimedAt: at,
      doubted: [],
    });
    // The retry's own attempt has a fresh lease.
    expect(await repo().claim(scope, 'k5', 'hash-a', new Date(later.getTime() + 60_000))).toMatchObject({
      kind: 'in_progress',
    });
  });

  it('two concurrent claims of one key: exactly one wins', async () => {
    const scope = `user:${uniqueId()}`;
    const claims = await Promise.all([repo().claim(scope, 'k3', 'h'), repo().claim(scope, 'k3', 'h')]);
    expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1);
  });
});
