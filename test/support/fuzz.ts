/**
 * Schema-driven bad input for the fuzz suite (test/fuzz.e2e-spec.ts): reads the operations of the
 * OpenAPI document (OpenAPI 3.1, JSON Schema 2020-12 as zod-openapi writes it) and derives, for
 * each, requests that must be refused. Deterministic for a seed: a failure names its seed and
 * case, and the same seed sends the same requests again.
 */

/** A JSON Schema node. The document inlines every schema (no components, no $ref). */
export type Schema = Record<string, any>;

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  id: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** `/applications/{id}/attachments` */
  path: string;
  params: Parameter[];
  query: Parameter[];
  /** The JSON body's schema, when the operation documents one. */
  body?: Schema;
  /** Media types of a file-upload operation. */
  upload?: string[];
  /** `x-roles`; absent: anyone logged in. */
  roles?: string[];
  public: boolean;
}

export interface FuzzCase {
  op: Operation;
  /** e.g. `body.missing:title`, `param.not-uuid:id`, `content-type:form` */
  name: string;
  kind: 'body-field' | 'body' | 'content-type' | 'param' | 'query';
  /** The request target, already encoded (bad encodings on purpose). */
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** The body field the case spoils, as the API names paths (`team.0.name`, `(root)`). */
  target?: string;
  /** The exact status the case must get, when one is determined (415, 413, 414, 400). */
  expectStatus?: number;
  /** The exact error code, when one is determined. */
  expectCode?: string;
}

/** mulberry32: a small, fast, seeded PRNG (uniform in [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a stable per-operation seed, so adding an operation does not change the others' cases. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

const METHODS = ['post', 'put', 'patch', 'delete'] as const;

/** Every non-GET operation of the document: what the fuzz calls a command. */
export function operations(doc: Schema): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Schema>(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const params: Parameter[] = (op.parameters ?? []).map((p: Schema) => ({
        name: p.name,
        in: p.in,
        required: !!p.required,
        schema: p.schema ?? {},
      }));
      const content = op.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      const mediaTypes = Object.keys(content).filter((t) => t !== 'application/json');
      out.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase() as Operation['method'],
        path,
        params: params.filter((p) => p.in === 'path'),
        query: params.filter((p) => p.in === 'query'),
        body: json,
        upload: mediaTypes.length > 0 ? mediaTypes : undefined,
        roles: op['x-roles'],
        public: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Schemas

function types(s: Schema): string[] {
  if (Array.isArray(s.type)) return s.type;
  if (typeof s.type === 'string') return [s.type];
  return [];
}

/** The schema without its `null` alternative (nullable fields are sampled non-null). */
function nonNull(s: Schema): Schema {
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[key])) {
      const options = s[key].filter((o: Schema) => !(types(o).length === 1 && types(o)[0] === 'null'));
      if (options.length > 0) return nonNull(options[0]);
    }
  }
  if (Array.isArray(s.type)) {
    const t = s.type.filter((x: string) => x !== 'null');
    return { ...s, type: t.length === 1 ? t[0] : t };
  }
  return s;
}

/** Whether a value of `type` can be valid for `s` (over every alternative; `{}` takes anything). */
function allows(s: Schema, type: string): boolean {
  const direct = types(s);
  // The wrong-type values are integers (12345): an integer schema takes them as numbers.
  if (direct.includes(type) || (type === 'number' && direct.includes('integer'))) return true;
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[key]) && s[key].some((o: Schema) => allows(o, type))) return true;
  }
  return direct.length === 0 && !s.anyOf && !s.oneOf && !s.enum; // {}: anything
}

function isStrictObject(s: Schema): boolean {
  return types(s).includes('object') && s.additionalProperties === false;
}

type Rand = () => number;

function uuid(rand: Rand): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[Math.floor(rand() * 4)];
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Values tried, in order, against a string's pattern. */
function patternCandidates(rand: Rand): string[] {
  return [
    uuid(rand),
    '2027-03-01T08:00:00.000Z',
    '2027-03-01',
    'P30D',
    'PT12H',
    '0776-2848000',
    '+86 776 2848000',
    'fuzz@example.com',
    'fuzz_code',
    'fuzz.user',
    '2027',
    '11010519491231002X',
  ];
}

