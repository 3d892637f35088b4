import { Pool } from 'pg';
import type { paths } from './api-types';

/** A small HTTP client for the tests: the real API, as a user would call it. */
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

// Typed by the API's own document (api-types.d.ts, `npm run api:types`): a client's path must be
// one the API documents for that method, so a renamed or removed route fails the type check.
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The documented paths that take `M`, as templates: `/applications/{id}/submit`. */
export type PathOf<M extends Method> = {
  [P in keyof paths]: paths[P] extends Record<M, object> ? P : never;
}[keyof paths];
/** A template as the strings that call it: `/applications/${string}/submit`. */
type Filled<P extends string> = P extends `${infer A}{${string}}${infer B}` ? `${A}${string}${Filled<B>}` : P;
/** A documented path of `M`, filled in, with or without a query string. */
export type ApiPath<M extends Method> = { [P in PathOf<M>]: Filled<P> | `${Filled<P>}?${string}` }[PathOf<M>];
type OperationOf<M extends Method, P extends PathOf<M>> = paths[P][M & keyof paths[P]];
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;
/** The success body of an operation: `Ok<'get', '/calls/{id}'>`. */
export type Ok<M extends Method, P extends PathOf<M>> =
  OperationOf<M, P> extends { responses: infer R }
    ? JsonOf<R[Extract<keyof R, 200 | 201 | 202 | 204>]>
    : never;
/** The JSON request body of an operation: `RequestBody<'post', '/calls'>`. */
export type RequestBody<M extends Method, P extends PathOf<M>> =
  OperationOf<M, P> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;

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
export function as(username: string) {
  return login(username, DEMO_PASSWORD);
}

/** Logs any user in (e.g. an expert account created by a test). */
export async function login(username: string, password: string) {
  const res = await request('POST', '/auth/login', { body: { username, password } });
  if (res.status !== 200)
    throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return boundTo(res.body.accessToken, res.body.user);
}

/**
 * A logged-in user's client: each path must be one the API documents for the method (ApiPath).
 * An interface, not an inferred type, so the compiler never infers through the path unions.
 */
