/* eslint-disable @typescript-eslint/no-require-imports */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DevStack, forceStop, isAlive, listening, root, runDevStack, until } from './support/dev-stack';

/**
 * `npm start` as a new user runs it, on ports other than the defaults: its own API port, its own
 * Temporal dev server and its own database (created by the start, dropped here).
 */
const { freePort } = require(path.join(root, 'tools/temporal'));
const runId = `${Date.now()}_${process.pid}`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kjflow-stack-'));

function databaseUrl(name: string, port?: number): string {
  const url = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kjflow');
  url.pathname = `/${name}`;
  if (port) url.port = String(port);
  return url.toString();
}

async function ports() {
  return { api: (await freePort()) as number, temporal: (await freePort()) as number };
}

beforeAll(async () => {
  // The child builds too, but skips when dist/ is current: build once here, quietly. In a process
  // of its own: the portal's build imports Vite (ES modules), which jest's sandbox cannot load.
  await promisify(execFile)(
    process.execPath,
    ['-e', `require('./tools/build').build({ ifStale: true, log: () => undefined })`],
    { cwd: root },
  );
}, 180000);

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('npm start on a free port', () => {
  const database = databaseUrl(`kjflow_stack_${runId}`);
  let stack: DevStack | undefined;
  let port: { api: number; temporal: number };
  let api: string;

  const json = async (method: string, url: string, token?: string, body?: unknown) => {
    const res = await fetch(api + url, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(20000),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const login = async (username: string) =>
    (await json('POST', '/auth/login', undefined, { username, password: 'kjflow-demo' })).body
      .accessToken as string;
  const newCall = () => ({
    title: '2026年百色市重点研发计划（监护测试）',
    mode: 'open_competition',
    windowStart: new Date().toISOString(),
    windowEnd: new Date(Date.now() + 600_000).toISOString(),
    budgetCapFen: 50_000_000,
  });

  afterAll(async () => {
    await forceStop(stack);
    const { dropDatabase } = require(path.join(root, 'dist/libs/persistence/src'));
    await dropDatabase(database);
  }, 60000);

  it('builds on a current dist/, starts Temporal, the worker and the API there, and plays the demo there', async () => {
    port = await ports();
    api = `http://127.0.0.1:${port.api}`;
    stack = runDevStack({
      PORT: String(port.api),
      DATABASE_URL: database,
      KJ_TEMPORAL_PORT: String(port.temporal),
      KJ_TEMPORAL_DB: path.join(tmp, 'temporal.db'),
    });
    // The demo plays its calls through closing windows and a public notice: about a minute more.
    await stack.waitFor(/kjflow is running/, 240000);
    const out = stack.output();
    expect(out).toContain('[build] dist/ is up to date');
    expect(out).toContain(`[temporal] dev server 127.0.0.1:${port.temporal}`);
    expect(out).toMatch(/\[demo\] demo: campaign .* guide published with call/);
    expect(out).toContain(`API          ${api}`);

    const challenges = await json('GET', '/public/challenges');
    expect(challenges.status).toBe(200);
    expect(challenges.body.items.map((c: { title: string }) => c.title)).toEqual(
      expect.arrayContaining(['赤泥大规模综合利用关键技术', '高端铝材精深加工关键技术']),
    );
    const health = await json('GET', '/health');
    expect(health).toMatchObject({ status: 200, body: { status: 'ok', worker: { ok: true } } });

    // Each demo login finds work on its home (the task inbox), as the README's Portal table says.
    const inbox = async (username: string) => {
      const res = await json('GET', '/inbox?limit=50', await login(username));
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expect(res.body.total).toBe(
        Object.values(res.body.counts as Record<string, number>).reduce((a, n) => a + n, 0),
      );
      return res.body.counts as Record<string, number>;
    };
    expect(await inbox('applicant')).toMatchObject({
      application_draft: 1,
      report_submission: 1,
    });
    expect(await inbox('inst-admin')).toMatchObject({ endorsement: 1 });
    const expert = await inbox('expert');
    expect(expert.review_scoring).toBe(1);
    expect(expert.review_invitation).toBeGreaterThan(0);
    expect(await inbox('officer')).toMatchObject({ formal_check: 2, installment_approval: 1 });

    // The admin's and the auditor's homes read more than the inbox (OtherHomes.tsx): the program
    // templates, with the demo's copy, and the event log, with the demo's signed agreement.
    const admin = await login('admin');
    expect((await json('GET', '/inbox?limit=50', admin)).status).toBe(200);
    const templates = await json('GET', '/program-templates?limit=50', admin);
    expect(templates.status).toBe(200);
    expect(
      templates.body.items.map((x: { template: { name: { zh: string } } }) => x.template.name.zh),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^【演示】/)]));
    const auditor = await login('auditor');
    // An auditor's inbox is empty by design: the home is the event log.
    expect(await json('GET', '/inbox?limit=50', auditor)).toMatchObject({ status: 200, body: { total: 0 } });
    expect((await json('GET', '/events?limit=20', auditor)).body.items.length).toBeGreaterThan(0);
    const signed = await json('GET', '/events?limit=20&type=agreement.signed', auditor);
    expect(signed).toMatchObject({ status: 200, body: { items: [expect.anything()] } });
  }, 300000);

  it('serves the portal at / (a redirect to /portal/ and the page with its script)', async () => {
    const home = await fetch(`${api}/`, { redirect: 'manual', signal: AbortSignal.timeout(20000) });
    expect(home.status).toBe(302);
    expect(home.headers.get('location')).toBe('/portal/');
    const page = await fetch(`${api}/portal/`, { signal: AbortSignal.timeout(20000) });
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<title>百色市科技项目管理平台</title>');
    // A page whose script is missing is blank: the built bundle is served beside it.
    const script = html.match(/<script[^>]+src="([^"]+)"/)![1];
    expect(script).toMatch(/^\/portal\/assets\//);
    const js = await fetch(api + script, { signal: AbortSignal.timeout(20000) });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
  });

  it('answers 503 while no worker polls, and a killed worker is back within 10 s', async () => {
    const workerPid = Number(stack!.output().match(/Processes .*worker (\d+)/)![1]);
    const officer = await login('officer');
    const callsBefore = (await json('GET', '/calls?limit=200', officer)).body.items.length;

    // A worker that stops polling. Frozen rather than killed: a killed one is restarted before
    // Temporal can tell it is gone (its last poll looks like an idle worker's).
    process.kill(workerPid, 'SIGSTOP');
    const degraded = await until(
      '/health reports the worker missing',
      async () => {
        const res = await json('GET', '/health');
        return res.status === 503 && res.body;
      },
      60000,
      500,
    );
    expect(degraded).toMatchObject({
      status: 'degraded',
      postgres: { ok: true },
      temporal: { ok: true },
      worker: { ok: false, pollers: 0 },
    });
    expect(degraded.worker.error).toMatch(/no worker has polled task queue/);

    // A command is refused at once with the bilingual envelope, and nothing is written.
    const asked = Date.now();
    const refused = await json('POST', '/calls', officer, newCall());
    expect(Date.now() - asked).toBeLessThan(5000);
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({
      code: 'worker_unavailable',
      message: { zh: expect.stringMatching(/[\u4e00-\u9fff]/), en: expect.stringMatching(/worker/i) },
    });
    // Bad input is still told so: validation comes before the worker check.
    expect((await json('POST', '/calls', officer, {})).status).toBe(400);
    expect((await json('GET', '/calls?limit=200', officer)).body.items.length).toBe(callsBefore);

    // Killed: the supervisor restarts it, and it polls again within 10 s.
    const killed = Date.now();
    process.kill(workerPid, 'SIGKILL');
    await until('/health ok again', async () => (await json('GET', '/health')).status === 200, 10000, 250);
    expect(Date.now() - killed).toBeLessThan(10000);
    const out = stack!.output();
    expect(out).toContain(
      `[stack] worker (pid ${workerPid}) exited unexpectedly (signal SIGKILL); restarting in`,
    );
    expect(out).toMatch(/\[stack\] worker restarted \(pid \d+\)/);

    const created = await json('POST', '/calls', officer, newCall());
    expect(created.status).toBe(201);
  }, 120000);

  it('stops every process it started on SIGINT', async () => {
    const started = [...stack!.seen];
    expect(started.length).toBeGreaterThanOrEqual(4); // Temporal, migrations, worker ×2, API
    stack!.child.kill('SIGINT');
    expect(await stack!.exited).toEqual({ code: 0, signal: null });
    expect(started.filter(isAlive)).toEqual([]);
    expect(await listening(port.api)).toBe(false);
    expect(await listening(port.temporal)).toBe(false);
  }, 60000);
});

