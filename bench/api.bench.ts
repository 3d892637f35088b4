/**
 * The API's throughput and latency (issue 17 §2): `npm run bench:api` (see bench/README.md). Not
 * part of jest.
 *
 * First the baseline: a bare Fastify hello-world (bench/support/api-bare-fastify.js) in a child
 * process, under autocannon at the same connections and duration as every read, and beside it the
 * framework's floor, a bare NestJS hello-world on the same Fastify (api-bare-nest.js). Then the
 * whole stack as tools/stack.js starts it (a fresh database, its own Temporal on a free port, the
 * worker and the API as processes), loaded through the API with realistic data: the demo scenario
 * (a published challenge list), more published guides, one open call with N applications (10,000
 * by default) drafted complete and submitted by many applicant accounts (copies of the demo
 * applicants: 限项 allows one PI few applications per call, and each submission checks the PI's
 * other applications of the call), ANALYZEd, plus drafts for the saves. Then autocannon against
 * `GET /reference` (no database: the API's own pipeline alone) and the read endpoints the portal
 * uses most, at 32 connections for 10 s each, and against two commands at a fixed 200 requests per
 * second (saving a draft: PATCH with If-Match; starting a draft: POST /applications), each request
 * with its own Idempotency-Key; then the commands' baseline, raw Temporal at the same rate on the
 * same server (rawTemporal). Prints each endpoint's req/s, p50, p99, its ratio to bare Fastify,
 * the target and PASS/FAIL, and for the commands and their baseline the CPU each process spent per
 * answer.
 *
 * Options: --applications=10000 (or `--applications 10000`) --applicants=200 --connections=32
 * --duration=10 --rate=200 --only=REGEX (endpoints whose name matches);
 * --keep keeps the database (prints the --reuse= to pass next time; Temporal runs in memory, so
 * the command runs make their drafts anew);
 * --reuse=ID runs against a kept data set without loading it again (after a code change: the
 * build runs first); --profile writes CPU profiles of the API and the worker over the measured runs
 * (bench/support/cpu-profile.js) into the run's log folder, kept.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { Client as PgClient } from 'pg';
import { fixedRate, startBaselineWorker, stopChild } from './support/baseline-temporal';
import { cpuSnapshot } from './support/cpu';
import { keepStatistics } from './support/statistics';

const root = path.resolve(__dirname, '..');
const { freePort, stopProcess } = require(path.join(root, 'tools/temporal')) as {
  freePort: () => Promise<number>;
  stopProcess: (child: ChildProcess) => Promise<void>;
};
function opt(name: string, fallback: string): string {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const a = process.argv[i];
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : (process.argv[i + 1] ?? fallback);
}
const flag = (name: string) => process.argv.includes(`--${name}`);
const APPLICATIONS = Number(opt('applications', '10000'));
const APPLICANTS = Math.min(Number(opt('applicants', '200')), APPLICATIONS);
const CONNECTIONS = Number(opt('connections', '32'));
const DURATION = Number(opt('duration', '10'));
const RATE = Number(opt('rate', '200'));
const ONLY = new RegExp(opt('only', '.'));
const REUSE = opt('reuse', '');
const KEEP = flag('keep') || !!REUSE;
const PROFILE = flag('profile');
/** Connections of the command runs: each owns one draft, so its PATCHes never race another's. */
const COMMAND_CONNECTIONS = 64;
const LOAD_CLIENTS = 16;
const EXTRA_GUIDES = 9;

const READ_SHARE = 0.25;
const READ_P99_MS = 25;
const COMMAND_P99_MS = 150;

interface Loaded {
  callId: string;
  applicationIds: string[];
  applicants: string[];
}

const num = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** A hello-world of bench/support (`api-bare-fastify.js`, `api-bare-nest.js`), in its own process, until stopped. */
async function startBare(script: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(__dirname, 'support', script), String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve());
    child.on('exit', (code) => reject(new Error(`${script} exited (${code})`)));
  });
  return child;
}

