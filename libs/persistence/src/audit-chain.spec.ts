import {
  AnchoredHeads,
  AuditSigner,
  canonicalJson,
  ChainRow,
  ChainVerifier,
  eventHash,
  GENESIS_HASH,
} from './audit-chain';

/** A stream of n well-chained rows of one subject. */
function stream(subjectId: string, n: number, firstSequence = 1): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const content = {
      sequence: String(firstSequence + i - 1),
      type: 'application.draft_saved',
      subjectType: 'application',
      subjectId,
      actorId: null,
      occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
      payload: { n: i },
      streamPosition: String(i),
    };
    const hash = eventHash(content, prev);
    rows.push({ ...content, id: `${subjectId}-${i}`, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

function verify(rows: ChainRow[], anchored: AnchoredHeads = new Map()) {
  const v = new ChainVerifier(anchored);
  for (const r of [...rows].sort((a, b) => Number(a.sequence) - Number(b.sequence))) v.add(r);
  return v.finish().map((f) => [f.kind, f.eventId]);
}

describe('the audit hash chain', () => {
  it('hashes content canonically: key order and undefined fields do not matter, a changed value does', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"x":1,"y":2}]},"b":1}',
    );
    const [row] = stream('s', 1);
    expect(eventHash({ ...row, streamPosition: '1', payload: { n: 1 } }, GENESIS_HASH)).toBe(row.hash);
    expect(eventHash({ ...row, streamPosition: '1', payload: { n: 2 } }, GENESIS_HASH)).not.toBe(row.hash);
    expect(eventHash({ ...row, streamPosition: '1', sequence: '9' }, GENESIS_HASH)).not.toBe(row.hash);
  });

  it('accepts whole streams interleaved in sequence order', () => {
    const a = stream('a', 3, 1);
    const b = stream('b', 3, 10);
    expect(verify([...a, ...b])).toEqual([]);
  });

  it('names a well-forged event inserted at a taken position', () => {
    const rows = stream('a', 3);
    // A second #2 chained to #1, its hash computed as the event store would.
    const content = { ...rows[1], sequence: '100', streamPosition: '2', payload: { n: 'forged' } };
    const forged = { ...content, id: 'forged', hash: eventHash(content, rows[0].hash!) };
    expect(verify([...rows, forged])).toEqual([['inserted', 'forged']]);
  });

  it('names the event whose hash was recomputed after an edit, where the next one no longer chains', () => {
    const rows = stream('a', 3);
    const payload = { n: 'forged' };
    rows[1] = {
      ...rows[1],
      payload,
      hash: eventHash({ ...rows[1], streamPosition: '2', payload }, rows[1].prevHash!),
    };
    expect(verify(rows)).toEqual([['edited', 'a-2']]);
  });

  it('catches a rewritten chain and a cut tail only against an anchor', () => {
    const original = stream('a', 2);
    const rewritten = stream('a', 2).map((r) => ({ ...r }));
    const payload = { n: 'forged' };
    rewritten[1] = {
      ...rewritten[1],
      payload,
      hash: eventHash({ ...rewritten[1], streamPosition: '2', payload }, rewritten[1].prevHash!),
    };
    expect(verify(rewritten)).toEqual([]);
    const anchored: AnchoredHeads = new Map([
      ['application:a', new Map([[2, { hash: original[1].hash!, anchorId: '7' }]])],
    ]);
    expect(verify(rewritten, anchored)).toEqual([['edited', 'a-2']]);
    expect(verify(original.slice(0, 1), anchored)).toEqual([['deleted', 'a-1']]);
  });

  it('signs with Ed25519: the public key verifies, another key or a changed text does not', () => {
    const dev = new AuditSigner({});
    const other = new AuditSigner({ KJ_AUDIT_SIGNING_KEY: Buffer.alloc(32, 7).toString('base64') });
    const sig = dev.sign('head');
    expect(dev.verify('head', sig)).toBe(true);
    expect(dev.verify('head2', sig)).toBe(false);
    expect(other.verify('head', sig)).toBe(false);
    expect(() => new AuditSigner({ NODE_ENV: 'production' })).toThrow(/KJ_AUDIT_SIGNING_KEY must be set/);
  });
});
