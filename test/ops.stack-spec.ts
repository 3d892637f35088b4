/* eslint-disable @typescript-eslint/no-require-imports */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { completeDraft, SIGN } from './support/api';
import { root, until } from './support/dev-stack';
import { OwnPostgres } from './support/own-postgres';

/**
 * Running it: observability (logs, metrics, one trace from the request to the activity),
 * security settings, and failing clearly. The stack is this file's own (Temporal dev server,
 * worker, API as processes) on a PostgreSQL server of its own, which the test stops and starts;
 * spans go to an OTLP/HTTP receiver in this process.
 */
const { freePort } = require(path.join(root, 'tools/temporal'));
const { startStack } = require(path.join(root, 'tools/stack'));

interface Span {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
}

/** A tiny OTLP/HTTP (JSON) trace receiver. */
function otlpReceiver() {
  const spans: Span[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      for (const rs of body.resourceSpans ?? []) {
        const service = rs.resource?.attributes?.find((a: { key: string }) => a.key === 'service.name')?.value
          ?.stringValue;
        for (const ss of rs.scopeSpans ?? [])
          for (const s of ss.spans ?? [])
            spans.push({
              service,
              name: s.name,
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId,
            });
      }
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
  });
  return { spans, server };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kjflow-ops-'));
const receiver = otlpReceiver();
let pg: OwnPostgres;
let stack: {
  apiUrl: string;
  pids: { worker: number; temporal: number; api: number };
  stop(): Promise<void>;
};
let workerMetrics: string;
// Kept after the run, like the e2e stack's.
const logDir = path.join(root, '.data/logs', `ops-${Date.now()}_${process.pid}`);

const newCall = () => ({
  title: '2026年百色市重点研发计划（运维测试）',
  mode: 'open_competition',
  windowStart: new Date().toISOString(),
  windowEnd: new Date(Date.now() + 600_000).toISOString(),
  budgetCapFen: 50_000_000,
});

async function call(
  method: string,
  url: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await fetch(stack.apiUrl + url, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    },
    body: opts.body ? JSON.stringify(opts.body) : undefined,
    signal: AbortSignal.timeout(30000),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* metrics, plain text */
  }
  return { status: res.status, headers: res.headers, body };
}

const login = async (username: string, password = 'kjflow-demo') =>
  call('POST', '/auth/login', { body: { username, password } });
const token = async (username: string) => (await login(username)).body.accessToken as string;

/** A command, timed. */
async function timedCommand(officer: string) {
  const started = Date.now();
  const res = await call('POST', '/calls', { token: officer, body: newCall() });
  return { ...res, ms: Date.now() - started };
}

beforeAll(async () => {
  const build = require(path.join(root, 'tools/build'));
  await build.build({ ifStale: true, log: () => undefined });
  await build.ensureTracedBundle({ log: () => undefined });
  pg = new OwnPostgres(await freePort());
  pg.init();
  pg.start();
  await new Promise<void>((r) => receiver.server.listen(0, '127.0.0.1', r));
  const port = (receiver.server.address() as { port: number }).port;
  workerMetrics = `127.0.0.1:${await freePort()}`;
  // The children take the environment as it is at start.
  process.env.OTEL_EXPORTER_OTLP_ENDPOINT = `http://127.0.0.1:${port}`;
  process.env.KJ_WORKER_METRICS_ADDRESS = workerMetrics;
  process.env.KJ_RETRY_AFTER_SECONDS = '7';
  process.env.KJ_LOGIN_MAX_FAILURES = '3';
  stack = await startStack({
    databaseUrl: pg.url,
    logDir,
    taskQueue: `kjflow-ops-${process.pid}`,
    log: () => undefined,
    // The database is stopped on purpose below: a worker that dies meanwhile is not fatal.
    onFatal: () => undefined,
    startTimeoutMs: 180000, // a loaded 2-core machine
  });
}, 400000);

afterAll(async () => {
  for (const pid of [stack?.pids.worker, stack?.pids.temporal])
    try {
      if (pid) process.kill(pid, 'SIGCONT');
    } catch {
      /* gone */
    }
  await stack?.stop();
  pg?.destroy();
  receiver.server.close();
  delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  fs.rmSync(tmp, { recursive: true, force: true });
}, 60000);

