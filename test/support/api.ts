import { Pool } from 'pg';

/** A small HTTP client for the tests: the real API, as a user would call it. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export function apiUrl(): string {
  const url = process.env.KJ_API_URL;
  if (!url) throw new Error('KJ_API_URL is not set: run end-to-end tests through jest (global set-up)');
  return url;
}

export async function request<T = any>(
  method: string,
  path: string,
  opts: { token?: string; body?: unknown; headers?: Record<string, string>; rawBody?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(apiUrl() + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON (e.g. the Swagger UI page) */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}

export const DEMO_PASSWORD = 'kjflow-demo';

/** Logs a demo user in and returns a client bound to their token. */
export async function as(username: string) {
  const res = await request('POST', '/auth/login', { body: { username, password: DEMO_PASSWORD } });
  if (res.status !== 200)
    throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const token: string = res.body.accessToken;
  return {
    token,
    user: res.body.user as { id: string; roles: string[]; institutionId: string | null },
    get: <T = any>(path: string, headers?: Record<string, string>) =>
      request<T>('GET', path, { token, headers }),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
      request<T>('POST', path, { token, body, headers }),
    patch: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
      request<T>('PATCH', path, { token, body, headers }),
  };
}
export type Client = Awaited<ReturnType<typeof as>>;

let pool: Pool | null = null;
/** Direct reads of the run's database, to check that refused requests wrote nothing. */
export function db(): Pool {
  pool ??= new Pool({ connectionString: process.env.KJ_TEST_DATABASE_URL, max: 2 });
  return pool;
}
export async function closeDb(): Promise<void> {
  await pool?.end();
  pool = null;
}

export async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db().query(`SELECT count(*)::int AS n FROM (${sql}) q`, params);
  return rows[0].n;
}

/** A call whose window closes `closesInMs` from now (opened a minute ago). */
export async function createCall(
  officer: Client,
  opts: { closesInMs?: number; opensInMs?: number; budgetCapFen?: number; title?: string } = {},
) {
  const now = Date.now();
  const res = await officer.post('/calls', {
    title: opts.title ?? '2026年百色市重点研发计划（测试批次）',
    mode: 'open_competition',
    windowStart: new Date(now + (opts.opensInMs ?? -60_000)).toISOString(),
    windowEnd: new Date(now + (opts.closesInMs ?? 10 * 60_000)).toISOString(),
    budgetCapFen: opts.budgetCapFen ?? 50_000_000,
  });
  if (res.status !== 201) throw new Error(`create call failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; windowEnd: string; windowEndLocal: string; status: string };
}

export const completeDraft = {
  title: '赤泥综合利用关键技术研究',
  summary: '以赤泥为原料制备新型建材并回收铁精矿，降低外排赤泥量。',
  requestedFen: 30_000_000,
};

export async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!ok(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await fn();
  }
  return last;
}