describe('a failing npm start', () => {
  it('names an unreachable database, stops the Temporal server it started, and exits 1', async () => {
    const port = await ports();
    const nowhere = await freePort(); // nothing listens there
    const stack = runDevStack({
      PORT: String(port.api),
      DATABASE_URL: databaseUrl('kjflow_unreachable', nowhere),
      KJ_TEMPORAL_PORT: String(port.temporal),
      KJ_TEMPORAL_DB: path.join(tmp, 'unreachable.db'),
    });
    try {
      expect((await stack.exited).code).toBe(1);
      const out = stack.output();
      expect(out).toContain(`[temporal] dev server 127.0.0.1:${port.temporal}`);
      expect(out).toContain(
        `[start] failed: migrations and demo seed on postgres://postgres@127.0.0.1:${nowhere}/`,
      );
      expect(out).toContain('ECONNREFUSED');
      expect(out).toContain('every process it started has been stopped');
      expect([...stack.seen].filter(isAlive)).toEqual([]);
      expect(await listening(port.temporal)).toBe(false);
    } finally {
      await forceStop(stack);
    }
  }, 90000);

  it('stops what it started when interrupted during start-up (Ctrl-C while migrating)', async () => {
    const port = await ports();
    const database = databaseUrl(`kjflow_stack_${runId}_interrupted`);
    const stack = runDevStack({
      PORT: String(port.api),
      DATABASE_URL: database,
      KJ_TEMPORAL_PORT: String(port.temporal),
      KJ_TEMPORAL_DB: path.join(tmp, 'interrupted.db'),
    });
    try {
      await stack.waitFor(/\[temporal\] dev server/, 60000); // the migrations come next
      stack.child.kill('SIGINT');
      expect((await stack.exited).code).toBe(130);
      expect(stack.output()).toContain('SIGINT during start-up: stopping what was started');
      expect(stack.output()).not.toContain('kjflow is running');
      expect([...stack.seen].filter(isAlive)).toEqual([]);
      expect(await listening(port.temporal)).toBe(false);
    } finally {
      await forceStop(stack);
      await require(path.join(root, 'dist/libs/persistence/src')).dropDatabase(database);
    }
  }, 90000);

  it('names a taken API port and starts nothing', async () => {
    const port = await ports();
    const squatter = require('node:net').createServer();
    await new Promise((r) => squatter.listen(port.api, '127.0.0.1', r));
    const stack = runDevStack({
      PORT: String(port.api),
      DATABASE_URL: databaseUrl(`kjflow_stack_${runId}_unused`),
      KJ_TEMPORAL_PORT: String(port.temporal),
      KJ_TEMPORAL_DB: path.join(tmp, 'taken.db'),
    });
    try {
      expect((await stack.exited).code).toBe(1);
      expect(stack.output()).toContain(
        `[start] failed: checking the API port: port ${port.api} on 127.0.0.1 is already in use (set PORT to a free port)`,
      );
      expect(stack.seen.size).toBe(0);
      expect(await listening(port.temporal)).toBe(false);
    } finally {
      squatter.close();
      await forceStop(stack);
    }
  }, 60000);
});