export interface Client {
  token: string;
  user: { id: string; roles: string[]; institutionId: string | null };
  get<T = any>(path: ApiPath<'get'>, headers?: Record<string, string>): Promise<ApiResponse<T>>;
  post<T = any>(
    path: ApiPath<'post'>,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse<T>>;
  patch<T = any>(
    path: ApiPath<'patch'>,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse<T>>;
  put<T = any>(path: ApiPath<'put'>, body?: unknown): Promise<ApiResponse<T>>;
  del<T = any>(path: ApiPath<'delete'>): Promise<ApiResponse<T>>;
}

function boundTo(token: string, user: Client['user']): Client {
  // The paths are checked at the call sites (Client); here they are plain strings.
  return {
    token,
    user,
    get: (path: string, headers?: Record<string, string>) => request('GET', path, { token, headers }),
    post: (path: string, body?: unknown, headers?: Record<string, string>) =>
      request('POST', path, { token, body, headers }),
    patch: (path: string, body?: unknown, headers?: Record<string, string>) =>
      request('PATCH', path, { token, body, headers }),
    put: (path: string, body?: unknown) => request('PUT', path, { token, body }),
    del: (path: string) => request('DELETE', path, { token }),
  };
}

/**
 * Every item of a paged list, read `limit` at a time by following `next` as a client does (with
 * `client`'s login, or none for a public list), and how many pages it took. Each page must answer
 * 200 with at most `limit` items.
 */
export async function readAll<T = any>(
  client: Pick<Client, 'token'> | null,
  path: ApiPath<'get'>,
  limit: number,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let next: string | null = null;
  do {
    const query: string = `limit=${limit}${next ? `&next=${encodeURIComponent(next)}` : ''}`;
    const res: ApiResponse<{ items: T[]; next: string | null }> = await request(
      'GET',
      `${path}${path.includes('?') ? '&' : '?'}${query}`,
      client ? { token: client.token } : {},
    );
    if (res.status !== 200 || res.body.items.length > limit)
      throw new Error(`GET ${path} page ${pages + 1}: ${res.status} ${JSON.stringify(res.body)}`);
    items.push(...res.body.items);
    next = res.body.next;
    pages++;
  } while (next && pages < 1000);
  return { items, pages };
}

/**
 * The caller's inbox item of one kind about one subject (and its part, e.g. an objection or a
 * report number), from every page: the demo users' inboxes are shared by every e2e file.
 */
export async function inboxItem(who: Client, kind: string, subjectId: string, ref: string | null = null) {
  const { items } = await readAll(who, `/inbox?kind=${kind}` as '/inbox', 200);
  return items.find((i) => i.subject.id === subjectId && i.subject.ref === ref);
}

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

/**
 * Rows a query selects. Other e2e files write beside this one (jest runs several at a time), so a
 * count that must not change selects only rows the test itself could have written.
 */
export async function count(sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db().query(`SELECT count(*)::int AS n FROM (${sql}) q`, params);
  return rows[0].n;
}

/**
 * Events about one call and what grew from it: the call, its applications, review rounds, awards,
 * agreements and their projects. What "a refused request about this call wrote nothing" counts.
 */
export function callEvents(callId: string): Promise<number> {
  return count(
    `SELECT 1 FROM domain_events WHERE subject_id IN (
       SELECT $1::text
       UNION ALL SELECT id::text FROM applications WHERE call_id = $1::uuid
       UNION ALL SELECT id::text FROM review_rounds WHERE call_id = $1::uuid
       UNION ALL SELECT id::text FROM awards WHERE call_id = $1::uuid
       UNION ALL SELECT id::text FROM agreements WHERE call_id = $1::uuid
       UNION ALL SELECT p.id::text FROM projects p JOIN applications a ON a.id = p.application_id
                  WHERE a.call_id = $1::uuid)`,
    [callId],
  );
}

/**
 * The rows of an append-only table, by id and content (only those of `ids`, if given): taken
 * before and after, with the first one's ids, it shows no row was changed or removed, whatever
 * rows other files add meanwhile.
 */
export async function rowsOf(
  table: 'domain_events' | 'credit_records',
  ids?: string[],
): Promise<{ ids: string[]; hash: string }> {
  const { rows } = await db().query(
    `SELECT coalesce(array_agg(id::text ORDER BY id), '{}') AS ids,
            md5(coalesce(string_agg(t::text, ',' ORDER BY id), '')) AS hash
       FROM ${table} t WHERE $1::uuid[] IS NULL OR id = ANY($1::uuid[])`,
    [ids ?? null],
  );
  return rows[0];
}

/** A call whose window closes `closesInMs` from now (opened a minute ago). */
export async function createCall(
  officer: Client,
  opts: { closesInMs?: number; opensInMs?: number; budgetCapFen?: number; title?: string } = {},
) {
  const now = Date.now();
  const res = await officer.post<Ok<'post', '/calls'>>('/calls', {
    title: opts.title ?? '2026年百色市重点研发计划（测试批次）',
    mode: 'open_competition',
    windowStart: new Date(now + (opts.opensInMs ?? -60_000)).toISOString(),
    windowEnd: new Date(now + (opts.closesInMs ?? 10 * 60_000)).toISOString(),
    budgetCapFen: opts.budgetCapFen ?? 50_000_000,
  });
  if (res.status !== 201) throw new Error(`create call failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Ok<'post', '/calls'>;
}

/** A valid mainland identity number (the standard's example; its check digit is X). */
export const PI_ID_NUMBER = '11010519491231002X';

/**
 * A complete application: PI, team, objectives, route, indicators, schedule and a budget that
 * adds up (direct ¥300,000 + indirect ¥30,000 = grant ¥300,000 + self-funding ¥30,000).
 */
export const completeDraft = {
  title: '赤泥综合利用关键技术研究',
  summary: '以赤泥为原料制备新型建材并回收铁精矿，降低外排赤泥量。',
  requestedFen: 30_000_000,
  pi: {
    name: '李明',
    title: '教授',
    titleLevel: 'full',
    phone: '0776-2848000',
    idNumber: PI_ID_NUMBER,
    effortPercent: 40,
  },
  team: [
    { name: '黄华', role: '技术骨干', organisation: '百色学院', title: '副教授', effortPercent: 30 },
    { name: '陆军', role: '参与人员', organisation: '平果铝业有限公司', effortPercent: 20 },
  ],
  cooperators: [{ name: '平果铝业有限公司', region: '广西百色', division: '中试线建设与工业验证' }],
  objectives: '形成赤泥制备新型建材成套技术一项，建成中试线一条，赤泥综合利用率提高到 30% 以上。',
  technicalRoute: '赤泥脱碱预处理 → 配料与成型工艺优化 → 中试线验证 → 产品性能检测与标准制定。',
  indicators: [
    { name: '赤泥综合利用率', unit: '%', target: 30, assessment: '第三方检测报告' },
    { name: '发明专利申请', unit: '件', target: 2, assessment: '专利受理通知书' },
  ],
  schedule: [
    { title: '工艺研究', start: '2027-01-01', end: '2027-06-30', deliverable: '工艺参数报告' },
    { title: '中试验证', start: '2027-07-01', end: '2027-12-31', deliverable: '中试线运行报告' },
  ],
  budget: {
    equipment: [{ item: '成型试验机', amountFen: 5_000_000 }],
    business: [
      { item: '材料费', amountFen: 12_000_000 },
      { item: '测试化验加工费', amountFen: 8_000_000 },
    ],
    labour: [{ item: '研究生劳务', amountFen: 5_000_000 }],
    indirectFen: 3_000_000,
    selfFundingFen: 3_000_000,
    coFundingFen: 0,
  },
  ethicsReviewRequired: false,
};

/** The submit body: the PI signs the research-integrity pledge with the submission. */
export const SIGN = { integrityPledge: true };

/** A one-page PDF: enough for the content check (%PDF-) and a real viewer. */
export const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** Uploads a file as the raw body, the way the API takes it. */
export async function upload(
  client: { token: string },
  applicationId: string,
  document: string,
  name: string,
  body: Buffer | ReadableStream<Uint8Array>,
  contentType = 'application/octet-stream',
): Promise<ApiResponse> {
  const q = new URLSearchParams({ document, name });
  const res = await fetch(`${apiUrl()}/applications/${applicationId}/attachments?${q}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.token}`, 'content-type': contentType },
    body,
    ...(body instanceof Buffer ? {} : { duplex: 'half' }),
  } as RequestInit);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** Uploads a small PDF for every document the application's program requires. */
export async function attachRequired(client: { token: string; get: Client['get'] }, applicationId: string) {
  const list = await client.get(`/applications/${applicationId}/attachments`);
  for (const d of list.body.required as Array<{ code: string; present: boolean }>) {
    if (d.present) continue;
    const res = await upload(client, applicationId, d.code, `${d.code}.pdf`, TINY_PDF);
    if (res.status !== 201) throw new Error(`upload ${d.code}: ${res.status} ${JSON.stringify(res.body)}`);
  }
}

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
