import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { ParsedMail, simpleParser } from 'mailparser';
import {
  as,
  Client,
  closeDb,
  completeDraft,
  count,
  createCall,
  db,
  inboxItem,
  login,
  SIGN,
  until,
} from './support/api';
import { waitForClose } from './support/flows';

/** The e-mails that reached the stack's SMTP mailbox (one .eml file each), parsed. */
const parsed = new Map<string, ParsedMail>();
async function mailbox(): Promise<ParsedMail[]> {
  const dir = process.env.KJ_TEST_MAIL_DIR!;
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [])
    if (!parsed.has(f)) parsed.set(f, await simpleParser(fs.readFileSync(path.join(dir, f))));
  return [...parsed.values()];
}
const mailTo = async (address: string) =>
  (await mailbox()).filter((m) =>
    (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.text.includes(address)),
  );

/** The worker's `kjflow_notifications_total` for one kind and channel, sent (0 before the first). */
async function sentCount(kind: string, channel: 'in_app' | 'email'): Promise<number> {
  const text = await (await fetch(process.env.KJ_TEST_WORKER_METRICS!)).text();
  const labels = [`kind="${kind}"`, `channel="${channel}"`, 'outcome="sent"'];
  const line = text
    .split('\n')
    .find((l) => l.startsWith('kjflow_notifications_total{') && labels.every((x) => l.includes(x)));
  return line ? Number(line.split(' ').pop()) : 0;
}

/**
 * Notifications derived from the event log: an expert invited to a review round is told in-app
 * and by e-mail (over real SMTP to the stack's mailbox) in their language, on the channels they
 * chose, with the template version an administrator saved last.
 */