describe('observability', () => {
  it('traces one command from the HTTP request through the Temporal client into the workflow and its activity', async () => {
    const officer = await token('officer');
    const res = await call('POST', '/calls', { token: officer, body: newCall() });
    expect(res.status).toBe(201);
    const [, traceId] = res.headers.get('traceparent')!.split('-');
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

    // One trace from the request down to the activity. Spans arrive as they end; the workflow's
    // own run span (parent of the activity's scheduling) ends with the workflow, so later.
    const trace = await until(
      'the spans of the command',
      async () => {
        const mine = receiver.spans.filter((s) => s.traceId === traceId);
        const names = mine.map((s) => s.name);
        return (
          [
            'POST /calls',
            'UpdateWithStartWorkflow:',
            'HandleUpdate:',
            'StartActivity:',
            'RunActivity:',
          ].every((n) => names.some((x) => x.startsWith(n))) && mine
        );
      },
      30000,
    );
    const span = (prefix: string) => trace.find((s) => s.name.startsWith(prefix))!;
    const request = span('POST /calls');
    const client = span('UpdateWithStartWorkflow:');
    const update = span('HandleUpdate:');
    const scheduled = span('StartActivity:');
    const activity = span('RunActivity:');
    expect(request).toMatchObject({ service: 'kjflow-api', parentSpanId: undefined });
    expect(client).toMatchObject({ service: 'kjflow-api', parentSpanId: request.spanId });
    expect(update).toMatchObject({ service: 'kjflow-worker', parentSpanId: client.spanId });
    expect(scheduled.service).toBe('kjflow-worker');
    expect(activity).toMatchObject({ service: 'kjflow-worker', parentSpanId: scheduled.spanId });

    // The request's log line names the request, the user, the workflow and the trace.
    const line = await until(
      'the request log line',
      async () =>
        fs
          .readFileSync(path.join(logDir, 'api.log'), 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l))
          .find((l) => l.req?.id === requestId && l.msg === 'request completed'),
      5000,
    );
    expect(line).toMatchObject({
      level: 'info',
      service: 'kjflow-api',
      req: { method: 'POST', url: '/calls' },
      res: { statusCode: 201 },
      userId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      workflowId: expect.stringMatching(/^call-/),
      traceId,
    });
  }, 60000);

  it('counts the command in the API’s /metrics (latency by route) and the worker’s (tasks, activities)', async () => {
    const api = (await call('GET', '/metrics')).body as string;
    expect(api).toMatch(
      /kjflow_http_request_duration_seconds_count\{method="POST",route="\/calls",status_code="201"\} [1-9]/,
    );
    expect(api).toMatch(
      /kjflow_temporal_client_calls_total\{operation="startUpdateWithStart",outcome="ok"\} [1-9]/,
    );
    expect(api).toMatch(/kjflow_api_process_resident_memory_bytes \d+/);

    const worker = await (await fetch(`http://${workerMetrics}/metrics`)).text();
    expect(worker).toMatch(
      /temporal_workflow_task_execution_latency_count\{[^}]*workflow_type="callWorkflow"[^}]*\} [1-9]/,
    );
    expect(worker).toMatch(
      /temporal_activity_execution_latency_count\{activity_type="createCall"[^}]*\} [1-9]/,
    );
    // The worker's logs are JSON lines naming the workflow they are about.
    const workerLog = fs.readFileSync(path.join(logDir, 'worker.log'), 'utf8').split('\n');
    expect(JSON.parse(workerLog.find((l) => l.includes('polling task queue'))!)).toMatchObject({
      level: 'info',
      service: 'kjflow-worker',
    });
  });
});

