/**
 * A whole round at scale beside raw Temporal (issue 17 §2): `npm run bench:round -- --applications 10000`
 * (see bench/README.md). Not part of jest.
 *
 * Builds, starts the whole stack as tools/stack.js does (a fresh database, its own Temporal dev
 * server on a free port, the demo seed, the worker and the API as processes), then runs a round
 * through the HTTP API as its users would, from `--clients` concurrent clients:
 *
 *   set-up (timed, not part of the round): a program drilled from key-rd (template data: a notice
 *   of seconds, no endorsement or documents, formal check and review allowed during the window),
 *   one call, N applicant accounts (rows copied from the demo applicant, as the seed makes
 *   accounts: the product has no sign-up), E experts registered by POST /experts with their
 *   logins, every user logged in;
 *   the round: N drafts (POST /applications), N submissions, the formal check in batches of 500,
 *   a review round (k = 5) whose E·… invitations the experts accept and score through /reviews/*,
 *   the ranking (GET /review-rounds/:id/results), awards for the top tenth (proposed in lists of
 *   at most 500, approved by the admin, noticed for seconds) until all are final and their
 *   agreements exist.
 *
 * Then the baseline on the same Temporal server: a no-op workflow (bench/support/baseline.workflow.ts)
 * on a task queue of its own, served by a worker process of its own (bench/support/baseline-worker.ts), given as many starts and
 * updates as the round sent (starts counted by the server, children included; updates counted from
 * the round's commands), at the same client concurrency, twice: one workflow after another, and
 * spread over N open workflows as the round spreads its commands (the target is judged against
 * this one; bench/README.md says why). Prints each phase's time, throughput and latencies, the
 * round's time beside both baselines', both ratios and PASS/FAIL against ≤ 2×.
 *
 * Options: --applications=10000 (or `--applications 10000`), --experts (default 0.3·N),
 * --clients=32, --award-share=0.1, --one-by-one=no (the spread baseline only). KJ_KEEP_BENCH=1 keeps the database and the logs;
 * KJ_BENCH_SLOW_MS=100 logs the bench database's statements slower than that to the PostgreSQL
 * server log (ALTER DATABASE … SET log_min_duration_statement); KJ_BENCH_CPU_PROF=DIR writes a CPU
 * profile of the API and the worker there at the end of the round (bench/support/cpu-profile.js);
 * with KJ_BENCH_CPU_PROF_PHASE=REGEX, of the first phase whose name matches alone (e.g. `review: accept`).
 * KJ_BENCH_TEMPORAL_DB=FILE keeps Temporal's state in that SQLite file (in memory otherwise), to read
 * the round's histories afterwards (`temporal server start-dev --db-filename FILE`, then `temporal
 * workflow show`); a file is slower than memory, so its figures are not the benchmark's.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startBaselineWorker, stopChild } from './support/baseline-temporal';
import { cpuSnapshot } from './support/cpu';
import { keepStatistics } from './support/statistics';

const root = path.resolve(__dirname, '..');
const opt = (name: string, fallback: string) => {
  const i = process.argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const a = process.argv[i];
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : (process.argv[i + 1] ?? fallback);
};
/** A process's peak RSS in MiB (the kernel's high-water mark); NaN when it is gone. */
const peakRssMib = (pid: number) => {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
  } catch {
    return NaN; // restarted or gone: no figure rather than a wrong one
  }
};
const N = Number(opt('applications', '10000'));
const E = Number(opt('experts', String(Math.max(30, Math.round(N * 0.3)))));
const K = 5;
const CLIENTS = Number(opt('clients', '32'));
const AWARD_SHARE = Number(opt('award-share', '0.1'));
const TARGET_RATIO = 2;
/**
 * `--one-by-one=no` leaves out the one-by-one baseline (the target is judged against the spread
 * one; at 10,000 applications the other takes ~18 minutes of a two-hour run).
 */
const ONE_BY_ONE = opt('one-by-one', 'yes') !== 'no';
const PASSWORD = 'bench-round-2026';
const FORMAL_BATCH = 500;
/**
 * Batches in flight at once: three officers, each deciding a batch at a time. All 20 batches of a
 * 10,000 round at once would each last the whole phase (10,000 decisions at ~13/s: ~13 minutes),
 * past any HTTP client's patience (undici's 300 s headers timeout ended the first 10,000 run
 * that got this far); three keep 12 decisions in flight (the API runs 4 of a batch at once), and
 * a batch answers in about 500 × 3 / 13 ≈ 2 minutes.
 */