describe('notifications (通知)', () => {
  let officer: Client;
  let admin: Client;
  let applicant: Client;
  const run = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const tag = `通知测试${run}`;
  const experts: Array<{ id: string; client: Client; email: string; name: string }> = [];

  beforeAll(async () => {
    [officer, admin, applicant] = await Promise.all(['officer', 'admin', 'applicant'].map(as));
    for (let i = 0; i < 3; i++) {
      const username = `nt${run}e${i}`;
      const email = `nt-${run}-${i}@example.test`;
      const name = `通知专家${run.slice(-4)}${i + 1}`;
      const e = await officer.post('/experts', {
        name,
        title: '教授',
        organisation: `通知测试单位${run}-${i + 1}`,
        keyFields: ['new_materials'],
        keywords: [tag],
        region: '广西百色',
        finance: i === 2,
        loadCap: 10,
        email,
        externalRef: `NT-${run}-${i}`,
        account: { username, password: 'notify-pass-2026' },
      });
      expect(e.status).toBe(201);
      experts.push({ id: e.body.id, client: await login(username, 'notify-pass-2026'), email, name });
    }
  }, 60_000);
  afterAll(closeDb);

  it('tells each invited expert in-app and by e-mail, in their language, on their channels, with the latest template', async () => {
    const [en, noEmail, zh] = experts;
    // Preferences: one expert reads English; one keeps in-app only for invitations.
    const setEn = await en.client.put('/me/notification-preferences', { language: 'en', channels: {} });
    expect(setEn.status).toBe(200);
    expect(setEn.body).toEqual({ language: 'en', channels: {} });
    const off = await noEmail.client.put('/me/notification-preferences', {
      language: 'zh-CN',
      channels: { review_invitation: { inApp: true, email: false } },
    });
    expect(off.status).toBe(200);
    expect((await noEmail.client.get('/me/notification-preferences')).body).toEqual({
      language: 'zh-CN',
      channels: { review_invitation: { inApp: true, email: false } },
    });
    expect((await zh.client.get('/me/notification-preferences')).body).toEqual({
      language: 'zh-CN',
      channels: {},
    });

    // An administrator edits the Chinese invitation: a new version, used from the next one on.
    const before = await admin.get('/notification-templates/review_invitation/zh-CN');
    expect(before.status).toBe(200);
    const edited = await admin.put('/notification-templates/review_invitation/zh-CN', {
      subject: `评审邀请（${run}）：请及时答复`,
      body: '{{recipient}} 老师：诚邀您评审一个项目，请于 {{deadline}} 前答复。入口：{{link}}',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      kind: 'review_invitation',
      language: 'zh-CN',
      version: before.body.version + 1,
    });
    expect(edited.body.createdBy).toBe(admin.user.id);

    // A call with one application, its formal check, and a round that invites the three.
    const call = await createCall(officer, { closesInMs: 8_000, title: `通知测试批次${run}` });
    const app = await applicant.post('/applications', { callId: call.id, ...completeDraft });
    expect(app.status).toBe(201);
    expect((await applicant.post(`/applications/${app.body.id}/submit`, SIGN)).status).toBe(200);
    await waitForClose(officer, call.id);
    const passed = await officer.post(`/calls/${call.id}/formal-check/decisions`, {
      decisions: [{ applicationId: app.body.id, decision: 'pass' }],
    });
    expect(passed.status).toBe(200);
    // Other files notify meanwhile: the worker's counters grow by at least this test's deliveries.
    const [inAppBefore, emailBefore] = await Promise.all([
      sentCount('review_invitation', 'in_app'),
      sentCount('review_invitation', 'email'),
    ]);
    const round = await officer.post(`/calls/${call.id}/review-rounds`, {
      expertsPerApplication: 3,
      pool: { keywords: [tag] },
    });
    expect(round.status).toBe(201);
    const assignmentOf = (expertId: string) =>
      (round.body.assignments as Array<{ id: string; expertId: string }>).find(
        (a) => a.expertId === expertId,
      )!.id;

    const invitationOf = async (who: Client) =>
      (await who.get('/notifications')).body.items.find(
        (n: { kind: string }) => n.kind === 'review_invitation',
      );
    const [nEn, nOff, nZh] = await Promise.all(
      [en, noEmail, zh].map((x) =>
        until(
          () => invitationOf(x.client),
          (n) => n !== undefined,
          30_000,
        ),
      ),
    );
    expect(nEn).toMatchObject({
      language: 'en',
      subject: 'Review invitation: please answer before the deadline',
      link: `/reviews/${assignmentOf(en.id)}`,
      templateVersion: 1,
      readAt: null,
      eventType: 'review.invitations_opened',
    });
    expect(nEn.body).toContain(`Dear ${en.name}`);
    expect(nEn.body).toMatch(/by \d{4}-\d{2}-\d{2} \d{2}:\d{2}/); // the answer deadline, Beijing time
    for (const [n, x] of [
      [nOff, noEmail],
      [nZh, zh],
    ] as const) {
      expect(n).toMatchObject({
        language: 'zh-CN',
        subject: `评审邀请（${run}）：请及时答复`,
        templateVersion: before.body.version + 1,
        link: `/reviews/${assignmentOf(x.id)}`,
      });
      expect(n.body).toContain(`${x.name} 老师：诚邀您评审一个项目`);
    }

    // E-mail over SMTP: in English to the first, in Chinese (the new version) to the third, none
    // to the one who turned e-mail off for invitations.
    const [mailEn, mailZh] = await Promise.all(
      [en, zh].map((x) =>
        until(
          () => mailTo(x.email),
          (m) => m.length > 0,
          30_000,
        ),
      ),
    );
    expect(mailEn).toHaveLength(1);
    expect(mailEn[0].subject).toBe('Review invitation: please answer before the deadline');
    expect(mailEn[0].text).toContain(`/reviews/${assignmentOf(en.id)}`);
    expect(mailZh).toHaveLength(1);
    expect(mailZh[0].subject).toBe(`评审邀请（${run}）：请及时答复`);
    expect(mailZh[0].text).toContain(`${zh.name} 老师：诚邀您评审一个项目`);
    expect(mailZh[0].headers.get('x-kjflow-event')).toBe(nZh.eventId);
    expect(await mailTo(noEmail.email)).toHaveLength(0);
    expect(
      await count(`SELECT 1 FROM notifications WHERE user_id = $1 AND channel = 'email'`, [
        noEmail.client.user.id,
      ]),
    ).toBe(0);
    // One e-mail per invited expert with e-mail on, each sent once.
    const sent = await db().query(
      `SELECT user_id, attempts FROM notifications WHERE event_id = $1 AND channel = 'email' AND status = 'sent'`,
      [nZh.eventId],
    );
    expect(sent.rows.map((r: { user_id: string }) => r.user_id).sort()).toEqual(
      [en.client.user.id, zh.client.user.id].sort(),
    );
    expect(sent.rows.every((r: { attempts: number }) => r.attempts === 1)).toBe(true);
    // The worker's /metrics counts them: three in-app, two e-mails sent.
    const counted = await until(
      async () => [
        (await sentCount('review_invitation', 'in_app')) - inAppBefore,
        (await sentCount('review_invitation', 'email')) - emailBefore,
      ],
      ([inApp, email]) => inApp >= 3 && email >= 2,
      10_000,
    );
    expect(counted[0]).toBeGreaterThanOrEqual(3);
    expect(counted[1]).toBeGreaterThanOrEqual(2);

    // Each finds the invitation in their inbox, to answer it by the deadline the notice named.
    for (const [x, n] of [
      [en, nEn],
      [noEmail, nOff],
      [zh, nZh],
    ] as const) {
      const id = assignmentOf(x.id);
      const item = await inboxItem(x.client, 'review_invitation', id);
      expect(item).toMatchObject({
        subject: { type: 'review_assignment', id, name: completeDraft.title },
        overdue: false,
        action: { method: 'POST', path: `/reviews/${id}/response`, route: `/reviews/${id}` },
      });
      expect(Date.parse(item.dueAt)).toBeGreaterThan(Date.now());
      expect(n.body).toContain(item.dueAtLocal); // the same deadline, Beijing time
    }

    // Read marks: only one's own; the unread filter and "all read".
    expect((await noEmail.client.post(`/notifications/${nEn.id}/read`)).status).toBe(404);
    const read = await en.client.post(`/notifications/${nEn.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).not.toBeNull();
    const unread = await en.client.get('/notifications?unread=true');
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(nEn.id);
    const all = await zh.client.post('/notifications/read-all');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ unread: 0 });
    expect(all.body.marked).toBeGreaterThanOrEqual(1);
    expect((await zh.client.get('/notifications?unread=true')).body.items).toEqual([]);
  }, 120_000);

  it('refuses a template without text and an unknown kind, naming the field', async () => {
    const empty = await admin.put('/notification-templates/review_invitation/en', {
      subject: ' ',
      body: 'x',
    });
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['subject']);
    expect(
      (await admin.put('/notification-templates/no_such_kind/en', { subject: 'a', body: 'b' })).status,
    ).toBe(400);
    const lang = await experts[0].client.put('/me/notification-preferences', {
      language: 'fr',
      channels: {},
    });
    expect(lang.status).toBe(400);
    expect(lang.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['language']);
  });
});

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  answered: number;
}

/**
 * Webhooks: a receiver in this process gets signed deliveries; it fails the first one, and the
 * workflow's retry delivers it; an administrator replays it.
 */
describe('webhooks', () => {
  let admin: Client;
  let officer: Client;
  const received: Received[] = [];
  let server: http.Server;
  let url: string;
  const secret = `whsec-${Date.now().toString(36)}-0123456789`;

  beforeAll(async () => {
    [admin, officer] = await Promise.all(['admin', 'officer'].map(as));
    const seen = new Set<string>();
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const event = String(req.headers['kjflow-event-id']);
        // The first delivery of each event fails: the workflow must try again.
        const answered = seen.has(event) ? 200 : 500;
        seen.add(event);
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered });
        res.writeHead(answered).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kjflow-hook`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await closeDb();
  });

  const signedBy = (r: Received, key: string) => {
    const header = String(r.headers['kjflow-signature']);
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) ?? [];
    return (
      t === String(r.headers['kjflow-timestamp']) &&
      Math.abs(Date.now() / 1000 - Number(t)) < 300 &&
      createHmac('sha256', key).update(`${t}.${r.body}`).digest('hex') === v1
    );
  };

  it('delivers a signed event, retries after a failure, records it, and replays it', async () => {
    const created = await admin.post('/webhooks', { url, secret, eventTypes: ['call.created'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url, eventTypes: ['call.created'], active: true });
    expect(created.body).not.toHaveProperty('secret');
    const hookId: string = created.body.id;
    // The secret reads in clear neither in the database nor in the workflow history it went through.
    const stored = await db().query('SELECT secret FROM webhooks WHERE id = $1', [hookId]);
    expect(stored.rows[0].secret).toMatch(/^sealed:v1:/);
    expect(stored.rows[0].secret).not.toContain(secret);
    const connection = await Connection.connect({ address: process.env.KJ_TEST_TEMPORAL_ADDRESS });
    try {
      const history = await new TemporalClient({ connection }).workflow.getHandle('webhooks').fetchHistory();
      // Payloads as their JSON text (the history's JSON form carries them in base64).
      const text = JSON.stringify(history, (k, v) =>
        k === 'data' && typeof v === 'string' ? Buffer.from(v, 'base64').toString() : v,
      );
      expect(text).toContain(hookId);
      expect(text).not.toContain(secret);
    } finally {
      await connection.close();
    }

    const call = await createCall(officer, { title: `Webhook 测试批次${Date.now()}` });
    const forCall = () => received.filter((r) => JSON.parse(r.body).subjectId === call.id);
    await until(
      async () => forCall(),
      (r) => r.length >= 2,
      30_000,
    );
    const [first, retry] = forCall();
    expect([first.answered, retry.answered]).toEqual([500, 200]);
    for (const r of [first, retry]) {
      expect(signedBy(r, secret)).toBe(true);
      expect(signedBy(r, 'whsec-not-the-secret-000')).toBe(false);
      expect(JSON.parse(r.body)).toMatchObject({
        type: 'call.created',
        subjectType: 'call',
        subjectId: call.id,
      });
    }
    expect(retry.headers['kjflow-event-id']).toBe(first.headers['kjflow-event-id']);
    expect(retry.headers['kjflow-delivery-id']).toBe(first.headers['kjflow-delivery-id']);

    const deliveries = await until(
      () => admin.get(`/webhooks/${hookId}/deliveries`),
      (r) => r.body.items?.some((d: { status: string }) => d.status === 'delivered'),
    );
    const delivery = deliveries.body.items.find(
      (d: { eventId: string }) => d.eventId === first.headers['kjflow-event-id'],
    );
    expect(delivery).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastStatusCode: 200,
      eventType: 'call.created',
      replayOf: null,
    });

    // Replay: the same event again, as a new delivery.
    const replay = await admin.post(`/webhook-deliveries/${delivery.id}/replay`);
    expect(replay.status).toBe(201);
    expect(replay.body).toMatchObject({ replayOf: delivery.id, eventId: delivery.eventId });
    await until(
      async () => forCall(),
      (r) => r.length >= 3,
      30_000,
    );
    const again = forCall()[2];
    expect(again.headers['kjflow-event-id']).toBe(delivery.eventId);
    expect(again.headers['kjflow-delivery-id']).toBe(replay.body.id);
    expect(again.answered).toBe(200);
    expect(signedBy(again, secret)).toBe(true);
    const after = await until(
      () => admin.get(`/webhooks/${hookId}/deliveries`),
      (r) =>
        r.body.items?.some(
          (d: { id: string; status: string }) => d.id === replay.body.id && d.status === 'delivered',
        ),
    );
    expect(after.body.items.find((d: { id: string }) => d.id === replay.body.id)).toMatchObject({
      attempts: 1,
    });

    // Deleted: no more deliveries, and gone from the list.
    expect((await admin.del(`/webhooks/${hookId}`)).status).toBe(204);
    expect((await admin.get(`/webhooks/${hookId}`)).status).toBe(404);
    const later = await createCall(officer, { title: `Webhook 删除后${Date.now()}` });
    await new Promise((r) => setTimeout(r, 3_000));
    expect(received.filter((r) => JSON.parse(r.body).subjectId === later.id)).toEqual([]);
  }, 90_000);

  it('refuses a webhook without a usable URL, secret or event types, naming the fields, and writes nothing', async () => {
    // A webhook the refused request would have written has its URL.
    const hooks = () => count(`SELECT 1 FROM webhooks WHERE url = 'ftp://example.test/x'`);
    const before = await hooks();
    const bad = await admin.post('/webhooks', {
      url: 'ftp://example.test/x',
      secret: 'short',
      eventTypes: ['Call Created'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'eventTypes.0',
      'secret',
      'url',
    ]);
    expect(await hooks()).toBe(before);
  });
});
