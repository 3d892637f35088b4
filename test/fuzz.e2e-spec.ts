import * as http from 'node:http';
import * as net from 'node:net';
import type { PoolClient } from 'pg';
import { apiUrl, closeDb, db, DEMO_PASSWORD, login } from './support/api';
import { casesFor, FuzzCase, hash, Operation, operations, prng } from './support/fuzz';
import { FUZZ_USERS, FuzzRole } from './support/fuzz-users';

/**
 * Bad input never breaks the server (issue 14 §4). From the API's own OpenAPI document, every
 * command (each POST, PUT, PATCH and DELETE) gets generated bad requests: missing fields, wrong
 * types, out-of-range numbers, over-long strings (beyond maxLength, and 100 kB), control
 * characters and lone surrogates, unknown fields on strict objects, other content types, broken
 * JSON, bad path ids and query values. Each must get a 4xx (never a 5xx, never a success) in the
 * bilingual envelope, a validation error naming its field; and the whole batch must write
 * nothing.
 *
 * Reproducible: KJ_FUZZ_SEED picks the cases (a failure names its seed), KJ_FUZZ_CASES bounds
 * them per operation. The requests are sent as the fuzz-only accounts (support/fuzz-users.ts),
 * so "nothing written" is checked by authorship while other test files write in parallel, and
 * by exact row counts whenever nobody else wrote meanwhile.
 */
const SEED = Number(process.env.KJ_FUZZ_SEED || 14_04);
const CASES_PER_OPERATION = Number(process.env.KJ_FUZZ_CASES || 96);
const CONCURRENCY = 4;
const REQUEST_TIMEOUT_MS = 20_000;
/** One allowed role per operation: the most privileged, so the request reaches validation. */
const ROLE_PREFERENCE: FuzzRole[] = [
  'admin',
  'officer',
  'applicant',
  'institution_admin',
  'expert',
  'auditor',
];

const HAN = /\p{Script=Han}/u;
const LATIN = /[A-Za-z]/;

interface Answer {
  status: number;
  body: any;
  contentType?: string;
  error?: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** A raw HTTP request: the target is sent as given (bad percent-encodings included). */
function send(method: string, target: string, headers: Record<string, string>, body?: string | Buffer) {
  const base = new URL(apiUrl());
  return new Promise<Answer>((resolve) => {
    let answered = false;
    const req = http.request(
      {
        // Large bodies on a connection of their own: the server closes it after a 413.
        agent: body !== undefined && body.length > 65_536 ? false : agent,
        host: base.hostname,
        port: base.port,
        method,
        path: target,
        headers:
          body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => resolve({ status: res.statusCode ?? 0, body: null, error: err.message }));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : null;
          } catch {
            /* reported as "no envelope" */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, contentType: res.headers['content-type'] });
        });
      },
    );
    // An error once the answer has come (the server closing the connection) is no failure.
    req.on('error', (err) => {
      if (!answered) resolve({ status: 0, body: null, error: err.message });
    });
    // A request left unanswered is a finding too, not a hung suite.
    req.setTimeout(REQUEST_TIMEOUT_MS, () => {
      if (!answered) resolve({ status: 0, body: null, error: `no answer within ${REQUEST_TIMEOUT_MS} ms` });
      req.destroy();
    });
    req.end(body);
  });
}