const FORMAL_CLIENTS = 3;
const AWARD_LIST = 500;

type Client = import('../test/support/api').Client;
type Api = typeof import('../test/support/api');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Runs `work(i)` for i in [0, n) from `c` concurrent clients. */
async function pool(n: number, c: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(c, n) }, async () => {
      while (next < n) await work(next++);
    }),
  );
}

/** CPU seconds used so far by each process of the stack, and by the whole machine (/proc, 100 Hz ticks). */
type CpuSnapshot = Record<'api' | 'worker' | 'temporal' | 'bench' | 'machine', number>;
let cpuPids: Record<'api' | 'worker' | 'temporal', number | undefined> = {
  api: undefined,
  worker: undefined,
  temporal: undefined,
};
function cpuNow(): CpuSnapshot {
  return cpuSnapshot(cpuPids);
}

/** KJ_BENCH_CPU_PROF_PHASE: tells the profiled processes when a matching phase starts and stops. */
function profileMark(phase: string, mark: 'start' | 'stop'): void {
  const dir = process.env.KJ_BENCH_CPU_PROF;
  const only = process.env.KJ_BENCH_CPU_PROF_PHASE;
  if (!dir || !only || !new RegExp(only).test(phase) || fs.existsSync(path.join(dir, 'stop'))) return;
  fs.writeFileSync(path.join(dir, mark), '');
}

/** One phase's figures: wall time, requests with their latencies, and the Temporal work it sent. */
class Phase {
  readonly latencies: number[] = [];
  readonly errors = new Map<string, number>();
  /** 503s answered by a retry (see req). */
  retries = 0;
  /** Commands answered 503 that had taken effect (their retry answered 409 `already_applied`). */
  doneDespite503 = 0;
  started = 0;
  ms = 0;
  cpu0: CpuSnapshot | null = null;
  /** CPU seconds each process spent during the phase (the machine's includes PostgreSQL and anything else). */
  cpu: CpuSnapshot | null = null;
  starts = 0; // workflow starts by the API (update-with-start) or by workflows (children), counted by the server
  updates = 0; // Temporal updates the commands sent
  constructor(
    readonly name: string,
    readonly unit: string,
    public items = 0,
  ) {}
  begin() {
    this.started = Date.now();
    this.cpu0 = cpuNow();
    profileMark(this.name, 'start');
    return this;
  }
  end() {
    this.ms = Date.now() - this.started;
    profileMark(this.name, 'stop');
    const now = cpuNow();
    const c0 = this.cpu0!;
    this.cpu = Object.fromEntries(
      (Object.keys(now) as Array<keyof CpuSnapshot>).map((k) => [k, now[k] - c0[k]]),
    ) as CpuSnapshot;
    return this;
  }
  /**
   * Times one request; a status other than `ok` is counted by status and returned as is. A 503
   * (the API's "Temporal or PostgreSQL busy, try again") is retried as a client does: after its
   * Retry-After, with the same Idempotency-Key (`call` sends the headers it is given), up to
   * five times; each retry is counted and timed from the first attempt. A retry answered 409
   * `already_applied` (the unanswered attempt took effect after all) is done, and counted.
   */
  async req<T extends { status: number; body: any; headers?: Headers }>(
    call: (headers: Record<string, string>) => Promise<T>,
    ok = [200, 201],
  ): Promise<T> {
    const t = performance.now();
    const headers = { 'Idempotency-Key': randomUUID() };
    let res = await call(headers);
    for (let retry = 0; res.status === 503 && retry < 5; retry++) {
      this.retries += 1;
      const after = Number(res.headers?.get('retry-after') ?? 1);
      await new Promise((r) => setTimeout(r, (Number.isFinite(after) ? after : 1) * 1000));
      res = await call(headers);
    }
    this.latencies.push(performance.now() - t);
    if (alreadyApplied(res)) this.doneDespite503 += 1;
    else if (!ok.includes(res.status)) {
      const key = `${res.status} ${res.body?.error?.code ?? ''}`.trim();
      this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
    }
    return res;
  }
  pct(p: number) {
    if (!this.latencies.length) return NaN;
    const s = [...this.latencies].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
  }
}

