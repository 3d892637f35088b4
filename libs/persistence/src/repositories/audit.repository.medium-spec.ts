import { eventHash, AuditSigner, GENESIS_HASH } from '../audit-chain';
import { createDataSource } from '../data-source';
import { appendWithChange } from '../event-store';
import { uniqueId, useMediumDatabase } from '../testing/medium';
import { AuditRepository } from './audit.repository';

describe('the hash-chained audit trail (real PostgreSQL)', () => {
  const db = useMediumDatabase();
  const signer = new AuditSigner({});
  const audit = () => new AuditRepository(db.ds);

  const append = (subjectId: string, step: string, payload: Record<string, unknown> = {}, ds = db.ds) =>
    appendWithChange(
      ds,
      {
        type: 'test.happened',
        subjectType: 'application',
        subjectId,
        actorId: null,
        payload: { step, ...payload },
        workflowId: `audit-${subjectId}`,
        step,
        occurredAt: new Date(),
      },
      async () => undefined,
    );

  const chain = (subjectId: string) =>
    db.ds.query(
      `SELECT id, sequence, stream_position::int AS position, prev_hash, hash FROM domain_events
        WHERE subject_type = 'application' AND subject_id = $1 ORDER BY sequence`,
      [subjectId],
    ) as Promise<Array<{ id: string; sequence: string; position: number; prev_hash: string; hash: string }>>;

  const findingsOf = async (...subjects: string[]) =>
    (await audit().verify(signer)).findings
      .filter((f) => subjects.some((s) => f.stream === `application:${s}`))
      .map((f) => ({ kind: f.kind, stream: f.stream, eventId: f.eventId, en: f.mismatch.en }));

  /** What a database superuser can do: the append-only trigger does not fire for replication. */
  const asSuperuser = (sql: string, params: unknown[]) =>
    db.ds.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(sql, params);
    });

  it('chains concurrent appends to one subject in sequence order, none lost, beside other subjects', async () => {
    // Its own pool, wide enough for the appends to really run in parallel transactions.
    const wide = createDataSource({
      url: process.env.KJ_MEDIUM_DATABASE_URL,
      poolSize: 12,
      logErrors: false,
    });
    await wide.initialize();
    try {
      const one = uniqueId();
      const others = Array.from({ length: 4 }, uniqueId);
      await Promise.all([
        ...Array.from({ length: 30 }, (_, i) => append(one, `s${i}`, {}, wide)),
        ...others.flatMap((o) => Array.from({ length: 6 }, (_, i) => append(o, `s${i}`, {}, wide))),
      ]);
      const rows = await chain(one);
      expect(rows.map((r) => r.position)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
      expect(rows[0].prev_hash).toBe(GENESIS_HASH);
      for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
      for (const o of others) expect((await chain(o)).map((r) => r.position)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await findingsOf(one, ...others)).toEqual([]);
    } finally {
      await wide.destroy();
    }
  });

  it('writes a retried append once and leaves the chain as it was', async () => {
    const s = uniqueId();
    expect(await append(s, 'a')).toEqual({ applied: true });
    expect(await append(s, 'a')).toEqual({ applied: false });
    expect(await append(s, 'b')).toEqual({ applied: true });
    expect((await chain(s)).map((r) => r.position)).toEqual([1, 2]);
    expect(await findingsOf(s)).toEqual([]);
  });

  it('names an edited, a deleted and an inserted event, each in its stream', async () => {
    const [edited, deleted, inserted] = [uniqueId(), uniqueId(), uniqueId()];
    for (const s of [edited, deleted, inserted]) for (const step of ['a', 'b', 'c']) await append(s, step);
    const [e, d, i] = [await chain(edited), await chain(deleted), await chain(inserted)];
    await asSuperuser(`UPDATE domain_events SET payload = '{"step":"b","forged":true}' WHERE id = $1`, [
      e[1].id,
    ]);
    await asSuperuser(`DELETE FROM domain_events WHERE id = $1`, [d[1].id]);
    const forged = uniqueId();
    await asSuperuser(
      `INSERT INTO domain_events (id, type, subject_type, subject_id, occurred_at, payload, workflow_id, step)
       VALUES ($1, 'test.happened', 'application', $2, now(), '{}', 'forged', $3)`,
      [forged, inserted, forged],
    );
    expect(await findingsOf(edited, deleted, inserted)).toEqual([
      {
        kind: 'edited',
        stream: `application:${edited}`,
        eventId: e[1].id,
        en: 'its content does not match its hash',
      },
      {
        kind: 'deleted',
        stream: `application:${deleted}`,
        eventId: d[2].id,
        en: 'the events at stream positions 2–2 before this one are missing',
      },
      {
        kind: 'inserted',
        stream: `application:${inserted}`,
        eventId: forged,
        en: 'the event has no chain fields (it was not written by the event store)',
      },
    ]);
    expect(i).toHaveLength(3);
  });

  it('catches, against a signed anchor, a chain rewritten with recomputed hashes and a deleted last event', async () => {
    const [rewritten, cut] = [uniqueId(), uniqueId()];
    for (const s of [rewritten, cut]) for (const step of ['a', 'b']) await append(s, step);
    const anchor = await audit().writeAnchor(signer, new Date());
    expect(anchor!.heads[`application:${rewritten}`]).toEqual([2, (await chain(rewritten))[1].hash]);
    expect(signer.verify(anchor!.hash, anchor!.signature)).toBe(true);
    // Nothing moved since: no second anchor.
    const again = await audit().writeAnchor(signer, new Date());
    expect(again === null || !(`application:${rewritten}` in again.heads)).toBe(true);

    // A careful attacker edits the last event and recomputes its hash, so the chain itself holds.
    const [last] = await db.ds.query(
      `SELECT id, sequence::text, type, subject_type, subject_id, actor_id, occurred_at, prev_hash
         FROM domain_events WHERE subject_id = $1 AND stream_position = 2`,
      [rewritten],
    );
    const payload = { step: 'b', forged: true };
    const hash = eventHash(
      {
        sequence: last.sequence,
        type: last.type,
        subjectType: last.subject_type,
        subjectId: last.subject_id,
        actorId: last.actor_id,
        occurredAt: last.occurred_at,
        payload,
        streamPosition: '2',
      },
      last.prev_hash,
    );
    await asSuperuser(`UPDATE domain_events SET payload = $2, hash = $3 WHERE id = $1`, [
      last.id,
      JSON.stringify(payload),
      hash,
    ]);
    const lastOfCut = (await chain(cut))[1];
    await asSuperuser(`DELETE FROM domain_events WHERE id = $1`, [lastOfCut.id]);

    const found = await findingsOf(rewritten, cut);
    expect(found).toEqual([
      expect.objectContaining({ kind: 'edited', stream: `application:${rewritten}`, eventId: last.id }),
      expect.objectContaining({ kind: 'deleted', stream: `application:${cut}` }),
    ]);
    expect(found[0].en).toMatch(new RegExp(`rewritten between positions 1 and 2: anchor ${anchor!.id}`));
    expect(found[1].en).toMatch(/recorded 2 events in this stream, it now has 1/);
  });

  it('reads anchors in the order written past the tenth (ids compared as numbers)', async () => {
    const s = uniqueId();
    for (let i = 0; i < 11; i++) {
      await append(s, `a${i}`);
      expect(await audit().writeAnchor(signer, new Date())).not.toBeNull();
    }
    const report = await audit().verify(signer);
    expect(report.anchors).toBeGreaterThanOrEqual(11);
    expect(report.findings.filter((f) => f.kind === 'anchor')).toEqual([]);
  });

  it('signs an export that the public key verifies and a changed byte breaks', async () => {
    const s = uniqueId();
    const from = new Date(Date.now() - 1000);
    await append(s, 'a');
    await append(s, 'b');
    const text = await audit().export(signer, from, new Date(Date.now() + 1000), new Date());
    const lines = text.trimEnd().split('\n');
    const header = JSON.parse(lines[0]);
    expect(header).toMatchObject({ kind: 'kjflow.audit-export', keyId: signer.keyId });
    const mine = lines.map((l) => JSON.parse(l)).filter((l) => l.subjectId === s);
    expect(mine.map((l) => [l.kind, l.streamPosition, l.payload.step])).toEqual([
      ['event', '1', 'a'],
      ['event', '2', 'b'],
    ]);
    const sig = JSON.parse(lines.at(-1)!);
    const body = lines
      .slice(0, -1)
      .map((l) => `${l}\n`)
      .join('');
    expect(signer.verify(body, sig.signature)).toBe(true);
    expect(signer.verify(body.replace('"step":"a"', '"step":"x"'), sig.signature)).toBe(false);
  });
});