/** One path is the other, or inside it (`team` and `team.0.name`). */
function related(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`) || (a === '(root)' && b === '(root)');
}

/** What is wrong with the answer to a bad request; empty when it is right. */
function problems(c: FuzzCase, a: Answer): string[] {
  if (a.error) return [`no answer (${a.error})`];
  const out: string[] = [];
  if (a.status >= 500) out.push(`server error ${a.status}`);
  else if (a.status < 400) out.push(`accepted with ${a.status}`);
  if (c.expectStatus && a.status !== c.expectStatus) out.push(`expected ${c.expectStatus}, got ${a.status}`);
  if (!/^application\/json/.test(a.contentType ?? '')) out.push(`content-type ${a.contentType}`);
  const e = a.body?.error;
  if (!e || typeof e.code !== 'string' || e.code === '') return [...out, 'no error envelope'];
  if (c.expectCode && e.code !== c.expectCode) out.push(`expected code ${c.expectCode}, got ${e.code}`);
  if (!HAN.test(e.message?.zh ?? '') || !LATIN.test(e.message?.en ?? ''))
    out.push('message not in zh and en');
  if (!Array.isArray(e.fields)) return [...out, 'no fields'];
  for (const f of e.fields) {
    if (
      typeof f.path !== 'string' ||
      f.path === '' ||
      !HAN.test(f.message?.zh ?? '') ||
      !LATIN.test(f.message?.en ?? '')
    )
      out.push(`field ${JSON.stringify(f.path)} without a bilingual message`);
  }
  if (e.code === 'validation_failed' && e.fields.length === 0) out.push('validation_failed names no field');
  if (c.kind === 'body-field' && (a.status !== 400 || e.code !== 'validation_failed'))
    out.push(`expected 400 validation_failed for a bad field, got ${a.status} ${e.code}`);
  else if (
    c.kind === 'body-field' &&
    c.target &&
    !e.fields.some((f: { path: string }) => related(f.path, c.target!))
  )
    out.push(`no message names ${c.target} (${e.fields.map((f: { path: string }) => f.path).join(', ')})`);
  return out;
}

/** Runs `fn` over `items`, `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

interface Snapshot {
  rows: Record<string, number>;
  /** Rows, per table, that name a fuzz account in any uuid, text or jsonb column. */
  authored: Record<string, number>;
  sequence: string;
}

/**
 * Columns naming whom a row is for, not who wrote it: other files' events notify the fuzz accounts
 * (officers, admins) while the fuzz runs, and those notifications are theirs, not the fuzz's.
 */
const RECIPIENTS = new Set(['notifications.recipient', 'notifications.user_id']);

/** Row counts of every table, rows naming the fuzz accounts, and the audit trail's last sequence. */
async function snapshot(fuzzIds: string[]): Promise<Snapshot> {
  // One REPEATABLE READ transaction: the counts and the last sequence see the same instant, so
  // an event another file commits mid-snapshot cannot be counted in one and missed in the other.
  const client = await db().connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    return await snapshotIn(client, fuzzIds);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

async function snapshotIn(client: PoolClient, fuzzIds: string[]): Promise<Snapshot> {
  const { rows: columns } = await client.query<{ table_name: string; column_name: string; udt_name: string }>(
    `SELECT c.table_name, c.column_name, c.udt_name
       FROM information_schema.columns c
       JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const tables = [...new Set(columns.map((c) => c.table_name))];
  const snap: Snapshot = { rows: {}, authored: {}, sequence: '0' };
  for (const table of tables) {
    const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
    // The audit anchor is written by a timer (every few seconds while events come), not by a
    // request: it may anchor events written before this file began.
    if (table !== 'audit_anchors')
      snap.rows[table] = (await client.query(`SELECT count(*)::int AS n FROM ${q(table)}`)).rows[0].n;
    if (table === 'users') continue; // the accounts themselves
    const refs = columns
      .filter((c) => c.table_name === table && !RECIPIENTS.has(`${table}.${c.column_name}`))
      .map(({ column_name: col, udt_name: type }) => {
        if (type === 'uuid') return `${q(col)} = ANY($1::uuid[])`;
        if (type === '_uuid') return `${q(col)} && $1::uuid[]`;
        if (type === 'text' || type === 'varchar') return `${q(col)} = ANY($1::text[])`;
        if (type === '_text') return `${q(col)} && $1::text[]`;
        if (type === 'jsonb' || type === 'json')
          return `EXISTS (SELECT 1 FROM unnest($1::text[]) AS u(id) WHERE ${q(col)}::text LIKE '%' || u.id || '%')`;
        return null;
      })
      .filter(Boolean);
    if (refs.length === 0) continue;
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM ${q(table)} WHERE ${refs.join(' OR ')}`,
      [fuzzIds],
    );
    if (rows[0].n > 0) snap.authored[table] = rows[0].n;
  }
  snap.sequence = String(
    (await client.query(`SELECT coalesce(max(sequence), 0)::text AS s FROM domain_events`)).rows[0].s,
  );
  return snap;
}

function roleFor(op: Operation): FuzzRole | null {
  if (op.public) return null;
  if (!op.roles) return 'admin';
  const role = ROLE_PREFERENCE.find((r) => op.roles!.includes(r));
  if (!role) throw new Error(`${op.id}: no fuzz account for roles ${op.roles.join(', ')}`);
  return role;
}

describe(`bad input never breaks the server (fuzz, KJ_FUZZ_SEED=${SEED})`, () => {
  let ops: Operation[];
  const tokens = {} as Record<FuzzRole, string>;
  let fuzzIds: string[];
  let before: Snapshot;

  beforeAll(async () => {
    const doc = (await fetch(`${apiUrl()}/openapi.json`).then((r) => r.json())) as Record<string, any>;
    ops = operations(doc);
    const clients = await Promise.all(
      (Object.keys(FUZZ_USERS) as FuzzRole[]).map(async (role) => {
        const client = await login(FUZZ_USERS[role].username, DEMO_PASSWORD);
        tokens[role] = client.token;
        return client.user.id;
      }),
    );
    fuzzIds = clients;
    before = await snapshot(fuzzIds);
  });
  afterAll(async () => {
    agent.destroy();
    await closeDb();
  });

  it('finds every command in the OpenAPI document, with who may call it', () => {
    expect(ops.length).toBeGreaterThanOrEqual(55);
    for (const op of ops) expect(() => roleFor(op)).not.toThrow();
    // Upload routes document their file types, every other body is JSON.
    expect(ops.filter((op) => op.upload).map((op) => op.id)).toEqual(
      expect.arrayContaining([
        'POST /applications/{id}/attachments',
        'POST /public/awards/{id}/evidence',
        'POST /experts/import',
      ]),
    );
  });

  it('answers every bad request with a 4xx in the bilingual envelope, naming the field', async () => {
    const cases = ops.flatMap((op) => casesFor(op, prng(SEED ^ hash(op.id)), CASES_PER_OPERATION));
    const answers = await pool(cases, CONCURRENCY, (c) => {
      const role = roleFor(c.op);
      const headers = { ...c.headers, ...(role ? { authorization: `Bearer ${tokens[role]}` } : {}) };
      return send(c.op.method, c.url, headers, c.body);
    });
    const failures = cases
      .map((c, i) => ({ c, a: answers[i], p: problems(c, answers[i]) }))
      .filter((x) => x.p.length > 0)
      .map(
        ({ c, a, p }) =>
          `${c.op.id} ${c.name}: ${p.join('; ')} — ${JSON.stringify(a.body)?.slice(0, 300) ?? ''}`,
      );
    if (process.env.KJ_FUZZ_VERBOSE) {
      const byKind = cases.reduce<Record<string, number>>(
        (n, c) => ({ ...n, [c.kind]: (n[c.kind] ?? 0) + 1 }),
        {},
      );
      const byStatus = answers.reduce<Record<number, number>>(
        (n, a) => ({ ...n, [a.status]: (n[a.status] ?? 0) + 1 }),
        {},
      );
      process.stdout.write(
        `fuzz: ${ops.length} operations, ${cases.length} cases ${JSON.stringify(byKind)}, statuses ${JSON.stringify(byStatus)}\n`,
      );
    }
    expect(cases.length).toBeGreaterThan(ops.length * 10);
    expect({ failures: failures.length, first: failures.slice(0, 40) }).toEqual({ failures: 0, first: [] });
    // Over 100 operations × 96 cases, 4 at a time: past the default 60 s on a busy machine.
  }, 240_000);

  it('wrote nothing: no row names a fuzz account, and no table changed while nobody else wrote', async () => {
    const after = await snapshot(fuzzIds);
    expect(after.authored).toEqual(before.authored);
    // Other test files may write in parallel (each of their writes is an audit event): the row
    // counts must then be compared by authorship alone. Alone, every table keeps its count.
    // The count as well as the last sequence: a lower sequence may commit after a higher one.
    const quiet =
      after.sequence === before.sequence && after.rows.domain_events === before.rows.domain_events;
    if (quiet) expect(after.rows).toEqual(before.rows);
  });

  it("answers the HTTP layer's own refusals in the bilingual envelope", async () => {
    const envelope = (a: Answer, status: number, code: string) => {
      expect({ status: a.status, code: a.body?.error?.code }).toEqual({ status, code });
      expect(a.body.error.message.zh).toMatch(HAN);
      expect(a.body.error.message.en).toMatch(LATIN);
    };
    const token = { authorization: `Bearer ${tokens.admin}` };
    envelope(await send('GET', '/applications/%E0%A4%A', token), 400, 'bad_request');
    envelope(await send('GET', `/applications/${'a'.repeat(101)}`, token), 414, 'uri_too_long');
    envelope(await send('GET', '/health', { 'x-fuzz': 'x'.repeat(20_000) }), 431, 'header_too_large');
    envelope(await send('GET', `/public/guides?q=${'x'.repeat(20_000)}`, {}), 431, 'header_too_large');
    envelope(await send('GET', '/no-such-route', {}), 404, 'not_found');
    envelope(await send('DELETE', '/auth/login', {}), 404, 'not_found');

    // A request Node's HTTP parser cannot read at all.
    const base = new URL(apiUrl());
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(base.port), base.hostname, () =>
        socket.write('GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: fuzz\r\n\r\n'),
      );
      let text = '';
      socket.on('data', (d) => (text += d.toString('utf8')));
      socket.on('end', () => resolve(text));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
    const body = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message.zh).toMatch(HAN);
  });
});