function sampleString(s: Schema, rand: Rand): string {
  if (Array.isArray(s.enum)) return s.enum[Math.floor(rand() * s.enum.length)];
  if (s.const !== undefined) return s.const;
  if (s.format === 'uuid') return uuid(rand);
  if (s.format === 'date-time') return '2027-03-01T08:00:00.000Z';
  if (s.format === 'date') return '2027-03-01';
  if (s.format === 'email') return 'fuzz@example.com';
  if (s.format === 'uri') return 'https://example.com/fuzz';
  if (s.pattern) {
    const re = new RegExp(s.pattern, 'u');
    const hit = patternCandidates(rand).find((c) => re.test(c));
    if (hit) return hit;
  }
  const min = s.minLength ?? 0;
  const max = s.maxLength ?? 40;
  const text = '模糊测试样本文本';
  let out = text;
  while (out.length < min) out += text;
  return out.slice(0, Math.max(min, Math.min(max, 8)));
}

function sampleNumber(s: Schema, integer: boolean): number {
  let lo = typeof s.minimum === 'number' ? s.minimum : -Infinity;
  if (typeof s.exclusiveMinimum === 'number') lo = Math.max(lo, s.exclusiveMinimum + (integer ? 1 : 0.5));
  let hi = typeof s.maximum === 'number' ? s.maximum : Infinity;
  if (typeof s.exclusiveMaximum === 'number') hi = Math.min(hi, s.exclusiveMaximum - (integer ? 1 : 0.5));
  let v = Math.min(Math.max(1, lo), hi);
  if (!Number.isFinite(v)) v = 1;
  return integer ? Math.ceil(v) : v;
}

/**
 * A plausible value for `s`: every required property, optional ones too (so nested fields can
 * be spoiled), lengths and ranges within bounds. Not necessarily valid: cross-field rules are
 * not in the schema. Each case spoils one place of it.
 */
function sample(schema: Schema, rand: Rand, depth = 0): unknown {
  const s = nonNull(schema);
  if (s.default !== undefined && depth > 0 && rand() < 0.3) return s.default;
  if (Array.isArray(s.enum)) return s.enum[Math.floor(rand() * s.enum.length)];
  if (s.const !== undefined) return s.const;
  const t = types(s)[0];
  switch (t) {
    case 'string':
      return sampleString(s, rand);
    case 'integer':
      return sampleNumber(s, true);
    case 'number':
      return sampleNumber(s, false);
    case 'boolean':
      return true;
    case 'array': {
      if (depth > 6 || !s.items) return [];
      const n = Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 1, 1));
      return Array.from({ length: n }, () => sample(s.items, rand, depth + 1));
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      if (depth > 6) return out;
      for (const [key, prop] of Object.entries<Schema>(s.properties ?? {})) {
        out[key] = sample(prop, rand, depth + 1);
      }
      return out;
    }
    default:
      return 'fuzz';
  }
}

// ---------------------------------------------------------------------------------------------
// Places in a body

interface Site {
  path: (string | number)[];
  /** The alternative the sample took (not null). */
  schema: Schema;
  /** Every alternative: what a wrong type or a null must be foreign to. */
  full: Schema;
  required: boolean;
}

/** Every place of `value` the schema describes. */
function sites(schema: Schema, value: unknown, path: (string | number)[] = [], required = true): Site[] {
  const s = nonNull(schema);
  const out: Site[] = [{ path, schema: s, full: schema, required }];
  if (Array.isArray(value) && s.items) {
    value.forEach((item, i) => out.push(...sites(s.items, item, [...path, i], true)));
  } else if (value && typeof value === 'object' && s.properties) {
    const req = new Set<string>(s.required ?? []);
    for (const [key, prop] of Object.entries<Schema>(s.properties)) {
      if (key in (value as object)) {
        out.push(...sites(prop, (value as Record<string, unknown>)[key], [...path, key], req.has(key)));
      }
    }
  }
  return out;
}

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

