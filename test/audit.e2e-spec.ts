import { execFileSync } from 'node:child_process';
import { verify } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { apiUrl, as, Client, closeDb, completeDraft, createCall, db, request, until } from './support/api';

interface StreamedEvent {
  id: string;
  data: { id: string; sequence: string; type: string; subjectId: string; actorId: string | null };
}

/** A client of GET /events/stream, as a browser's EventSource reads it (but with a bearer token). */
function openStream(token: string, lastEventId?: string) {
  const events: StreamedEvent[] = [];
  const comments: string[] = [];
  const abort = new AbortController();
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
  if (lastEventId) headers['last-event-id'] = lastEventId;
  const opened = fetch(`${apiUrl()}/events/stream`, { headers, signal: abort.signal }).then(async (res) => {
    const status = res.status;
    const type = res.headers.get('content-type');
    if (status !== 200) return { status, type, body: await res.json() };
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const lines = block.split('\n');
            const id = lines.find((l) => l.startsWith('id: '))?.slice(4);
            const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
            if (id && data) events.push({ id, data: JSON.parse(data) });
            comments.push(...lines.filter((l) => l.startsWith(':')));
          }
        }
      } catch {
        /* aborted */
      }
    })();
    return { status, type, body: null };
  });
  return {
    events,
    comments,
    opened,
    close: () => abort.abort(),
    waitFor: (ok: (e: StreamedEvent[]) => boolean, timeoutMs = 20_000) =>
      until(
        async () => events,
        (e) => ok(e),
        timeoutMs,
      ),
  };
}

/** The trail's rows with sequence in (after, upTo], as the database has them. */
async function sequencesBetween(after: string, upTo: string): Promise<string[]> {
  const { rows } = await db().query(
    `SELECT sequence::text FROM domain_events WHERE sequence > $1 AND sequence <= $2 ORDER BY sequence`,
    [after, upTo],
  );
  return rows.map((r: { sequence: string }) => r.sequence);
}

