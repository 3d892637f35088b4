/**
 * The task inbox (GET /inbox, the portal's home page) on a database of 10,000 applications:
 * `npm run bench:inbox` (see bench/README.md). Not part of jest.
 *
 * Builds (dist/, as the medium tests do), migrates a fresh database, fills it with SQL: 20 calls,
 * 10,000 applications of 2,000 PIs at 50 institutions in every application status, a review round
 * per closed call with 3 invitations per application that passed the formal check (300 experts),
 * 1,000 projects with 4 progress reports each and 1,000 demands. Then, for one user of each role,
 * it times what InboxQueryService does per request (the page and the counts, side by side) over
 * --runs (default 200) after a warm-up, and prints the median and p95 beside the 20 ms target and
 * the baseline of the same run: a primary-key read of one application, over the same pool.
 * Drops the database at the end (KJ_KEEP_BENCH=1 keeps it). --explain prints each role's plans.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
const opt = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const RUNS = Number(opt('runs', '200'));
const EXPLAIN = process.argv.includes('--explain');
const TARGET_MS = 20;

const FILL = `
  INSERT INTO institutions (id, name, county)
    SELECT md5('inst' || i)::uuid, '基准单位' || i, '右江区' FROM generate_series(0, 49) i;
  INSERT INTO users (id, username, display_name, password_hash, roles, institution_id)
    SELECT md5('pi' || i)::uuid, 'bench-pi-' || i, '申报人' || i, 'x', '{applicant}', md5('inst' || (i % 50))::uuid
    FROM generate_series(0, 1999) i;
  INSERT INTO users (id, username, display_name, password_hash, roles, institution_id)
    SELECT md5('ia' || i)::uuid, 'bench-ia-' || i, '单位管理员' || i, 'x', '{institution_admin}', md5('inst' || i)::uuid
    FROM generate_series(0, 49) i;
  INSERT INTO users (id, username, display_name, password_hash, roles)
    SELECT md5('ex' || i)::uuid, 'bench-ex-' || i, '专家' || i, 'x', '{expert}' FROM generate_series(0, 299) i;
  INSERT INTO users (id, username, display_name, password_hash, roles) VALUES
    (md5('officer')::uuid, 'bench-officer', '官员', 'x', '{officer}'),
    (md5('admin')::uuid, 'bench-admin', '管理员', 'x', '{admin}'),
    (md5('auditor')::uuid, 'bench-auditor', '审计', 'x', '{auditor}');
  INSERT INTO experts (id, user_id, name, title, organisation, organisation_key, region, load_cap)
    SELECT md5('exp' || i)::uuid, md5('ex' || i)::uuid, '专家' || i, '教授', '单位' || i, 'org' || i, '广西', 100
    FROM generate_series(0, 299) i;
  INSERT INTO calls (id, title, mode, status, window_start, window_end, budget_cap_fen, created_by)
    SELECT md5('call' || i)::uuid, '批次' || i, 'open_competition', CASE WHEN i < 10 THEN 'closed' ELSE 'open' END,
           now() - interval '30 days', now() + (i - 10) * interval '1 day', 100000000, md5('officer')::uuid
    FROM generate_series(0, 19) i;
  INSERT INTO applications (id, call_id, applicant_id, institution_id, status, content, resubmit_until)
    SELECT md5('app' || i)::uuid, md5('call' || (i % 20))::uuid, md5('pi' || (i * 7 % 2000))::uuid,
           md5('inst' || (i * 7 % 2000 % 50))::uuid,
           (ARRAY['draft', 'draft', 'awaiting_endorsement', 'returned', 'submitted', 'submitted',
                  'formal_check_passed', 'formal_check_passed', 'formal_check_passed', 'formal_check_passed'])[i % 10 + 1],
           jsonb_build_object('title', '申报书' || i), CASE WHEN i % 10 = 3 THEN now() + interval '5 days' END
    FROM generate_series(0, 9999) i;
  INSERT INTO review_rounds (id, call_id, strategy, experts_per_application, seed, policy, status, created_by)
    SELECT md5('round' || i)::uuid, md5('call' || i)::uuid, 'random', 3, i, '{}', 'reviewing', md5('officer')::uuid
    FROM generate_series(0, 9) i;
  INSERT INTO review_assignments (id, round_id, application_id, expert_id, status, draw, affinity, respond_by, score_by, created_at)
    SELECT md5('ra' || a.i || '-' || j)::uuid, md5('round' || (a.i % 20))::uuid, md5('app' || a.i)::uuid,
           md5('exp' || ((a.i / 2 + j * 101) % 300))::uuid,
           (ARRAY['invited', 'accepted', 'submitted', 'submitted'])[(a.i / 20 + j) % 4 + 1], 1, 0,
           now() + interval '2 days', now() + interval '9 days', now()
    FROM generate_series(0, 9999) a(i), generate_series(0, 2) j
    WHERE a.i % 10 >= 6 AND a.i % 20 < 10;
  INSERT INTO projects (id, program_code, title, pi_id, institution_id, status, starts_on, ends_on, source)
    SELECT md5('proj' || i)::uuid, 'key-rd', '项目' || i, md5('pi' || (i * 2))::uuid, md5('inst' || ((i * 2) % 50))::uuid,
           'ongoing', current_date - 200, current_date + 500, 'award'
    FROM generate_series(0, 999) i;
  INSERT INTO project_reports (project_id, seq, due_at, status)
    SELECT md5('proj' || i)::uuid, s, now() + (s - 2) * interval '90 days',
           CASE WHEN s = 1 THEN (ARRAY['accepted', 'submitted', 'confirmed', 'due'])[i % 4 + 1] ELSE 'due' END
    FROM generate_series(0, 999) i, generate_series(1, 4) s;
  INSERT INTO demand_campaigns (id, title, status, window_start, window_end, key_fields, created_by)
    VALUES (md5('campaign')::uuid, '需求征集', 'open', now() - interval '5 days', now() + interval '20 days', '{new_materials}', md5('officer')::uuid);
  INSERT INTO demands (id, campaign_id, submitter_id, status, title, key_field, content)
    SELECT md5('demand' || i)::uuid, md5('campaign')::uuid, md5('pi' || i)::uuid,
           (ARRAY['draft', 'submitted', 'accepted', 'rejected'])[i % 4 + 1], '需求' || i, 'new_materials', '{}'
    FROM generate_series(0, 999) i;
  ANALYZE;
`;

function quantile(sorted: number[], q: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function time(fn: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 20; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    await fn();
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  ms.sort((a, b) => a - b);
  return { median: quantile(ms, 0.5), p95: quantile(ms, 0.95) };
}

async function main() {
  const { build } = require(path.join(root, 'tools/build'));
  await build({ ifStale: true });
  const persistence = require(path.join(root, 'dist/libs/persistence/src'));
  const domain = require(path.join(root, 'dist/libs/domain/src'));
  const base = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kjflow');
  base.pathname = `/kjflow_inbox_bench_${Date.now()}`;
  const url = base.toString();
  await persistence.dropDatabase(url);
  await persistence.migrate(url);
  const ds = persistence.createDataSource({ url, poolSize: 4, logErrors: true });
  await ds.initialize();
  try {
    await ds.query(FILL);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM applications`);
    // The figures are wall times on a shared machine: the load beside them, and the baseline.
    console.log(
      `applications: ${n}; runs per figure: ${RUNS}; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
    );
    const repo = new persistence.InboxRepository(ds);
    const users: Array<[string, string]> = [
      ['applicant', 'bench-pi-21'], // five returned applications
      ['institution_admin', 'bench-ia-14'], // endorsements and pledges
      ['expert', 'bench-ex-3'],
      ['officer', 'bench-officer'],
      ['admin', 'bench-admin'],
      ['auditor', 'bench-auditor'],
    ];
    const ids: string[] = (await ds.query(`SELECT id FROM applications ORDER BY random() LIMIT 100`)).map(
      (r: { id: string }) => r.id,
    );
    let k = 0;
    const baseline = await time(() => ds.query(`SELECT * FROM applications WHERE id = $1`, [ids[k++ % 100]]));
    console.log(
      `baseline (one application by primary key): median ${baseline.median.toFixed(2)} ms, p95 ${baseline.p95.toFixed(2)} ms`,
    );
    let failed = false;
    for (const [role, username] of users) {
      const [u] = await ds.query(
        `SELECT id, roles, institution_id AS "institutionId" FROM users WHERE username = $1`,
        [username],
      );
      const kinds = domain.inboxKindsFor(u);
      const page = { limit: 50 };
      const once = () => Promise.all([repo.page(u, kinds, page), repo.counts(u, kinds)]);
      const [first, counts] = await once();
      const t = await time(once);
      const ok = t.median <= TARGET_MS;
      failed ||= !ok;
      const total = Object.values(counts as Record<string, number>).reduce((a, b) => a + b, 0);
      console.log(
        `${ok ? 'PASS' : 'FAIL'} ${role.padEnd(17)} items ${String(total).padStart(5)} (page ${first.items.length}): ` +
          `median ${t.median.toFixed(2)} ms, p95 ${t.p95.toFixed(2)} ms; target ≤ ${TARGET_MS} ms median; ` +
          `baseline ${baseline.median.toFixed(2)} ms`,
      );
      if (EXPLAIN && kinds.length)
        console.log(JSON.stringify(counts), '\n', (await repo.explain(u, kinds)).join('\n'));
    }
    process.exitCode = failed ? 1 : 0;
  } finally {
    await ds.destroy();
    if (!process.env.KJ_KEEP_BENCH) await persistence.dropDatabase(url);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