function setAt(root: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = clone(root) as any;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1];
  if (remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

function pathText(path: (string | number)[]): string {
  return path.map(String).join('.') || '(root)';
}

/** A value of another type than any `s` allows. */
function wrongType(s: Schema): unknown {
  if (!allows(s, 'string')) return 'fuzz-wrong-type';
  if (!allows(s, 'number')) return 12345;
  if (!allows(s, 'boolean')) return true;
  if (!allows(s, 'array')) return ['fuzz'];
  if (!allows(s, 'object')) return { fuzz: true };
  return undefined;
}

const HUNDRED_KB = 'x'.repeat(100 * 1024);
/** Text the API must refuse anywhere: NUL, other C0 controls (escape, bell), lone surrogates. */
const BAD_TEXT: Record<string, string> = {
  nul: 'fuzz\u0000text',
  escape: '\u001b[31mfuzz',
  bell: 'fuzz\u0007',
  'lone-high-surrogate': 'fuzz\ud800',
  'lone-low-surrogate': '\udc00fuzz',
};

function pick<T>(items: T[], n: number, rand: Rand): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

interface BodyMutation {
  name: string;
  body: unknown;
  target: string;
}

/** One fault each: missing, wrong type, out of range, over-long, bad text, unknown field. */
function bodyMutations(schema: Schema, base: unknown, rand: Rand, breadth: number): BodyMutation[] {
  const out: BodyMutation[] = [];
  const all = sites(schema, base);
  const root = all[0];
  const fields = all.filter((x) => x.path.length > 0);
  const add = (name: string, site: Site, body: unknown) =>
    out.push({ name: `${name}:${pathText(site.path)}`, body, target: pathText(site.path) });

  if (types(root.schema).includes('object') && (root.schema.required ?? []).length > 0) {
    out.push({ name: 'missing:(all)', body: {}, target: pathText([root.schema.required[0]]) });
  }
  for (const site of pick(
    fields.filter((f) => f.required && typeof f.path[f.path.length - 1] === 'string'),
    6 * breadth,
    rand,
  )) {
    add('missing', site, setAt(base, site.path, undefined, true));
  }
  for (const site of pick(all, 6 * breadth, rand)) {
    const value = wrongType(site.full);
    if (value !== undefined) add('wrong-type', site, setAt(base, site.path, value));
  }
  for (const site of pick(
    fields.filter((f) => !allows(f.full, 'null')),
    3 * breadth,
    rand,
  )) {
    add('null', site, setAt(base, site.path, null));
  }
  const numeric = fields.filter((f) => types(f.schema).some((t) => t === 'integer' || t === 'number'));
  for (const site of pick(numeric, 4 * breadth, rand)) {
    const s = site.schema;
    const integer = types(s).includes('integer');
    if (typeof s.minimum === 'number') add('below-minimum', site, setAt(base, site.path, s.minimum - 1));
    if (typeof s.exclusiveMinimum === 'number')
      add('at-exclusive-minimum', site, setAt(base, site.path, s.exclusiveMinimum));
    if (typeof s.maximum === 'number' && s.maximum < Number.MAX_SAFE_INTEGER)
      add('above-maximum', site, setAt(base, site.path, s.maximum + 1));
    if (integer) add('fraction', site, setAt(base, site.path, 1.5));
    // Beyond any safe integer; a plain number without a maximum may be that large.
    if (integer || typeof s.maximum === 'number') add('huge', site, setAt(base, site.path, 1e21));
  }
  const strings = fields.filter((f) => types(f.schema).includes('string'));
  for (const site of pick(
    strings.filter((f) => typeof f.schema.maxLength === 'number'),
    4 * breadth,
    rand,
  )) {
    add('over-max-length', site, setAt(base, site.path, 'x'.repeat(site.schema.maxLength + 1)));
  }
  for (const site of pick(strings, 2 * breadth, rand)) add('100kB', site, setAt(base, site.path, HUNDRED_KB));
  for (const site of pick(
    strings.filter((f) => f.schema.enum),
    2 * breadth,
    rand,
  )) {
    add('not-an-option', site, setAt(base, site.path, 'fuzz-no-such-option'));
  }
  for (const site of pick(
    strings.filter((f) => f.schema.format === 'uuid'),
    2 * breadth,
    rand,
  )) {
    add('not-a-uuid', site, setAt(base, site.path, 'not-a-uuid'));
  }
  for (const site of pick(
    strings.filter((f) => f.schema.format === 'date-time' || f.schema.format === 'date'),
    2 * breadth,
    rand,
  )) {
    add('not-a-date', site, setAt(base, site.path, '2027-02-30T25:61:00Z'));
  }
  // Every kind of bad text in a few fields (the first string field always among them: often the
  // one looked up, as a login's username), then one kind in a few more.
  const texts = Object.entries(BAD_TEXT);
  const [first, ...rest] = strings;
  const everyKind = first ? [first, ...pick(rest, 2 * breadth - 1, rand)] : [];
  for (const site of everyKind) {
    for (const [name, text] of texts) add(name, site, setAt(base, site.path, text));
  }
  for (const site of pick(
    rest.filter((f) => !everyKind.includes(f)),
    3 * breadth,
    rand,
  )) {
    const [name, text] = texts[Math.floor(rand() * texts.length)];
    add(name, site, setAt(base, site.path, text));
  }
  for (const site of pick(
    all.filter((f) => types(f.schema).includes('array')),
    3 * breadth,
    rand,
  )) {
    const s = site.schema;
    if (typeof s.maxItems === 'number' && s.maxItems < 1000 && s.items) {
      const item = sample(s.items, rand, 1);
      add(
        'too-many-items',
        site,
        setAt(
          base,
          site.path,
          Array.from({ length: s.maxItems + 1 }, () => item),
        ),
      );
    }
    if ((s.minItems ?? 0) > 0) add('too-few-items', site, setAt(base, site.path, []));
  }
  for (const site of pick(
    all.filter((f) => isStrictObject(f.schema)),
    3 * breadth,
    rand,
  )) {
    add('unknown-field', site, setAt(base, [...site.path, 'fuzzUnknownField'], 1));
  }
  if (root.path.length === 0 && base && typeof base === 'object' && !Array.isArray(base)) {
    out.push({
      name: 'control-character-in-key:(root)',
      body: { ...(base as object), 'fuzz\u0000key': 1 },
      target: 'fuzz\\u0000key', // as the API writes such a key in a path
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cases

function paramSample(p: Parameter, rand: Rand): string {
  return String(sample(p.schema, rand, 1));
}

function buildUrl(
  op: Operation,
  params: Record<string, string>,
  query: Record<string, string> | string,
): string {
  let url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name]);
  const q = typeof query === 'string' ? query : new URLSearchParams(query).toString();
  if (q) url += `?${q}`;
  return url;
}

function form(value: unknown): string {
  const flat: Record<string, string> = {};
  const walk = (v: unknown, prefix: string) => {
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, prefix ? `${prefix}[${k}]` : k);
    } else flat[prefix || 'value'] = String(v);
  };
  walk(value, '');
  return new URLSearchParams(flat).toString();
}

function deep(depth: number): unknown {
  let v: unknown = 'fuzz';
  for (let i = 0; i < depth; i++) v = { nested: v };
  return v;
}

/**
 * The bad requests for one operation: at most `limit`, chosen by `rand` from every kind, the
 * content-type and JSON syntax cases always included.
 */
export function casesFor(op: Operation, rand: Rand, limit: number): FuzzCase[] {
  const params = Object.fromEntries(op.params.map((p) => [p.name, encodeURIComponent(paramSample(p, rand))]));
  const query = Object.fromEntries(
    op.query.filter((q) => q.required).map((q) => [q.name, paramSample(q, rand)]),
  );
  const url = buildUrl(op, params, query);
  const base = op.body ? sample(op.body, rand) : undefined;
  const json = { 'content-type': 'application/json' };
  const must: FuzzCase[] = [];
  const optional: FuzzCase[] = [];
  const make = (c: Omit<FuzzCase, 'op' | 'url' | 'headers'> & Partial<FuzzCase>): FuzzCase => ({
    op,
    url,
    headers: {},
    ...c,
  });

  // The body as a whole: other content types, broken JSON, not an object, too deep, too large.
  const payload = JSON.stringify(base ?? {});
  const notJson: Array<[string, string, string]> = [
    ['form', 'application/x-www-form-urlencoded', form(base ?? { fuzz: 'x' })],
    ['text', 'text/plain', payload],
    ['xml', 'application/xml', '<fuzz/>'],
    ['multipart', 'multipart/form-data; boundary=fuzz', '--fuzz\r\n\r\nx\r\n--fuzz--\r\n'],
  ];
  if (!op.upload) notJson.push(['pdf-to-json-route', 'application/pdf', '%PDF-1.4 fuzz']);
  for (const [name, type, body] of notJson) {
    must.push(
      make({
        name: `content-type:${name}`,
        kind: 'content-type',
        headers: { 'content-type': type },
        body,
        expectStatus: 415,
        expectCode: 'unsupported_media_type',
      }),
    );
  }
  must.push(
    make({
      name: 'content-type:none',
      kind: 'content-type',
      headers: {},
      body: payload,
      expectStatus: 415,
    }),
  );
  if (op.upload) {
    must.push(
      make({
        name: 'upload:json-body',
        kind: 'content-type',
        headers: json,
        body: '{"file":"fuzz"}',
        expectStatus: 415,
        expectCode: 'unsupported_media_type',
      }),
    );
  } else {
    must.push(
      make({
        name: 'json:malformed',
        kind: 'body',
        headers: json,
        body: payload.slice(0, Math.max(1, payload.length - 1)) + ',',
        expectStatus: 400,
        expectCode: 'bad_request',
      }),
      make({
        name: 'json:empty',
        kind: 'body',
        headers: json,
        body: '',
        expectStatus: 400,
        expectCode: 'bad_request',
      }),
      make({
        name: 'json:proto',
        kind: 'body',
        headers: json,
        body: '{"__proto__":{"isAdmin":true}}',
        expectStatus: 400,
        expectCode: 'bad_request',
      }),
      make({
        name: 'json:too-large',
        kind: 'body',
        headers: json,
        body: JSON.stringify({ fuzz: 'x'.repeat(1024 * 1024 + 10) }),
        expectStatus: 413,
      }),
    );
    if (op.body) {
      for (const [name, body] of [
        ['array', '[]'],
        ['null', 'null'],
        ['string', '"fuzz"'],
        ['number', '42'],
      ]) {
        optional.push(make({ name: `json:${name}`, kind: 'body', headers: json, body }));
      }
      optional.push(make({ name: 'json:deep', kind: 'body', headers: json, body: JSON.stringify(deep(64)) }));
    }
  }

  // One spoiled field at a time.
  if (op.body && !op.upload) {
    for (const m of bodyMutations(op.body, base, rand, Math.max(1, Math.round(limit / 48)))) {
      optional.push(
        make({
          name: `body.${m.name}`,
          kind: 'body-field',
          headers: json,
          body: JSON.stringify(m.body),
          target: m.target,
        }),
      );
    }
  }

  // Path parameters: not an id, an id of nothing, bad encodings, control characters, too long.
  const body = op.body && !op.upload ? payload : undefined;
  const headers = body ? json : {};
  for (const p of op.params) {
    const isId = p.schema.format === 'uuid';
    const values: Array<[string, string, number?]> = [
      ['wrong-shape', isId ? 'not-a-uuid' : 'fuzz'],
      ['unknown', isId ? uuid(rand) : '999999'],
      ['number-overflow', '99999999999999999999999'],
      ['nul', 'fuzz%00'],
      ['control', '%1B%5B31m'],
      ['bad-percent-encoding', '%E0%A4%A', 400],
      ['encoded-surrogate', '%ED%A0%80', 400],
      ['traversal', '..%2F..%2Fetc%2Fpasswd'],
      ['over-long', 'a'.repeat(150), 414],
      ['negative', '-1'],
    ];
    for (const [name, raw, status] of values) {
      (name === 'unknown' ? must : optional).push(
        make({
          name: `param.${name}:${p.name}`,
          kind: 'param',
          url: buildUrl(op, { ...params, [p.name]: raw }, query),
          headers,
          body,
          expectStatus: status,
        }),
      );
    }
  }

  // Query parameters: missing, control characters, too long, repeated.
  for (const q of op.query) {
    const others = { ...query };
    delete others[q.name];
    const variants: Array<[string, string]> = [
      ['nul', `${q.name}=fuzz%00`],
      ['lone-surrogate', `${q.name}=%ED%A0%80`],
      ['over-long', `${q.name}=${'x'.repeat((q.schema.maxLength ?? 1000) + 1)}`],
      ['repeated', `${q.name}=a&${q.name}=b`],
    ];
    if (q.required) variants.push(['missing', '']);
    for (const [name, text] of variants) {
      const rest = new URLSearchParams(others).toString();
      optional.push(
        make({
          name: `query.${name}:${q.name}`,
          kind: 'query',
          url: buildUrl(op, params, [rest, text].filter(Boolean).join('&')),
          headers: op.upload ? { 'content-type': 'application/pdf' } : headers,
          body: op.upload ? '%PDF-1.4 fuzz' : body,
        }),
      );
    }
  }

  return [...must, ...pick(optional, Math.max(0, limit - must.length), rand)];
}