/** A bench user's login, tried again after a 503 (the API's "try again shortly"), as Phase.req does. */
async function loginRetrying(api: Api, username: string): Promise<Client> {
  for (let retry = 0; ; retry++) {
    try {
      return await api.login(username, PASSWORD);
    } catch (err) {
      if (retry >= 5 || !/ failed: 503 /.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 500 * 2 ** retry));
    }
  }
}

/** The retry of an attempt answered 503 that had taken effect: the command is done. */
function alreadyApplied(res: { status: number; body: any }) {
  return res.status === 409 && res.body?.error?.code === 'already_applied';
}

/** The answer's body; a refusal or an error stops the run (an `already_applied` retry is done). */
function expectOk(res: { status: number; body: any }, what: string) {
  if (res.status >= 300 && !alreadyApplied(res))
    throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 800)}`);
  return res.body;
}

function sheetFor(rubric: any, score: number) {
  const min = rubric.scale?.min ?? 0;
  return {
    criteria: Object.fromEntries(
      rubric.criteria.map((c: any) => {
        const max = c.max ?? rubric.scale?.max ?? 100;
        const value = Math.round((min + ((max - min) * score) / 100) * 10) / 10;
        return [
          c.key,
          c.commentRequired
            ? { score: value, comment: '论证较充分，技术路线清晰，具备实施条件。' }
            : { score: value },
        ];
      }),
    ),
    overallComment: '总体评价：项目目标明确，建议按计划推进并加强成果转化。',
  };
}

async function main() {
  const { build } = require(path.join(root, 'tools/build'));
  const { startStack } = require(path.join(root, 'tools/stack'));
  await build();

  const runId = `${Date.now()}_${process.pid}`;
  const logDir = path.join(root, '.data/logs', `bench-round-${runId}`);
  fs.mkdirSync(logDir, { recursive: true });
  delete process.env.TEMPORAL_ADDRESS; // its own dev server, on a free port
  // Into the stack's processes only (this one has started): a CPU profile of each when it stops.
  if (process.env.KJ_BENCH_CPU_PROF) {
    fs.mkdirSync(process.env.KJ_BENCH_CPU_PROF, { recursive: true });
    process.env.KJ_BENCH_CPU_PROF = path.resolve(process.env.KJ_BENCH_CPU_PROF);
    if (process.env.KJ_BENCH_CPU_PROF_PHASE) process.env.KJ_BENCH_CPU_PROF_FROM = 'start';
    const preload = path.join(root, 'bench/support/cpu-profile.js');
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --require ${preload}`.trim();
  }
  const base = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kjflow');
  base.pathname = `/kjflow_bench_round_${runId}`;
  const taskQueue = `kjflow-bench-round-${runId}`;
  const load0 = os.loadavg();
  const t0 = Date.now();
  const stack = await startStack({
    databaseUrl: base.toString(),
    logDir,
    taskQueue,
    log: () => undefined,
    temporalDbFile: process.env.KJ_BENCH_TEMPORAL_DB,
  });
  cpuPids = stack.pids;
  const { Client: PgClient } = require('pg');
  const pg = new PgClient({ connectionString: stack.databaseUrl });
  await pg.connect();
  // The planner's statistics kept as autovacuum keeps them on a production server (off here).
  const statistics = await keepStatistics(stack.databaseUrl);
  const { Connection, Client: TemporalClient } = require('@temporalio/client');
  const connection = await Connection.connect({ address: stack.temporalAddress });
  const temporal = new TemporalClient({ connection });
  let failed = false;
  let worker: any = null;
  try {
    if (process.env.KJ_BENCH_SLOW_MS)
      await pg.query(
        `ALTER DATABASE ${base.pathname.slice(1)} SET log_min_duration_statement = ${Number(process.env.KJ_BENCH_SLOW_MS)}`,
      );
    process.env.KJ_API_URL = stack.apiUrl;
    const api: Api = require(path.join(root, 'test/support/api'));
    const log = (s: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${s}`);
    log(
      `stack up: ${stack.apiUrl}, Temporal ${stack.temporalAddress}, ${N} applications, ${E} experts, ${CLIENTS} clients`,
    );
    const startsNow = async () => (await temporal.workflow.count(`TaskQueue = "${taskQueue}"`)).count;

    // ---- set-up: program, call, accounts, logins (not part of the round) -------------------
    const setup = new Phase('set-up: accounts, experts, logins', 'users').begin();
    const [officer, admin] = await Promise.all([api.as('officer'), api.as('admin')]);
    const seeded = expectOk(await admin.get('/program-templates/key-rd'), 'template').template;
    const template = structuredClone(seeded);
    template.code = `key-rd-bench-${runId.replace(/_/g, '-')}`;
    template.stages = template.stages.filter((s: string) => s !== 'endorsement');
    template.durations = { ...template.durations, noticePeriod: 'PT10S', signingDeadline: 'P30D' };
    template.eligibility.requiredDocuments = [];
    delete template.eligibility.minPiTitleLevel;
    template.award.approvalChain = ['admin'];
    // Formal check and review need not wait for the close: the bench does not sit out a deadline.
    template.startDuringWindow = ['formal_check', 'expert_review'];
    expectOk(await admin.post('/program-templates', template), 'drill template');
    const requestedFen = api.completeDraft.requestedFen;
    const awards = Math.max(1, Math.ceil(N * AWARD_SHARE));
    const call = expectOk(
      await officer.post('/calls', {
        title: `${N} 项申报基准测试批次`,
        mode: 'open_competition',
        windowStart: new Date(Date.now() - 60_000).toISOString(),
        windowEnd: new Date(Date.now() + 24 * 3600_000).toISOString(),
        budgetCapFen: 50_000_000,
        totalBudgetFen: awards * requestedFen,
        templateCode: template.code,
      }),
      'call',
    );

    // Applicant accounts: copies of the demo applicant (same institution and roles), the way the
    // seed makes accounts; a cheap hash (bcrypt cost 4) so that N logins measure the API, not bcrypt.
    const bcrypt = require('bcrypt');
    const hash = await bcrypt.hash(PASSWORD, 4);
    await pg.query(
      `INSERT INTO users (id, username, display_name, password_hash, roles, institution_id)
       SELECT gen_random_uuid(), 'bench-pi-' || i, '基准申报人' || i, $1, roles, institution_id
         FROM users, generate_series(1, $2::int) i WHERE username = 'applicant'`,
      [hash, N],
    );
    const tag = `基准评审池${runId.slice(-6)}`;
    const expertIds: string[] = new Array(E);
    await pool(E, CLIENTS, async (i) => {
      const res = await setup.req(() =>
        officer.post('/experts', {
          name: `基准专家${i + 1}`,
          title: i % 2 ? '教授' : '研究员',
          organisation: `基准专家单位${i + 1}`,
          keyFields: ['new_materials'],
          keywords: [tag],
          region: '广西百色',
          finance: i % 5 === 0,
          loadCap: Math.ceil(((N * K) / E) * 1.5) + 2,
          externalRef: `BENCH-${runId}-${i}`,
          account: { username: `bench-ex-${i}`, password: PASSWORD },
        }),
      );
      expertIds[i] = expectOk(res, `expert ${i}`).id;
    });
    log(`${E} experts registered`);
    const applicants: Client[] = new Array(N);
    await pool(N, CLIENTS, async (i) => {
      applicants[i] = await loginRetrying(api, `bench-pi-${i + 1}`);
    });
    const experts: Client[] = new Array(E);
    await pool(E, CLIENTS, async (i) => {
      experts[i] = await loginRetrying(api, `bench-ex-${i}`);
    });
    setup.items = N + E;
    setup.end();
    log(`set-up done in ${(setup.ms / 1000).toFixed(0)} s`);

    // ---- the round ---------------------------------------------------------------------------
    const phases: Phase[] = [];
    const startsBefore = await startsNow();
    let startsMark = startsBefore;
    const closePhase = async (p: Phase) => {
      p.end();
      const s = await startsNow();
      p.starts = s - startsMark;
      startsMark = s;
      phases.push(p);
      log(
        `${p.name}: ${p.items} ${p.unit} in ${(p.ms / 1000).toFixed(1)} s (${fmt(p.items / (p.ms / 1000), 1)}/s)` +
          (p.errors.size ? `; refusals ${JSON.stringify(Object.fromEntries(p.errors))}` : '') +
          (p.retries ? `; ${p.retries} retried after a 503` : '') +
          (p.doneDespite503 ? `, ${p.doneDespite503} of them had taken effect` : ''),
      );
    };

    const drafts = new Phase('drafts (POST /applications)', 'drafts', N).begin();
    const appIds: string[] = new Array(N);
    await pool(N, CLIENTS, async (i) => {
      const res = await drafts.req((h) =>
        applicants[i].post(
          '/applications',
          {
            callId: call.id,
            ...api.completeDraft,
            title: `基准测试申报书 ${i + 1}：赤泥综合利用关键技术研究`,
          },
          h,
        ),
      );
      appIds[i] = expectOk(res, `draft ${i}`).id;
    });
    drafts.updates = N;
    await closePhase(drafts);

    const submits = new Phase('submissions (POST /applications/:id/submit)', 'submissions', N).begin();
    await pool(N, CLIENTS, async (i) => {
      const res = await submits.req((h) =>
        applicants[i].post(`/applications/${appIds[i]}/submit`, api.SIGN, h),
      );
      expectOk(res, `submit ${i}`);
    });
    submits.updates = 2 * N; // the submission and its checklist
    await closePhase(submits);

    const formal = new Phase('formal check (batches of 500)', 'decisions', N).begin();
    const batches = Math.ceil(N / FORMAL_BATCH);
    await pool(batches, FORMAL_CLIENTS, async (b) => {
      const ids = appIds.slice(b * FORMAL_BATCH, (b + 1) * FORMAL_BATCH);
      const res = await formal.req((h) =>
        officer.post(
          `/calls/${call.id}/formal-check/decisions`,
          { decisions: ids.map((applicationId) => ({ applicationId, decision: 'pass' })) },
          h,
        ),
      );
      const bad = expectOk(res, `formal check batch ${b}`).results.filter((r: { ok: boolean }) => !r.ok);
      if (bad.length) throw new Error(`formal check batch ${b}: ${JSON.stringify(bad.slice(0, 3))}`);
    });
    formal.updates = N;
    await closePhase(formal);

    const draw = new Phase('review round: draw (POST /calls/:id/review-rounds)', 'invitations').begin();
    const round = expectOk(
      await draw.req((h) =>
        officer.post(
          `/calls/${call.id}/review-rounds`,
          {
            expertsPerApplication: K,
            responseWindow: 'P3D',
            scoringWindow: 'P7D',
            pool: { keywords: [tag] },
          },
          h,
        ),
      ),
      'review round',
    );
    const roundId: string = round.id;
    draw.items = round.assignments.length;
    draw.updates = 1;
    await closePhase(draw);

    // The experts: each lists their invitations, accepts and scores, and comes back until every
    // invitation the draw gave them is done (a large round lists them as the slices start their
    // reviews, a page at a time; one whose command was refused is tried again on the next turn).
    // An expert who found nothing to do comes back later, 0.5 s then twice as long each time up to
    // 4 s, as a person reloading the page would (bench/README: listed again at once, the clients'
    // lists took most of the API's CPU while the reviews started).
    const invitationsOf = new Map<string, number>();
    for (const a of round.assignments as Array<{ expertId: string }>)
      invitationsOf.set(a.expertId, (invitationsOf.get(a.expertId) ?? 0) + 1);
    const review = new Phase('review: accept + score (POST /reviews/:id/…)', 'invitations').begin();
    const listing = new Phase('review: GET /reviews/mine', 'lists');
    let rubric: any = null;
    let accepted = 0;
    let scored = 0;
    const scoreOf = new Map(appIds.map((id, i) => [id, 60 + ((i * 37) % 40)]));
    /** Experts to visit, each with the time of their next visit and the wait after an idle one. */
    const queue = [...experts.keys()].map((e) => ({ e, due: 0, idle: 0 }));
    let busy = 0;
    const progress = setInterval(
      () => log(`  review: ${fmt(accepted)} accepted, ${fmt(scored)} scored of ${fmt(draw.items)}`),
      30_000,
    );
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (;;) {
          const now = Date.now();
          const at = queue.findIndex((v) => v.due <= now);
          if (at < 0) {
            if (busy === 0 && queue.length === 0) return;
            await sleep(100);
            continue;
          }
          const [visit] = queue.splice(at, 1);
          const e = visit.e;
          let acted = false;
          busy++;
          const expert = experts[e];
          let done = 0;
          const mine = await listing.req(() => expert.get('/reviews/mine?limit=200'));
          listing.items++;
          for (const a of (mine.body?.items ?? []) as Array<{
            id: string;
            roundId: string;
            applicationId: string;
            status: string;
          }>) {
            if (a.roundId !== roundId) continue;
            if (a.status === 'submitted') {
              done++;
              continue;
            }
            if (a.status === 'invited') {
              const res = await review.req((h) =>
                expert.post(`/reviews/${a.id}/response`, { decision: 'accept' }, h),
              );
              if (res.status !== 200 && !alreadyApplied(res)) continue;
              accepted++;
              acted = true;
            } else if (a.status !== 'accepted') {
              done++; // declined, expired or replaced: nothing left for this expert to do
              continue;
            }
            if (!rubric)
              rubric = expectOk(await expert.get(`/reviews/${a.id}/application`), 'open review').rubric;
            const res = await review.req((h) =>
              expert.post(`/reviews/${a.id}/score`, sheetFor(rubric, scoreOf.get(a.applicationId)!), h),
            );
            if (res.status === 200 || alreadyApplied(res)) {
              scored++;
              done++;
              acted = true;
            }
          }
          busy--;
          if (done < (invitationsOf.get(expertIds[e]) ?? 0)) {
            visit.idle = acted ? 0 : Math.min(4_000, Math.max(500, visit.idle * 2));
            visit.due = Date.now() + visit.idle;
            queue.push(visit);
          }
        }
      }),
    );
    clearInterval(progress);
    review.items = scored;
    review.updates = accepted + scored;
    // The round closes once every slot has a score (its workflow, not this client, decides).
    for (;;) {
      const r = await review.req(() => officer.get(`/review-rounds/${roundId}`));
      if (r.body?.status === 'scored') break;
      await sleep(2000);
    }
    await closePhase(review);
    phases.push(listing);

    const ranking = new Phase('ranking (GET /review-rounds/:id/results)', 'ranked').begin();
    const results = expectOk(
      await ranking.req(() => officer.get(`/review-rounds/${roundId}/results`)),
      'results',
    ).results as Array<{ applicationId: string; rank: number }>;
    ranking.items = results.length;
    await closePhase(ranking);

    const award = new Phase('awards: propose, approve, notice, final, agreements', 'awarded', awards).begin();
    const top = [...results].sort((a, b) => a.rank - b.rank).slice(0, awards);
    const lists = Math.ceil(top.length / AWARD_LIST);
    const awardIds: string[] = [];
    await pool(lists, CLIENTS, async (l) => {
      const items = top
        .slice(l * AWARD_LIST, (l + 1) * AWARD_LIST)
        .map((r) => ({ applicationId: r.applicationId, amountFen: requestedFen }));
      const proposed = expectOk(
        await award.req((h) =>
          officer.post(`/calls/${call.id}/awards`, { roundId, items, note: '按评审排序择优立项' }, h),
        ),
        `award ${l}`,
      );
      expectOk(
        await award.req((h) => admin.post(`/awards/${proposed.id}/approval`, { decision: 'approve' }, h)),
        `approval ${l}`,
      );
      awardIds.push(proposed.id);
    });
    award.updates = 2 * lists;
    for (const id of awardIds) {
      for (;;) {
        const a = await award.req(() => officer.get(`/awards/${id}`));
        if (a.body?.status === 'final') break;
        await sleep(1000);
      }
    }
    let agreements = 0;
    for (;;) {
      agreements = 0;
      for (const id of awardIds)
        agreements += (await api.readAll(officer, `/awards/${id}/agreements`, 200)).items.length;
      if (agreements >= awards) break;
      await sleep(2000);
    }
    await closePhase(award);

    const roundPhases = phases.filter((p) => p !== listing);
    const roundMs = roundPhases.reduce((s, p) => s + p.ms, 0);
    const roundStarts = (await startsNow()) - startsBefore;
    const roundUpdates = roundPhases.reduce((s, p) => s + p.updates, 0);
    const loadRound = os.loadavg();
    // The worker's peak RSS over the whole run (the kernel's high-water mark, set-up included).
    const workerPeak = peakRssMib(stack.pids.worker);
    if (process.env.KJ_BENCH_CPU_PROF) fs.writeFileSync(path.join(process.env.KJ_BENCH_CPU_PROF, 'stop'), '');
    log(
      `round done in ${(roundMs / 1000).toFixed(0)} s: ${fmt(roundStarts)} workflow starts, ${fmt(roundUpdates)} updates`,
    );

    // ---- the baseline ------------------------------------------------------------------------
    const baselineQueue = `${taskQueue}-baseline`;
    worker = await startBaselineWorker(stack.temporalAddress, baselineQueue);
    const { pokeUpdate } = require('./support/baseline.workflow');
    cpuPids = { ...cpuPids, worker: worker.pid }; // the baseline's worker from here on
    const per = Math.floor(roundUpdates / roundStarts);
    const extra = roundUpdates - per * roundStarts;
    const updatesOf = (i: number) => per + (i < extra ? 1 : 0);
    const startBaseline = (phase: Phase, kind: string, i: number) =>
      phase.req(async () => {
        const h = await temporal.workflow.start('baselineWorkflow', {
          taskQueue: baselineQueue,
          workflowId: `baseline-${kind}-${runId}-${i}`,
          args: [updatesOf(i)],
        });
        return { status: 200, body: h };
      });
    type Handle = { executeUpdate(update: unknown, options: { args: unknown[] }): Promise<unknown> };
    const poke = (phase: Phase, handle: Handle, u: number) =>
      phase.req(async () => ({ status: 200, body: await handle.executeUpdate(pokeUpdate, { args: [u] }) }));

    // Workflow by workflow: each started and given its updates in turn, at most CLIENTS open at once.
    const baseline = new Phase('baseline: no-op workflows, one by one', 'workflows', roundStarts);
    if (ONE_BY_ONE) {
      baseline.begin();
      let baselineDone = 0;
      const baselineProgress = setInterval(
        () => log(`  baseline: ${fmt(baselineDone)} of ${fmt(roundStarts)} workflows`),
        30_000,
      );
      await pool(roundStarts, CLIENTS, async (i) => {
        const handle = await startBaseline(baseline, 'one', i);
        for (let u = 0; u < updatesOf(i); u++) await poke(baseline, handle.body, u);
        baselineDone++;
      });
      clearInterval(baselineProgress);
      baseline.end();
      baseline.starts = roundStarts;
      baseline.updates = roundUpdates;
      log(`baseline (one by one) done in ${(baseline.ms / 1000).toFixed(0)} s`);
    }

    // Spread as the round spreads its commands: N workflows open at once (the round's N application
    // workflows, then its N reviews), each update to the next of them in turn, as applicants and
    // experts act across applications. Temporal's own cost per update grows with the workflows it
    // touches in turn (bench:update-cost: server CPU per update ~2x from 100 to 2,000), so this is
    // raw Temporal doing the round's work in the round's shape; the ratio is judged against it.
    const spread = new Phase('baseline: the same, spread over N open', 'workflows', roundStarts).begin();
    for (let first = 0; first < roundStarts; first += N) {
      const group = Array.from({ length: Math.min(N, roundStarts - first) }, (_, j) => first + j);
      const handles: Array<{ body: Handle }> = [];
      await pool(group.length, CLIENTS, async (j) => {
        handles[j] = await startBaseline(spread, 'spread', group[j]);
      });
      const sends: Array<[number, number]> = []; // [workflow in the group, update]
      for (let u = 0; u < per + 1; u++)
        for (let j = 0; j < group.length; j++) if (u < updatesOf(group[j])) sends.push([j, u]);
      await pool(sends.length, CLIENTS, async (k) => {
        const [j, u] = sends[k];
        await poke(spread, handles[j].body, u);
      });
      log(`  baseline (spread): ${fmt(first + group.length)} of ${fmt(roundStarts)} workflows`);
    }
    spread.end();
    spread.starts = roundStarts;
    spread.updates = roundUpdates;
    log(`baseline (spread) done in ${(spread.ms / 1000).toFixed(0)} s`);
    // The memory target's baseline: raw Temporal's worker (the product's worker class and
    // allocator, the SDK's default cache and heaps, no-op workflows) after the same starts and
    // updates, spread over N open.
    const baselineWorkerPeak = peakRssMib(worker.pid!);
    await stopChild(worker);
    worker = null;

    // ---- report ------------------------------------------------------------------------------
    const ratio = roundMs / spread.ms;
    const ratioOneByOne = ONE_BY_ONE ? roundMs / baseline.ms : NaN;
    const pass = ratio <= TARGET_RATIO;
    failed = !pass;
    const rows = [...phases, ...(ONE_BY_ONE ? [baseline] : []), spread].map((p) => [
      p.name,
      `${fmt(p.items)} ${p.unit}`,
      `${(p.ms / 1000).toFixed(1)} s`,
      p.ms ? `${fmt(p.items / (p.ms / 1000), 1)}/s` : '',
      p.latencies.length ? `${fmt(p.pct(50))} / ${fmt(p.pct(99))} ms` : '',
      `${fmt(p.starts)} / ${fmt(p.updates)}`,
      p.cpu
        ? `${fmt(p.cpu.api)} / ${fmt(p.cpu.worker)} / ${fmt(p.cpu.temporal)} / ${fmt(p.cpu.machine - p.cpu.api - p.cpu.worker - p.cpu.temporal - p.cpu.bench)} of ${fmt(p.cpu.machine)}`
        : '',
      [
        p.errors.size ? JSON.stringify(Object.fromEntries(p.errors)) : '',
        p.retries ? `${p.retries} retried` : '',
      ]
        .filter(Boolean)
        .join('; '),
    ]);
    const head = [
      'phase',
      'items',
      'time',
      'throughput',
      'p50 / p99',
      'starts / updates',
      'CPU s: API / worker / Temporal / other of machine',
      'refusals (retried)',
    ];
    const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
    const line = (r: string[]) => `  ${r.map((v, c) => v.padEnd(widths[c])).join('  ')}`.trimEnd();
    console.log(`\nround of ${fmt(N)} applications, ${fmt(E)} experts, k = ${K}, ${CLIENTS} clients`);
    console.log(line(head));
    for (const r of rows) console.log(line(r));
    console.log(`  set-up (not in the round): ${(setup.ms / 1000).toFixed(0)} s`);
    console.log(
      `  worker peak RSS (VmHWM, whole run): ${fmt(workerPeak)} MiB, target ≤ 1,024 MiB (issue 17); ` +
        `raw Temporal's worker (the baseline's: same class and allocator, the SDK's default cache): ${fmt(baselineWorkerPeak)} MiB`,
    );
    console.log(
      `  round ${(roundMs / 1000).toFixed(1)} s; baseline (${fmt(roundStarts)} starts, ${fmt(roundUpdates)} updates) ` +
        (ONE_BY_ONE
          ? `one by one ${(baseline.ms / 1000).toFixed(1)} s: ratio ${ratioOneByOne.toFixed(2)}; `
          : 'one by one not run; ') +
        `spread over ${fmt(N)} open as the round's ${(spread.ms / 1000).toFixed(1)} s: ratio ${ratio.toFixed(2)} ` +
        `(${((100 * spread.ms) / roundMs).toFixed(0)} % of raw Temporal throughput), target ≤ ${TARGET_RATIO}: ${pass ? 'PASS' : 'FAIL'}`,
    );
    console.log(
      `  machine: ${os.cpus().length} cores, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.version}; ` +
        `load average at start ${load0.map((l) => l.toFixed(1)).join(' ')}, after the round ${loadRound
          .map((l) => l.toFixed(1))
          .join(' ')}, at the end ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}; ${new Date().toISOString()}`,
    );
    console.log(pass ? 'PASS' : 'FAIL');
    await api.closeDb();
  } finally {
    if (worker) await stopChild(worker);
    await connection.close();
    await statistics.stop();
    await pg.end();
    await stack.stop();
    const { dropDatabase } = require(path.join(root, 'dist/libs/persistence/src'));
    if (process.env.KJ_KEEP_BENCH !== '1') {
      await dropDatabase(stack.databaseUrl);
      fs.rmSync(logDir, { recursive: true, force: true });
    } else console.log(`kept: ${stack.databaseUrl}, ${logDir}`);
  }
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