describe('production settings', () => {
  it('sends security headers, and allows the portal’s origin (only) across origins', async () => {
    const health = await call('GET', '/health');
    expect(health.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect(health.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(health.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);

    const preflight = (origin: string) =>
      call('OPTIONS', '/calls', {
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
    const portal = await preflight('http://localhost:5173'); // development's default (KJ_CORS_ORIGINS)
    expect(portal.status).toBe(204);
    expect(portal.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(portal.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('locks a username out from an address after repeated failed logins, even with the right password', async () => {
    for (let i = 0; i < 3; i++) expect((await login('applicant5', 'wrong-password')).status).toBe(401);
    const locked = await login('applicant5');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(locked.body.error).toMatchObject({
      code: 'too_many_requests',
      message: { zh: expect.stringContaining('锁定'), en: expect.stringMatching(/locked/) },
    });
    // Another user from the same address is not affected.
    expect((await login('applicant4')).status).toBe(200);
  });

  it('refuses to start outside development without a JWT secret or a database URL, naming them', () => {
    const env = { ...process.env, NODE_ENV: 'production', JWT_SECRET: '', DATABASE_URL: '', PORT: '0' };
    const api = spawnSync(process.execPath, [path.join(root, 'dist/apps/api/src/main.js')], {
      env,
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(api.status).toBe(1);
    expect(api.stderr).toContain('kjflow API: invalid settings, not starting');
    expect(api.stderr).toMatch(/DATABASE_URL: is required when NODE_ENV=production/);
    expect(api.stderr).toMatch(/JWT_SECRET: is required when NODE_ENV=production/);

    const worker = spawnSync(process.execPath, [path.join(root, 'dist/apps/worker/src/main.js')], {
      env,
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(worker.status).toBe(1);
    expect(worker.stderr).toMatch(
      /kjflow worker: invalid settings, not starting:\n {2}DATABASE_URL: is required/,
    );
  });
});

describe('failing clearly: with a part stopped, commands answer 503 within 5 s and /health names what is missing', () => {
  let officer: string;
  beforeAll(async () => {
    officer = await token('officer');
  });

  async function degraded(what: 'worker' | 'postgres' | 'temporal') {
    return until(
      `/health names ${what} missing`,
      async () => {
        const res = await call('GET', '/health');
        return res.status === 503 && res.body[what].ok === false && res.body;
      },
      60000,
      500,
    );
  }
  const healthy = () =>
    until('/health ok', async () => (await call('GET', '/health')).status === 200, 60000, 500);

  it('the worker', async () => {
    process.kill(stack.pids.worker, 'SIGSTOP');
    try {
      const health = await degraded('worker');
      expect(health).toMatchObject({ status: 'degraded', postgres: { ok: true }, temporal: { ok: true } });
      const res = await timedCommand(officer);
      expect(res.ms).toBeLessThan(5000);
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('worker_unavailable');
      expect(res.headers.get('retry-after')).toBe('7');
    } finally {
      process.kill(stack.pids.worker, 'SIGCONT');
    }
    await healthy();
  }, 120000);

  it('PostgreSQL, and the API recovers when it is back', async () => {
    pg.stop();
    let restarted = false;
    try {
      const health = await degraded('postgres');
      expect(health.postgres.error).toBeTruthy();
      const res = await timedCommand(officer);
      expect(res.ms).toBeLessThan(5000);
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({
        code: 'service_unavailable',
        message: { zh: expect.stringContaining('数据库'), en: expect.stringMatching(/database/) },
      });
      expect(res.headers.get('retry-after')).toBe('7');
      // A read that needs the database: 503 too, not 500.
      const read = await call('GET', '/calls?limit=5', { token: officer });
      expect(read.status).toBe(503);
      expect(read.headers.get('retry-after')).toBe('7');
      pg.start();
      restarted = true;
    } finally {
      if (!restarted) pg.start();
    }
    await healthy();
    // The pool has new connections: commands and reads work again.
    const created = await until(
      'a command succeeds again',
      async () => {
        const r = await timedCommand(officer);
        return r.status === 201 && r;
      },
      30000,
      1000,
    );
    expect(created.status).toBe(201);
    expect((await call('GET', '/calls?limit=5', { token: officer })).status).toBe(200);
  }, 180000);

  it('Temporal (a server that hangs), and the API recovers when it answers again', async () => {
    process.kill(stack.pids.temporal, 'SIGSTOP');
    try {
      const health = await degraded('temporal');
      expect(health.temporal.error).toBeTruthy();
      const res = await timedCommand(officer);
      expect(res.ms).toBeLessThan(5000);
      expect(res.status).toBe(503);
      expect(res.body.error).toMatchObject({
        code: 'service_unavailable',
        message: { en: expect.stringMatching(/Temporal/) },
      });
      expect(res.headers.get('retry-after')).toBe('7');
    } finally {
      process.kill(stack.pids.temporal, 'SIGCONT');
    }
    await healthy();
    expect((await timedCommand(officer)).status).toBe(201);
  }, 180000);
});

describe('an answer lost to Temporal’s deadline: a retry with the same Idempotency-Key neither repeats the command nor refuses it', () => {
  let officer: string;
  let applicant: string;
  let callId: string;
  beforeAll(async () => {
    [officer, applicant] = await Promise.all([token('officer'), token('applicant')]);
    callId = (await call('POST', '/calls', { token: officer, body: newCall() })).body.id;
  });

  /** The applicant's command with its key; a retry sends the same request with the same key. */
  const send = (method: string, url: string, body: unknown, key: string, as = applicant) =>
    call(method, url, { token: as, body, headers: { 'idempotency-key': key } });

  /** A command sent while the worker is stopped: Temporal holds its update past the API's deadline. */
  async function unanswered(method: string, url: string, body: unknown, key: string, as = applicant) {
    process.kill(stack.pids.worker, 'SIGSTOP');
    try {
      return await send(method, url, body, key, as);
    } finally {
      process.kill(stack.pids.worker, 'SIGCONT');
    }
  }
  const mine = async () =>
    (
      (await call('GET', '/applications/mine?limit=100', { token: applicant })).body.items as Array<{
        id: string;
        callId: string;
        status: string;
        title: string;
      }>
    ).filter((a) => a.callId === callId);
  /** The worker, running again, completes the update: its effect shows though its answer was lost. */
  const written = (status: string) =>
    until(`the application is ${status}`, async () => (await mine())[0]?.status === status, 60000, 500);

  it('creates one draft, not two; answers a submission that took effect as done, a withdrawal as the first would have', async () => {
    const create = { callId, ...completeDraft, title: '答复遗失后重试的申报书' };
    const createKey = `lost-create-${Date.now()}`;
    const lost = await unanswered('POST', '/applications', create, createKey);
    expect(lost.status).toBe(503);
    expect(lost.body.error.code).toBe('service_unavailable');
    await written('draft');
    const [draft] = await mine();
    expect(draft).toMatchObject({ status: 'draft', title: create.title });

    // The client retries as told (same key, same request): the same draft, not a second one.
    const retried = await send('POST', '/applications', create, createKey);
    expect(retried.status).toBe(201);
    expect(retried.body.id).toBe(draft.id);
    expect((await mine()).map((a) => a.id)).toEqual([draft.id]);

    // A submission whose answer is lost: the retry's own check now refuses (already submitted),
    // but Temporal says the first attempt's update took effect, so the answer is "done".
    const submitKey = `lost-submit-${Date.now()}`;
    const submit = `/applications/${draft.id}/submit`;
    const lostSubmission = await unanswered('POST', submit, SIGN, submitKey);
    expect(lostSubmission.status).toBe(503);
    await written('submitted');
    const again = await send('POST', submit, SIGN, submitKey);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'already_applied',
      message: { zh: expect.stringContaining('已生效'), en: expect.stringContaining('took effect') },
    });
    // That answer is now the key's: a further retry replays it.
    const replayed = await send('POST', submit, SIGN, submitKey);
    expect(replayed.status).toBe(409);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    // Without the key it is a new request: the ordinary refusal (the state has moved on).
    const fresh = await call('POST', submit, { token: applicant, body: SIGN });
    expect(fresh.status).toBe(409);
    expect(fresh.body.error.code).not.toBe('already_applied');

    // A withdrawal whose answer is lost: its retry reaches the same update, which Temporal answers
    // from its outcome: the answer the first attempt would have had.
    const withdrawKey = `lost-withdraw-${Date.now()}`;
    const withdrawal = `/applications/${draft.id}/withdrawal`;
    const reason = { reason: '重复申报' };
    expect((await unanswered('POST', withdrawal, reason, withdrawKey)).status).toBe(503);
    await written('withdrawn');
    const withdrawn = await send('POST', withdrawal, reason, withdrawKey);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ id: draft.id, status: 'withdrawn' });
  }, 180000);

  it('registers one expert, and answers the retry with it rather than refusing its own pool number and username', async () => {
    const stamp = Date.now();
    const ref = `LOST-${stamp}`;
    const expert = {
      externalRef: ref,
      name: '黄立新',
      title: '研究员',
      organisation: '广西大学',
      keyFields: ['new_materials'],
      keywords: ['铝基材料'],
      region: '广西南宁',
      account: { username: `lost.expert.${stamp}`, password: 'review-2026' },
    };
    const key = `lost-expert-${stamp}`;
    const listed = async () =>
      (await call('GET', `/experts?q=${ref}`, { token: officer })).body.items as Array<{ id: string }>;
    const lost = await unanswered('POST', '/experts', expert, key, officer);
    expect(lost.status).toBe(503);
    const [registered] = await until(
      'the expert is registered',
      async () => {
        const found = await listed();
        return found.length === 1 && found;
      },
      60000,
      500,
    );

    const retried = await send('POST', '/experts', expert, key, officer);
    expect(retried.status).toBe(201);
    expect(retried.body).toMatchObject({ id: registered.id, externalRef: ref });
    expect(await listed()).toHaveLength(1);
    // Without the key it is a new registration: refused, the number is another expert's.
    const fresh = await call('POST', '/experts', { token: officer, body: expert });
    expect(fresh.status).toBe(409);
    expect(fresh.body.error.fields.map((f: { path: string }) => f.path)).toContain('externalRef');
  }, 180000);
});
