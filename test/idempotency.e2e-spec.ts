import { randomUUID } from 'node:crypto';
import { as, Client, closeDb, count, request } from './support/api';
import { iso } from './support/flows';

/**
 * A client that timed out can always tell "done" from "refused": it sends the command again with
 * the same Idempotency-Key and gets the first answer, and nothing is written twice.
 */
describe('Idempotency-Key on commands', () => {
  let officer: Client;
  let officer2: Client;
  const callBody = (title: string) => ({
    title,
    mode: 'open_competition',
    windowStart: iso(-60_000),
    windowEnd: iso(600_000),
    budgetCapFen: 50_000_000,
  });
  const calls = (title: string) => count(`SELECT 1 FROM calls WHERE title = $1`, [title]);

  beforeAll(async () => {
    [officer, officer2] = await Promise.all([as('officer'), as('officer2')]);
  });
  afterAll(closeDb);

  it('answers a repeat with the first answer and writes nothing twice', async () => {
    const key = randomUUID();
    const title = `幂等测试 ${key}`;
    const body = callBody(title); // the very same request, as a retrying client sends it
    const first = await officer.post('/calls', body, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await officer.post('/calls', body, { 'idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await calls(title)).toBe(1);

    // The same key with another request is refused, and writes nothing.
    const other = await officer.post('/calls', callBody(`${title}（另一个）`), { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    expect(other.body.error.message.zh).toContain('Idempotency-Key');
    expect(await calls(`${title}（另一个）`)).toBe(0);

    // Keys are per caller: another officer's same key is their own first request.
    const theirs = await officer2.post('/calls', callBody(`${title}-2`), { 'idempotency-key': key });
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(first.body.id);
  });

  it('keeps a refusal as the answer: the repeat is refused the same way', async () => {
    const key = randomUUID();
    const bad = { ...callBody(`幂等拒绝 ${key}`), windowEnd: iso(-120_000) };
    const first = await officer.post('/calls', bad, { 'idempotency-key': key });
    expect(first.status).toBeGreaterThanOrEqual(400);
    expect(first.status).toBeLessThan(500);
    const again = await officer.post('/calls', bad, { 'idempotency-key': key });
    expect(again.status).toBe(first.status);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('lets concurrent repeats through once', async () => {
    const key = randomUUID();
    const title = `幂等并发 ${key}`;
    const body = callBody(title);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => officer.post('/calls', body, { 'idempotency-key': key })),
    );
    // Each is the first answer or "still running" (409), never a second call.
    for (const a of answers) expect([201, 409]).toContain(a.status);
    expect(answers.filter((a) => a.status === 201).length).toBeGreaterThanOrEqual(1);
    expect(new Set(answers.filter((a) => a.status === 201).map((a) => a.body.id)).size).toBe(1);
    expect(await calls(title)).toBe(1);
  });

  it('refuses a malformed key with a field-level message, and documents the header on every JSON command', async () => {
    const title = `幂等坏键 ${randomUUID()}`;
    for (const key of ['x'.repeat(256), 'two words']) {
      const res = await officer.post('/calls', callBody(title), { 'idempotency-key': key });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('Idempotency-Key');
    }
    expect(await calls(title)).toBe(0);
    const doc = (await request('GET', '/openapi.json')).body;
    const op = doc.paths['/calls'].post;
    expect(op['x-command']).toBe(true);
    expect(op.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toContain(
      'header:Idempotency-Key',
    );
  });
});