/** A hello-world's req/s and latency at the reads' connections and duration, after a warm-up. */
async function measureBare(name: string, script: string): Promise<Run> {
  const port = await freePort();
  const child = await startBare(script, port);
  try {
    await cannon('warm-up', 'baseline', { url: `http://127.0.0.1:${port}/`, duration: 2 }, false);
    return await cannon(name, 'baseline', { url: `http://127.0.0.1:${port}/` });
  } finally {
    await stopProcess(child);
  }
}

interface Run {
  name: string;
  kind: 'read' | 'command' | 'baseline';
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  bad: number;
  statuses: string;
  /** CPU ms per answered request: API / worker / Temporal / the rest of the machine (commands only). */
  cpu?: string;
}

/**
 * Runs `measure` and adds to its run the CPU each process of the stack spent per answered
 * request; "the rest" is the machine's CPU minus theirs and the benchmark's own (PostgreSQL, and
 * whatever else runs on the machine: read it with the load average).
 */
async function withCpu(
  pids: Record<'api' | 'worker' | 'temporal', number | undefined>,
  measure: () => Promise<Run>,
): Promise<Run> {
  const before = cpuSnapshot(pids);
  const run = await measure();
  const after = cpuSnapshot(pids);
  const d = (k: keyof typeof after) => after[k] - before[k];
  const per = (sec: number) => num((1000 * sec) / Math.max(run.ok, 1), 1);
  const rest = d('machine') - d('api') - d('worker') - d('temporal') - d('bench');
  run.cpu = [d('api'), d('worker'), d('temporal'), rest].map(per).join(' / ');
  console.log(`    CPU ms per answer, API / worker / Temporal / rest: ${run.cpu}`);
  return run;
}

async function cannon(name: string, kind: Run['kind'], opts: autocannon.Options, log = true): Promise<Run> {
  const statuses = new Map<number, number>();
  // Without a callback autocannon returns its tracker (an EventEmitter) made thenable.
  const instance = autocannon({
    connections: CONNECTIONS,
    duration: DURATION,
    ...opts,
  }) as unknown as Promise<autocannon.Result> & NodeJS.EventEmitter;
  instance.on('response', (_client: unknown, statusCode: number) =>
    statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1),
  );
  const r = await instance;
  const ok = [...statuses].filter(([s]) => s < 300).reduce((n, [, c]) => n + c, 0);
  // At most one request per connection is in flight when the run ends and counts nowhere; a run
  // in which none was answered (each took longer than the run) must not read as a clean 0 req/s.
  const sent = (r.requests as { sent?: number }).sent ?? r.requests.total;
  const unanswered = r.requests.total === 0 ? Math.max(0, sent - r.errors) : 0;
  const bad = r.non2xx + r.errors + unanswered;
  const run: Run = {
    name,
    kind,
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok,
    bad,
    statuses: [...statuses]
      .filter(([s]) => s >= 300)
      .map(([s, c]) => `${s}×${c}`)
      .concat(
        r.errors ? [`errors×${r.errors}`] : [],
        r.timeouts ? [`timeouts×${r.timeouts}`] : [],
        unanswered ? [`none answered within the run, ${unanswered} in flight`] : [],
      )
      .join(' '),
  };
  if (log)
    console.log(
      `  ${name.padEnd(44)} ${num(run.rps).padStart(7)} req/s  p50 ${num(run.p50, 1)} ms  p99 ${num(run.p99, 1)} ms${run.statuses ? `  ${run.statuses}` : ''}`,
    );
  return run;
}

/**
 * The commands' baseline: what raw Temporal answers on the stack's own server at the commands'
 * rate and connections. A no-op update to a running workflow (a saved draft is an update) and an
 * update-with-start (a new draft starts its workflow so), to the round benchmark's no-op workflow
 * on a worker process and task queue of their own: the least any command through Temporal costs
 * on this machine.
 */
