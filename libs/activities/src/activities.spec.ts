import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CallSpec } from '@kjflow/domain';
import {
  createDataSource,
  databaseUrl,
  dropDatabase,
  migrate,
  NotificationRepository,
} from '@kjflow/persistence';
import { createActivities, Mailer, NotificationOutcome } from './index';

/**
 * Activities against a real PostgreSQL database created for this file: Temporal runs them at
 * least once, so running one twice must change the world once.
 */
describe('activities (real PostgreSQL)', () => {
  const url = (() => {
    const u = new URL(databaseUrl());
    u.pathname = `/kjflow_unit_${Date.now()}_${process.pid}`;
    return u.toString();
  })();
  let ds: DataSource;
  let acts: ReturnType<typeof createActivities>;
  const officer = randomUUID();
  const applicant = randomUUID();

  beforeAll(async () => {
    await migrate(url);
    ds = await createDataSource({ url, poolSize: 4, logErrors: false }).initialize();
    acts = createActivities({ dataSource: ds });
    await ds.query(
      `INSERT INTO users (id, username, display_name, password_hash, roles) VALUES
      ($1, 'o', '科员', 'x', '{officer}'), ($2, 'a', '申报人', 'x', '{applicant}')`,
      [officer, applicant],
    );
  });
  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(url);
  });

  const spec = (): CallSpec => ({
    id: randomUUID(),
    title: '重点研发计划',
    mode: 'open_competition',
    windowStart: new Date(Date.now() - 1000).toISOString(),
    windowEnd: new Date(Date.now() + 60_000).toISOString(),
    budgetCapFen: 1_000_000,
    createdBy: officer,
  });
  const events = async (subjectId: string) =>
    (await ds.query('SELECT type, step FROM domain_events WHERE subject_id = $1 ORDER BY sequence', [
      subjectId,
    ])) as Array<{
      type: string;
      step: string;
    }>;

  it('creates a call once however often the activity runs', async () => {
    const s = spec();
    await acts.createCall(s, Date.now());
    await acts.createCall(s, Date.now());
    expect(await events(s.id)).toEqual([{ type: 'call.created', step: 'created' }]);
    const rows = await ds.query('SELECT status, budget_cap_fen FROM calls WHERE id = $1', [s.id]);
    expect(rows).toEqual([{ status: 'open', budget_cap_fen: '1000000' }]);
  });

  it('applies a transition and its event together, once per step', async () => {
    const s = spec();
    await acts.createCall(s, Date.now());
    const id = randomUUID();
    const content = { title: '赤泥综合利用', summary: '摘要摘要摘要摘要摘要', requestedFen: 500_000 };
    await acts.createApplication({
      id,
      callId: s.id,
      applicantId: applicant,
      institutionId: null,
      content,
      at: Date.now(),
    });
    const submit = {
      id,
      transition: { from: 'draft' as const, to: 'submitted' as const, event: 'application.submitted' },
      version: 2,
      actorId: applicant,
      reason: null,
      step: '1:application.submitted',
      at: Date.now(),
    };
    await acts.transitionApplication(submit);
    // A retry of the same step, even with a later clock, changes nothing.
    await acts.transitionApplication({ ...submit, at: Date.now() + 5000 });
    expect(await events(id)).toEqual([
      { type: 'application.created', step: 'created' },
      { type: 'application.submitted', step: '1:application.submitted' },
    ]);
    const [row] = await ds.query('SELECT status, version, submitted_at FROM applications WHERE id = $1', [
      id,
    ]);
    expect(row.status).toBe('submitted');
    expect(row.version).toBe(2);
    expect(new Date(row.submitted_at).getTime()).toBe(submit.at);
  });

  it('counts each e-mail delivery attempt once: a failed one, the sent one, none for a retry after it', async () => {
    const s = spec();
    await acts.createCall(s, Date.now());
    const [event] = await ds.query(`SELECT id FROM domain_events WHERE subject_id = $1`, [s.id]);
    const id = await new NotificationRepository(ds).insertOnce({
      eventId: event.id,
      eventType: 'call.created',
      kind: 'review_invitation',
      recipient: applicant,
      userId: applicant,
      email: 'pi@example.test',
      channel: 'email',
      language: 'zh-CN',
      subject: '评审邀请',
      body: '请答复',
      link: '/reviews/mine',
      templateVersion: 1,
      status: 'pending',
    });
    let refuse = true; // the SMTP server refuses the first attempt
    const mailer: Mailer = {
      from: 'kjflow@example.test',
      transport: {
        sendMail: (async () => {
          if (refuse) throw new Error('421 try again later');
          return {};
        }) as unknown as Mailer['transport']['sendMail'], // a stub: no SMTP here
      },
    };
    const counted: NotificationOutcome[] = [];
    const mailing = createActivities({ dataSource: ds, mailer, countNotification: (o) => counted.push(o) });
    await expect(mailing.sendNotificationEmail({ notificationId: id })).rejects.toThrow('421');
    refuse = false;
    await mailing.sendNotificationEmail({ notificationId: id });
    await mailing.sendNotificationEmail({ notificationId: id }); // Temporal ran it again: sent already
    expect(counted).toEqual([
      { kind: 'review_invitation', channel: 'email', outcome: 'failed' },
      { kind: 'review_invitation', channel: 'email', outcome: 'sent' },
    ]);
  });

  it('rolls back the event when the read-model change fails', async () => {
    const id = randomUUID(); // its call does not exist: the foreign key makes the insert fail
    await expect(
      acts.createApplication({
        id,
        callId: randomUUID(),
        applicantId: applicant,
        institutionId: null,
        content: { title: '不存在的批次', summary: '', requestedFen: 0 },
        at: Date.now(),
      }),
    ).rejects.toThrow(/foreign key/);
    expect(await events(id)).toEqual([]);
  });
});