describe('the event stream and the tamper-evident audit trail (issue 19 §2, §3)', () => {
  let officer: Client;
  let auditor: Client;
  let applicant: Client;
  afterAll(closeDb);

  beforeAll(async () => {
    [officer, auditor, applicant] = await Promise.all([as('officer'), as('auditor'), as('applicant')]);
  });

  it('streams new events; after a reconnect with Last-Event-ID, exactly the missed ones, none lost or twice', async () => {
    const first = openStream(auditor.token);
    expect(await first.opened).toMatchObject({ status: 200, type: 'text/event-stream; charset=utf-8' });
    const a = await createCall(officer, { title: '事件流测试批次 A' });
    await first.waitFor((e) => e.some((x) => x.data.subjectId === a.id && x.data.type === 'call.created'));
    first.close();
    const lastSeen = first.events.at(-1)!;
    // SSE ids are the events' sequences, increasing.
    const ids = first.events.map((e) => BigInt(e.id));
    expect(ids).toEqual([...ids].sort((x, y) => (x < y ? -1 : 1)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(lastSeen.id).toBe(lastSeen.data.sequence);

    // While disconnected, more commands append events.
    const missed = [
      await createCall(officer, { title: '事件流测试批次 B' }),
      await createCall(officer, { title: '事件流测试批次 C' }),
    ];
    const again = openStream(auditor.token, lastSeen.id);
    expect((await again.opened).status).toBe(200);
    await again.waitFor((e) =>
      missed.every((c) => e.some((x) => x.data.subjectId === c.id && x.data.type === 'call.created')),
    );
    const lastNow = again.events.at(-1)!.id;
    again.close();
    // Exactly the trail after the last event seen: no gap, no repeat (other tests' timers may add events too).
    expect(again.events.map((e) => e.id)).toEqual(await sequencesBetween(lastSeen.id, lastNow));
    expect(again.events.some((e) => first.events.some((f) => f.id === e.id))).toBe(false);
  });

  it('gives each caller only the events they may see: the applicant their own actions, not the officer’s', async () => {
    const mine = openStream(applicant.token);
    const all = openStream(auditor.token);
    expect((await mine.opened).status).toBe(200);
    expect((await all.opened).status).toBe(200);
    const call = await createCall(officer, { title: '事件流权限测试批次' });
    const draft = await applicant.post('/applications', { callId: call.id, ...completeDraft });
    expect(draft.status).toBe(201);
    await all.waitFor((e) => e.some((x) => x.data.subjectId === draft.body.id));
    await mine.waitFor((e) => e.some((x) => x.data.subjectId === draft.body.id));
    mine.close();
    all.close();
    expect(all.events.some((x) => x.data.subjectId === call.id && x.data.type === 'call.created')).toBe(true);
    expect(mine.events.some((x) => x.data.subjectId === call.id)).toBe(false);
    expect(mine.events.length).toBeGreaterThan(0);
    expect(mine.events.every((x) => x.data.actorId === applicant.user.id)).toBe(true);
  });

  it('refuses a malformed Last-Event-ID with a field-level 400, and an anonymous caller with 401', async () => {
    const bad = await request('GET', '/events/stream', {
      token: auditor.token,
      headers: { 'last-event-id': 'abc' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('Last-Event-ID');
    expect((await request('GET', '/events/stream')).status).toBe(401);
  });

  it('sends a heartbeat comment while nothing happens', async () => {
    // The test stack runs the API with KJ_SSE_HEARTBEAT_MS = 1 s (15 s by default).
    const s = openStream(auditor.token);
    expect((await s.opened).status).toBe(200);
    await until(
      async () => s.comments,
      (c) => c.some((l) => l.startsWith(': heartbeat')),
      10_000,
    );
    s.close();
    expect(s.comments[0]).toBe(': kjflow event stream');
  });

  describe('the audit verifier', () => {
    const streams: Array<{ appId: string; rows: Array<Record<string, unknown>> }> = [];

    /** What a database superuser can do: the append-only trigger does not fire for replication. */
    async function asSuperuser(sql: string, params: unknown[]) {
      const c = await db().connect();
      try {
        await c.query('BEGIN');
        await c.query('SET LOCAL session_replication_role = replica');
        await c.query(sql, params);
        await c.query('COMMIT');
      } finally {
        c.release();
      }
    }

    beforeAll(async () => {
      const call = await createCall(officer, { title: '审计链测试批次' });
      for (let i = 0; i < 3; i++) {
        const draft = await applicant.post('/applications', { callId: call.id, ...completeDraft });
        expect(draft.status).toBe(201);
        for (const title of ['第二稿', '第三稿']) {
          const saved = await applicant.patch(`/applications/${draft.body.id}`, {
            title: `审计链测试${title}`,
          });
          expect(saved.status).toBe(200);
        }
        const { rows } = await db().query(
          `SELECT * FROM domain_events WHERE subject_type = 'application' AND subject_id = $1 ORDER BY sequence`,
          [draft.body.id],
        );
        expect(rows.length).toBeGreaterThanOrEqual(3);
        streams.push({ appId: draft.body.id, rows });
      }
    });

    it('finds a clean trail whole, anchored by the worker, for auditors and administrators only', async () => {
      // The anchor workflow (KJ_AUDIT_ANCHOR_MS = 3 s in the test stack) signs the heads that moved.
      const report = await until(
        () => auditor.get('/audit/verify'),
        (r) => r.status !== 200 || r.body.anchors > 0,
      );
      expect(report.status).toBe(200);
      expect(report.body).toMatchObject({ ok: true, findings: [] });
      expect(Date.parse(report.body.lastAnchorAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(report.body.checkedEvents).toBeGreaterThan(0);
      expect((await (await as('admin')).get('/audit/verify')).status).toBe(200);
      expect((await officer.get('/audit/verify')).status).toBe(403);
      expect((await applicant.get('/audit/verify')).status).toBe(403);
    });

    it('names the edited, the deleted and the inserted event; the trail is whole again once they are undone', async () => {
      const [edited, deleted, inserted] = streams;
      const editedRow = edited.rows[1];
      const deletedRow = deleted.rows[1];
      await asSuperuser(
        `UPDATE domain_events SET payload = payload || '{"status":"formal_check_passed"}' WHERE id = $1`,
        [editedRow.id],
      );
      await asSuperuser(`DELETE FROM domain_events WHERE id = $1`, [deletedRow.id]);
      const forged = '00000000-0000-4000-8000-0000000000f0';
      await asSuperuser(
        `INSERT INTO domain_events (id, type, subject_type, subject_id, actor_id, occurred_at, payload, workflow_id, step)
         VALUES ($1, 'application.formal_check_passed', 'application', $2, $3, now(), '{"status":"formal_check_passed"}', 'forged', 'forged')`,
        [forged, inserted.appId, officer.user.id],
      );
      try {
        const report = await auditor.get('/audit/verify');
        expect(report.status).toBe(200);
        expect(report.body.ok).toBe(false);
        const mine = report.body.findings.filter((f: { stream: string }) =>
          streams.some((s) => f.stream === `application:${s.appId}`),
        );
        expect(
          mine.map((f: { kind: string; stream: string; eventId: string }) => [f.kind, f.stream, f.eventId]),
        ).toEqual([
          ['edited', `application:${edited.appId}`, editedRow.id],
          ['deleted', `application:${deleted.appId}`, deleted.rows[2].id],
          ['inserted', `application:${inserted.appId}`, forged],
        ]);
        expect(mine[0].mismatch).toEqual({
          zh: '事件内容与其哈希不符',
          en: 'its content does not match its hash',
        });
        expect(mine[1].mismatch.en).toMatch(/stream positions 2–2 before this one are missing/);
      } finally {
        await asSuperuser(`UPDATE domain_events SET payload = $2 WHERE id = $1`, [
          editedRow.id,
          editedRow.payload,
        ]);
        const cols = Object.keys(deletedRow);
        await asSuperuser(
          `INSERT INTO domain_events (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
          cols.map((c) => (c === 'payload' ? JSON.stringify(deletedRow[c]) : deletedRow[c])),
        );
        await asSuperuser(`DELETE FROM domain_events WHERE id = $1`, [forged]);
      }
      expect((await auditor.get('/audit/verify')).body).toMatchObject({ ok: true, findings: [] });
    });

    it('exports a period as signed JSON lines that the public key and the verify script accept, and a changed line fails', async () => {
      const from = new Date(Date.now() - 10 * 60_000).toISOString();
      const to = new Date(Date.now() + 60_000).toISOString();
      const res = await fetch(
        `${apiUrl()}/audit/export?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        {
          headers: { authorization: `Bearer ${auditor.token}` },
        },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/);
      const text = await res.text();
      const lines = text.trimEnd().split('\n');
      const events = lines.map((l) => JSON.parse(l)).filter((l) => l.kind === 'event');
      expect(events.some((e) => e.subjectId === streams[0].appId)).toBe(true);
      const key = await auditor.get('/audit/public-key');
      expect(key.body).toMatchObject({ algorithm: 'Ed25519', keyId: JSON.parse(lines[0]).keyId });
      const signature = JSON.parse(lines.at(-1)!).signature;
      const body = text.slice(0, text.length - lines.at(-1)!.length - 1);
      expect(verify(null, Buffer.from(body), key.body.publicKey, Buffer.from(signature, 'base64'))).toBe(
        true,
      );

      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kj-audit-'));
      try {
        const keyFile = path.join(dir, 'key.pem');
        fs.writeFileSync(keyFile, key.body.publicKey);
        const good = path.join(dir, 'export.jsonl');
        fs.writeFileSync(good, text);
        const script = path.resolve(__dirname, '../tools/audit-verify-export.js');
        const out = execFileSync('node', [script, good, '--public-key', keyFile], { encoding: 'utf8' });
        expect(out).toMatch(new RegExp(`OK: ${events.length} events`));
        const bad = path.join(dir, 'changed.jsonl');
        // One event of the period, its type changed: neither the signature nor its hash holds.
        const target = lines.find((l) => l.includes(streams[0].appId) && l.includes('"kind":"event"'))!;
        fs.writeFileSync(
          bad,
          text.replace(target, target.replace(/"type":"[^"]+"/, '"type":"application.forged"')),
        );
        let failed: { status: number; stdout: string } | null = null;
        try {
          execFileSync('node', [script, bad, '--public-key', keyFile], { encoding: 'utf8' });
        } catch (err) {
          failed = err as { status: number; stdout: string };
        }
        expect(failed?.status).toBe(1);
        expect(failed?.stdout).toMatch(/signature does not verify/);
        expect(failed?.stdout).toMatch(/its content does not match its hash/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('refuses an export period that ends before it starts, field by field', async () => {
      const res = await auditor.get('/audit/export?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0]).toMatchObject({
        path: 'to',
        message: { zh: '起始时间必须早于结束时间' },
      });
    });
  });
});