async function rawTemporal(address: string, temporalPid: number, runId: string): Promise<Run[]> {
  const { Connection, Client, WithStartWorkflowOperation } = require('@temporalio/client');
  const { pokeUpdate } = require('./support/baseline.workflow');
  const taskQueue = `kjflow-bench-api-${runId}-baseline`;
  const worker = await startBaselineWorker(address, taskQueue);
  const connection = await Connection.connect({ address });
  try {
    const temporal = new Client({ connection });
    const NEVER = 2 ** 31; // updates before a baseline workflow ends: it outlives the run
    const running = await Promise.all(
      Array.from({ length: COMMAND_CONNECTIONS }, (_, c) =>
        temporal.workflow.start('baselineWorkflow', {
          taskQueue,
          workflowId: `bench-api-${runId}-update-${c}`,
          args: [NEVER],
        }),
      ),
    );
    const runs: Run[] = [];
    const measure = async (name: string, fn: (i: number) => Promise<unknown>) => {
      await fixedRate(RATE, 1, COMMAND_CONNECTIONS, fn); // warm-up
      const run = await withCpu({ api: undefined, worker: worker.pid, temporal: temporalPid }, async () => {
        const r = await fixedRate(RATE, DURATION, COMMAND_CONNECTIONS, fn);
        console.log(
          `  ${name.padEnd(44)} ${num(r.rps).padStart(7)} /s     p50 ${num(r.p50, 1)} ms  p99 ${num(r.p99, 1)} ms${r.failed ? `  failed×${r.failed}` : ''}`,
        );
        return { name, kind: 'baseline', ...r, ok: r.answered, bad: r.failed, statuses: '' } as Run;
      });
      runs.push(run);
    };
    console.log(`the commands' baseline: raw Temporal at ${RATE}/s, at most ${COMMAND_CONNECTIONS} at once`);
    await measure('raw Temporal: no-op update', (i) =>
      running[i % running.length].executeUpdate(pokeUpdate, { args: [i] }),
    );
    let started = 0;
    await measure('raw Temporal: update-with-start', (i) =>
      temporal.workflow.executeUpdateWithStart(pokeUpdate, {
        args: [i],
        startWorkflowOperation: new WithStartWorkflowOperation('baselineWorkflow', {
          taskQueue,
          workflowId: `bench-api-${runId}-start-${started++}`,
          workflowIdConflictPolicy: 'USE_EXISTING',
          args: [1],
        }),
      }),
    );
    return runs;
  } finally {
    await connection.close();
    await stopChild(worker);
  }
}

/** Applicant accounts for the load: copies of the demo applicants (their roles, institutions, password). */
async function createApplicants(databaseUrl: string, n: number): Promise<string[]> {
  const models = ['applicant', 'applicant2', 'enterprise', 'enterprise2'];
  const names = Array.from({ length: n }, (_, i) => `bench-applicant-${String(i + 1).padStart(5, '0')}`);
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(
      `INSERT INTO users (id, username, display_name, password_hash, roles, institution_id)
       SELECT gen_random_uuid(), n.username, u.display_name || '（基准' || n.i || '）', u.password_hash, u.roles, u.institution_id
         FROM unnest($1::text[]) WITH ORDINALITY AS n(username, i)
         JOIN users u ON u.username = ($2::text[])[1 + (n.i - 1) % cardinality($2::text[])]
       ON CONFLICT (username) DO NOTHING`,
      [names, models],
    );
  } finally {
    await db.end();
  }
  return names;
}

/** Runs `fn(i)` for i in [0, n) with `width` at a time; prints progress every ~10 %. */
async function pool(n: number, width: number, what: string, fn: (i: number) => Promise<void>) {
  let next = 0;
  let done = 0;
  const started = Date.now();
  const step = Math.max(1, Math.round(n / 10));
  await Promise.all(
    Array.from({ length: Math.min(width, n) }, async () => {
      while (next < n) {
        await fn(next++);
        if (++done % step === 0 || done === n)
          console.log(`  ${what}: ${done}/${n} (${num(done / ((Date.now() - started) / 1000), 1)}/s)`);
      }
    }),
  );
}

