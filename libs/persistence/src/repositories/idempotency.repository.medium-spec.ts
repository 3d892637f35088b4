import { useMediumDatabase, uniqueId } from '../testing/medium';
import { IDEMPOTENCY_KEY_TTL_MS, IdempotencyRepository } from './idempotency.repository';

describe('IdempotencyRepository (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const repo = () => new IdempotencyRepository(db.ds);

  it('claims a key once; its repeat is in progress until completed, then replays the first answer', async () => {
    const scope = `user:${uniqueId()}`;
    expect(await repo().claim(scope, 'k1', 'hash-a')).toEqual({ kind: 'claimed' });
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
    expect(await repo().claim(scope, 'k2', 'hash-b')).toEqual({ kind: 'claimed' });
    await repo().complete(scope, 'k2', 200, {});
    const later = new Date(Date.now() + IDEMPOTENCY_KEY_TTL_MS + 60_000);
    expect(await repo().claim(scope, 'k2', 'hash-c', later)).toEqual({ kind: 'claimed' });
  });

  it('two concurrent claims of one key: exactly one wins', async () => {
    const scope = `user:${uniqueId()}`;
    const claims = await Promise.all([repo().claim(scope, 'k3', 'h'), repo().claim(scope, 'k3', 'h')]);
    expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1);
  });
});