async function load(api: any, databaseUrl: string, apiUrl: string): Promise<Loaded> {
  const { playDemo } = require(path.join(root, 'dist/seeds/src/demo-scenario.js'));
  console.log(`  ${await playDemo(apiUrl)}`);
  const officer = await api.as('officer');
  const admin = await api.as('admin');

  // More published guides, so the public lists have a page's worth of rows to read.
  const topics = (await officer.get('/topics?limit=50')).body.items as Array<{ id: string; kind: string }>;
  const topicIds = topics.filter((t) => t.kind === 'topic').map((t) => t.id);
  for (let g = 0; g < EXTRA_GUIDES && topicIds.length; g++) {
    const guide = await officer.post('/guides', {
      templateCode: 'key-rd',
      content: {
        title: `2026年百色市科技计划项目申报指南（第${g + 2}批）`,
        topicIds,
        budgetCapFen: 50_000_000,
        totalBudgetFen: 500_000_000,
        windowStart: new Date(Date.now() - 60_000).toISOString(),
        windowEnd: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      },
    });
    if (guide.status !== 201) {
      console.log(`  (extra guides skipped: ${guide.status} ${JSON.stringify(guide.body).slice(0, 300)})`);
      break;
    }
    await officer.post(`/guides/${guide.body.id}/submit`);
    const published = await admin.post(`/guides/${guide.body.id}/approval`, { decision: 'approve' });
    if (published.status !== 200)
      throw new Error(`publish guide: ${published.status} ${JSON.stringify(published.body)}`);
  }

  const applicants = await createApplicants(databaseUrl, APPLICANTS);
  const clients: any[] = new Array(applicants.length);
  await pool(applicants.length, 4, 'logins', async (i) => {
    clients[i] = await api.as(applicants[i]);
  });
  const call = await api.createCall(officer, {
    closesInMs: 30 * 86_400_000,
    title: '2026年百色市重点研发计划（基准测试批次）',
  });
  const applicationIds: string[] = new Array(APPLICATIONS);
  const failures = new Map<string, number>();
  const fail = (what: string, res: { status: number; body: unknown }) => {
    const key = `${what} ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
    failures.set(key, (failures.get(key) ?? 0) + 1);
  };
  await pool(APPLICATIONS, LOAD_CLIENTS, 'applications drafted and submitted', async (i) => {
    const client = clients[i % clients.length];
    const created = await client.post('/applications', {
      callId: call.id,
      ...api.completeDraft,
      title: `${api.completeDraft.title}（${i + 1}）`,
    });
    if (created.status !== 201) return fail('create', created);
    applicationIds[i] = created.body.id;
    const submitted = await client.post(`/applications/${created.body.id}/submit`, api.SIGN);
    if (submitted.status !== 200) fail('submit', submitted);
  });
  for (const [k, n] of failures) console.log(`  FAILED ×${n}: ${k}`);
  return { callId: call.id, applicationIds: applicationIds.filter(Boolean), applicants };
}

async function main() {
  const { build } = require(path.join(root, 'tools/build'));
  const { startStack } = require(path.join(root, 'tools/stack'));
  console.log(
    `bench:api — ${APPLICATIONS} applications, reads at ${CONNECTIONS} connections × ${DURATION} s, commands at ${RATE} req/s`,
  );
  const load0 = os.loadavg()[0];

  // The baseline first, while nothing else of this run is up; beside it the framework's own floor
  // (NestJS on the same Fastify), so the reads' share says what the API's own pipeline costs.
  const baseline = await measureBare('bare Fastify hello-world', 'api-bare-fastify.js');
  const bareNest = await measureBare('bare NestJS hello-world (Fastify adapter)', 'api-bare-nest.js');

  await build();
  const runId = REUSE || `${Date.now()}_${process.pid}`;
  const dataDir = path.join(root, '.data', `bench-api-${runId}`);
  const logDir = path.join(dataDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  if (PROFILE) {
    process.env.KJ_BENCH_CPU_PROF = path.join(logDir, 'cpu-profiles');
    process.env.KJ_BENCH_CPU_PROF_FROM = 'start'; // the measured runs, not the loading
    fs.rmSync(process.env.KJ_BENCH_CPU_PROF, { recursive: true, force: true }); // a reused run's
    fs.mkdirSync(process.env.KJ_BENCH_CPU_PROF, { recursive: true });
    const preload = path.join(__dirname, 'support/cpu-profile.js');
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim();
  }
  delete process.env.TEMPORAL_ADDRESS; // its own dev server, on a free port
  const base = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kjflow');
  base.pathname = `/kjflow_bench_api_${runId}`;
  const stack = await startStack({
    databaseUrl: base.toString(),
    logDir,
    taskQueue: `kjflow-bench-api-${runId}`,
    log: () => undefined,
  });
  delete process.env.NODE_OPTIONS;
  const runs: Run[] = [];
  const commandBaselines: Run[] = [];
  let failed = false;
  try {
    process.env.KJ_API_URL = stack.apiUrl;
    const api = require(path.join(root, 'test/support/api'));
    const stateFile = path.join(dataDir, 'state.json');
    let data: Loaded;
    if (REUSE && fs.existsSync(stateFile)) {
      data = JSON.parse(fs.readFileSync(stateFile, 'utf8'));
      console.log(`data set ${runId} reused: ${data.applicationIds.length} applications`);
    } else {
      const t0 = Date.now();
      console.log('loading the data set through the API');
      data = await load(api, stack.databaseUrl, stack.apiUrl);
      fs.writeFileSync(stateFile, JSON.stringify(data));
      console.log(
        `  loaded in ${num((Date.now() - t0) / 1000)} s: ${data.applicationIds.length} applications submitted`,
      );
    }

    // The reads plan on statistics of the data loaded, as on a server whose autovacuum is on.
    const statistics = await keepStatistics(stack.databaseUrl, 0);
    await statistics.analyze();
    await statistics.stop();

    const [officer, auditor, applicant] = await Promise.all([
      api.as('officer'),
      api.as('auditor'),
      api.as(data.applicants[0]),
    ]);
    const auth = (c: { token: string }) => ({ authorization: `Bearer ${c.token}` });
    const url = stack.apiUrl;
    const ids = data.applicationIds;
    const page2 = (await officer.get(`/calls/${data.callId}/applications?limit=50`)).body.next;
    const someApplication = ids[Math.floor(ids.length / 2)];
    let turn = 0;
    const reads: Array<[string, autocannon.Options]> = [
      // The floor: constant lists, no database, through every hook, guard and interceptor.
      ['GET /reference (no database)', { url: `${url}/reference` }],
      ['GET /public/guides', { url: `${url}/public/guides` }],
      ['GET /public/challenges', { url: `${url}/public/challenges` }],
      ['GET /calls', { url: `${url}/calls`, headers: auth(officer) }],
      [
        'GET /calls/:id/applications (officer, 50)',
        { url: `${url}/calls/${data.callId}/applications?limit=50`, headers: auth(officer) },
      ],
      [
        'GET /calls/:id/applications page 2',
        {
          url: `${url}/calls/${data.callId}/applications?limit=50&next=${encodeURIComponent(page2)}`,
          headers: auth(officer),
        },
      ],
      [
        'GET /calls/:id/applications?status=submitted',
        { url: `${url}/calls/${data.callId}/applications?status=submitted&limit=50`, headers: auth(officer) },
      ],
      [
        'GET /applications/:id (officer, any of N)',
        {
          url,
          headers: auth(officer),
          requests: [
            {
              method: 'GET',
              setupRequest: (req: any) => ({ ...req, path: `/applications/${ids[turn++ % ids.length]}` }),
            },
          ],
        },
      ],
      ['GET /applications/mine (applicant)', { url: `${url}/applications/mine`, headers: auth(applicant) }],
      ['GET /projects (officer)', { url: `${url}/projects`, headers: auth(officer) }],
      [
        'GET /events?subjectType=application (auditor)',
        { url: `${url}/events?subjectType=application&limit=50`, headers: auth(auditor) },
      ],
      [
        'GET /events?subjectId=… (auditor)',
        { url: `${url}/events?subjectType=application&subjectId=${someApplication}`, headers: auth(auditor) },
      ],
      ['GET /auth/me', { url: `${url}/auth/me`, headers: auth(officer) }],
    ];
    if (PROFILE) fs.writeFileSync(path.join(process.env.KJ_BENCH_CPU_PROF!, 'start'), '');
    console.log(`reads: ${CONNECTIONS} connections, ${DURATION} s each`);
    for (const [name, o] of reads.filter(([n]) => ONLY.test(n))) {
      await cannon(`${name} warm-up`, 'read', { ...o, duration: 1 }, false);
      runs.push(await cannon(name, 'read', o));
    }

    // Commands: PATCH a draft (one no other request has in flight, its version from the last answer),
    // and POST /applications; each request with its own Idempotency-Key.
    // Drafts for the PATCH run (made now: Temporal's data is not kept). Autocannon gives each
    // request a fresh context, so a request takes a draft no other request has in flight and
    // gives it back with its answer: two saves of one draft never race (a race is a 412, the
    // answer a user who edits in two tabs gets, not the cost of a save). Twice the connections:
    // autocannon builds each connection's first request twice.
    const owners = await Promise.all(data.applicants.slice(0, COMMAND_CONNECTIONS).map((u) => api.as(u)));
    type Draft = { id: string; token: string; version: number; stale?: boolean; shared?: boolean };
    const drafts: Draft[] = [];
    for (let d = 0; d < 2 * COMMAND_CONNECTIONS; d++) {
      const owner = owners[d % owners.length];
      const res = await owner.post('/applications', { callId: data.callId, title: `基准测试草稿 ${d + 1}` });
      if (res.status !== 201) throw new Error(`draft: ${res.status} ${JSON.stringify(res.body)}`);
      drafts.push({ id: res.body.id, token: owner.token, version: res.body.version });
    }
    const freeDrafts = [...drafts];
    let edits = 0;
    const commands: Array<[string, autocannon.Options]> = [
      [
        'PATCH /applications/:id (save a draft, If-Match)',
        {
          url,
          requests: [
            {
              method: 'PATCH',
              setupRequest: (req: any, ctx: { draft?: Draft }) => {
                // None free only if answers were lost: share one, learning its version anew.
                ctx.draft = freeDrafts.shift() ?? {
                  ...drafts[edits % drafts.length],
                  stale: true,
                  shared: true,
                };
                return {
                  ...req,
                  path: `/applications/${ctx.draft.id}`,
                  headers: {
                    authorization: `Bearer ${ctx.draft.token}`,
                    'content-type': 'application/json',
                    // After a failed save the version is unknown (a timed-out save may still
                    // have been applied): one save without a precondition learns it again.
                    'if-match': ctx.draft.stale ? '*' : `"${ctx.draft.version}"`,
                    'idempotency-key': randomUUID(),
                  },
                  body: JSON.stringify({ summary: `基准测试草稿摘要，第 ${++edits} 次保存。` }),
                };
              },
              onResponse: (status: number, body: string, ctx: { draft?: Draft }) => {
                const draft = ctx.draft!;
                draft.stale = status !== 200;
                if (status === 200) draft.version = JSON.parse(body).version;
                if (!draft.shared) freeDrafts.push(draft);
              },
            },
          ],
        },
      ],
      [
        'POST /applications (start a draft)',
        {
          url,
          requests: [
            {
              method: 'POST',
              setupRequest: (req: any) => ({
                ...req,
                path: '/applications',
                headers: {
                  authorization: `Bearer ${drafts[turn++ % drafts.length].token}`,
                  'content-type': 'application/json',
                  'idempotency-key': randomUUID(),
                },
                body: JSON.stringify({ callId: data.callId, title: `基准测试新草稿 ${turn}` }),
              }),
            },
          ],
        },
      ],
    ];
    console.log(`commands: ${RATE} req/s over ${COMMAND_CONNECTIONS} connections, ${DURATION} s each`);
    const commandRuns = commands.filter(([n]) => ONLY.test(n));
    for (const [name, o] of commandRuns) {
      runs.push(
        await withCpu(stack.pids, () =>
          cannon(name, 'command', { ...o, connections: COMMAND_CONNECTIONS, overallRate: RATE }),
        ),
      );
    }
    if (commandRuns.length)
      commandBaselines.push(...(await rawTemporal(stack.temporalAddress, stack.pids.temporal, runId)));
    if (PROFILE) {
      // bench/support/cpu-profile.js writes the profiles once this file exists
      fs.writeFileSync(path.join(process.env.KJ_BENCH_CPU_PROF!, 'stop'), '');
      await new Promise((r) => setTimeout(r, 3000));
    }
    await api.closeDb();
  } finally {
    await stack.stop();
    if (!KEEP) {
      const { dropDatabase } = require(path.join(root, 'dist/libs/persistence/src'));
      await dropDatabase(stack.databaseUrl);
      if (!PROFILE) fs.rmSync(dataDir, { recursive: true, force: true });
    } else console.log(`kept: ${stack.databaseUrl}, ${dataDir}; run again with --reuse=${runId}`);
    if (PROFILE) console.log(`CPU profiles: ${path.join(logDir, 'cpu-profiles')}`);
  }

  // The table: each figure beside its target and the baseline of this run.
  const rows: string[][] = [
    [
      'endpoint',
      'req/s',
      'p50 ms',
      'p99 ms',
      'of bare',
      'target',
      '',
      'CPU ms/answer: API / worker / Temporal / rest',
    ],
  ];
  const bareRps = baseline.rps;
  for (const [b, target] of [
    [baseline, 'baseline'],
    [bareNest, 'the framework’s floor'],
  ] as const)
    rows.push([
      b.name,
      num(b.rps),
      num(b.p50, 1),
      num(b.p99, 1),
      `${num((b.rps / bareRps) * 100, 1)} %`,
      target,
      '',
      '',
    ]);
  for (const r of commandBaselines)
    rows.push([r.name, num(r.rps), num(r.p50, 1), num(r.p99, 1), '', 'commands’ baseline', '', r.cpu ?? '']);
  for (const r of runs) {
    const share = r.rps / bareRps;
    const pass =
      r.kind === 'read'
        ? r.bad === 0 && share >= READ_SHARE && r.p99 <= READ_P99_MS
        : r.bad === 0 && r.p99 <= COMMAND_P99_MS && r.rps >= RATE * 0.95;
    failed ||= !pass;
    rows.push([
      r.name + (r.statuses ? ` [${r.statuses}]` : ''),
      num(r.rps),
      num(r.p50, 1),
      num(r.p99, 1),
      `${num(share * 100, 1)} %`,
      r.kind === 'read'
        ? `≥ ${num(READ_SHARE * bareRps)} req/s, p99 ≤ ${READ_P99_MS}`
        : `${RATE} req/s, p99 ≤ ${COMMAND_P99_MS}`,
      pass ? 'PASS' : 'FAIL',
      r.cpu ?? '',
    ]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log('');
  for (const r of rows)
    console.log(
      r.map((cell, c) => (c === 0 || c >= 5 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '),
    );
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${num(os.totalmem() / 1024 ** 3, 1)} GiB; Node ${process.version}; ` +
      `load average ${load0.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end; ${new Date().toISOString()}`,
  );
  console.log(failed ? 'FAIL' : 'PASS');
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
