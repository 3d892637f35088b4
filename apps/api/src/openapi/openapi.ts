import { INestApplication, Type } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { createDocument, ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { errorBodySchema, ROLES } from '@kjflow/domain';
import { ENDPOINT_METADATA, EndpointSpec } from '../common/endpoint.decorator';

const METHODS: Partial<Record<RequestMethod, 'get' | 'post' | 'put' | 'patch' | 'delete'>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

/** JSON commands take an Idempotency-Key (common/idempotency.interceptor.ts). */
const idempotencyHeader = {
  'Idempotency-Key': z.string().min(1).max(255).optional().meta({
    description:
      "A key of the client's choosing (a UUID): a repeat with the same key and request returns the first answer (same status and body, header Idempotent-Replayed: true) and writes nothing; the same key with another request is 422 idempotency_key_reused; while the first still runs, 409. An attempt answered 503 after its Temporal update was sent leaves the key in doubt: its retry creates nothing twice, and if the first attempt took effect after all, the retry is answered 409 already_applied (the command is done; read the resource). Kept for a day, per caller.",
  }),
};

/** The error envelope, once in `components.schemas` and referenced by every error response. */
const errorBody = errorBodySchema.meta({ id: 'ErrorBody' });

/** Whether the spec's request headers include If-Match (the route refuses a stale version with 412). */
function takesIfMatch(spec: EndpointSpec): boolean {
  const headers = spec.headers?.request as z.ZodObject | undefined;
  return !!headers?.shape && Object.keys(headers.shape).some((h) => h.toLowerCase() === 'if-match');
}

/**
 * The error statuses a route can answer with, each following from its Endpoint spec, so the
 * document promises no refusal the route cannot give (and a client generated from it handles
 * every one it can):
 * - 400 always: every route checks its query (unknown parameters) and whatever else it takes;
 * - 401 unless public; 403 only where roles are restricted;
 * - 404 only where the path names a record;
 * - 409, 422 and 503 only for workflow commands (state, rules, the worker's presence);
 * - 412 only where If-Match is taken; 413 and 415 only where a body can be sent;
 * - `spec.errors` adds a route's own (e.g. 401 for a wrong password on the public login).
 */
export function errorResponses(spec: EndpointSpec, method: string): Record<string, string> {
  const body = method !== 'get';
  const out: Record<string, string | false | undefined> = {
    400: 'Malformed or invalid request: field-level messages in zh-CN and English',
    401: !spec.public && 'Login required',
    403: !!spec.roles && `Role not allowed (allowed: ${spec.roles.join(', ')})`,
    404: !!spec.params && 'Not found (or not yours to see)',
    409:
      spec.command && 'Not allowed in the current state, or the same Idempotency-Key is still being answered',
    412: takesIfMatch(spec) && 'If-Match does not match the current version',
    413: body && 'Request body too large',
    415: body && (spec.upload ? 'Not one of the accepted media types' : 'The body is not JSON'),
    422: spec.command && 'Refused by a rule (e.g. the window has closed), or an Idempotency-Key reused',
    503:
      spec.command &&
      '`worker_unavailable`: no worker is polling the task queue, so the command was refused (nothing written); retry shortly',
    ...spec.errors,
  };
  return Object.fromEntries(
    Object.entries(out).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

function joinPath(...parts: string[]): string {
  const p =
    '/' +
    parts
      .map((x) => x.replace(/^\/|\/$/g, ''))
      .filter(Boolean)
      .join('/');
  return p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * Every controller of a module and the modules it imports, read from Nest's module metadata:
 * the same set the running app registers, without instantiating anything (no database, no
 * Temporal), so the document can be built offline (tests, `npm run api:types`).
 */
export function controllersOf(root: Type): Type[] {
  const seen = new Set<unknown>();
  const controllers: Type[] = [];
  const visit = (entry: unknown) => {
    if (!entry || seen.has(entry)) return;
    seen.add(entry);
    if (typeof entry === 'object' && 'forwardRef' in entry) {
      visit((entry as { forwardRef: () => unknown }).forwardRef());
      return;
    }
    // A dynamic module: { module, controllers?, imports? } beside the class's own metadata.
    const dynamic = typeof entry === 'object' ? (entry as Record<string, unknown>) : undefined;
    const cls = (dynamic ? dynamic.module : entry) as Type | undefined;
    if (!cls) return;
    const own = (key: string): unknown[] => [
      ...((Reflect.getMetadata(key, cls) as unknown[] | undefined) ?? []),
      ...((dynamic?.[key] as unknown[] | undefined) ?? []),
    ];
    for (const c of own(MODULE_METADATA.CONTROLLERS))
      if (!controllers.includes(c as Type)) controllers.push(c as Type);
    for (const m of own(MODULE_METADATA.IMPORTS)) visit(m);
  };
  visit(root);
  return controllers;
}

/** The document of a running app: its registered controllers. */
export function buildOpenApiDocument(app: INestApplication) {
  const controllers = app
    .get(DiscoveryService)
    .getControllers()
    .map((w) => w.metatype as Type | null)
    .filter((t): t is Type => !!t);
  return openApiDocumentOf(controllers);
}

/** The names of the methods of a class and its ancestors (the route handlers among them). */
function methodNames(proto: object): string[] {
  const names = new Set<string>();
  for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      if (name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(p, name)?.value === 'function')
        names.add(name);
    }
  }
  return [...names];
}

/**
 * OpenAPI 3.1 built from the routes' Endpoint metadata and their zod schemas: the document can
 * never disagree with what the API validates.
 */
export function openApiDocumentOf(controllers: Type[]) {
  const paths: ZodOpenApiPathsObject = {};

  for (const metatype of controllers) {
    const base = (Reflect.getMetadata(PATH_METADATA, metatype) as string | undefined) ?? '';
    const proto = metatype.prototype;
    for (const name of methodNames(proto)) {
      const handler = proto[name];
      const spec = Reflect.getMetadata(ENDPOINT_METADATA, handler) as EndpointSpec | undefined;
      const method = METHODS[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      if (!spec || !method) continue;
      const path = joinPath(base, (Reflect.getMetadata(PATH_METADATA, handler) as string | undefined) ?? '');
      const ok = String(spec.status ?? (method === 'post' ? 201 : 200));
      const op: ZodOpenApiOperationObject = {
        summary: spec.summary,
        tags: spec.tags,
        operationId: `${metatype.name.replace(/Controller$/, '')}_${name}`,
        security: spec.public ? [] : [{ bearer: [] }],
        requestParams: {
          ...(spec.params ? { path: spec.params as never } : {}),
          ...(spec.query ? { query: spec.query as never } : {}),
          ...(spec.headers?.request || (spec.command && !spec.upload && !spec.public)
            ? {
                header: (spec.command && !spec.upload && !spec.public
                  ? ((spec.headers?.request as z.ZodObject | undefined) ?? z.object({})).extend(
                      idempotencyHeader,
                    )
                  : spec.headers?.request) as never,
              }
            : {}),
        },
        ...(spec.body ? { requestBody: { content: { 'application/json': { schema: spec.body } } } } : {}),
        ...(spec.upload
          ? {
              requestBody: {
                required: true,
                description: spec.upload.description,
                content: Object.fromEntries(
                  spec.upload.mediaTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }]),
                ),
              },
            }
          : {}),
        // Who may call it (every role when the spec names none; absent with `security: []`: no
        // login), and whether it is a workflow command: read by clients and by the fuzz suite
        // (test/fuzz.e2e-spec.ts).
        ...(spec.public ? {} : { 'x-roles': spec.roles ?? [...ROLES] }),
        ...(spec.command ? { 'x-command': true } : {}),
        responses: {
          [ok]: {
            description: spec.download?.description ?? 'OK',
            ...(spec.response ? { content: { 'application/json': { schema: spec.response } } } : {}),
            ...(spec.download
              ? {
                  content: Object.fromEntries(
                    spec.download.mediaTypes.map((t) => [
                      t,
                      { schema: { type: 'string' as const, contentMediaType: t, format: 'binary' } },
                    ]),
                  ),
                }
              : {}),
            ...(spec.headers?.response
              ? {
                  headers: z.object(
                    Object.fromEntries(
                      Object.entries(spec.headers.response).map(([h, d]) => [
                        h,
                        z.string().meta({ description: d }),
                      ]),
                    ),
                  ),
                }
              : {}),
          },
          ...Object.fromEntries(
            Object.entries(errorResponses(spec, method))
              .filter(([code]) => code !== ok && code !== String(spec.alsoAnswers?.status))
              .map(([code, description]) => [
                code,
                { description, content: { 'application/json': { schema: errorBody } } },
              ]),
          ),
          ...(spec.alsoAnswers && spec.response
            ? {
                [spec.alsoAnswers.status]: {
                  description: spec.alsoAnswers.description,
                  content: { 'application/json': { schema: spec.response } },
                },
              }
            : {}),
        },
      };
      paths[path] = { ...(paths[path] ?? {}), [method]: op };
    }
  }

  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'kjflow API',
      version: '0.1.0',
      description:
        '百色市科技计划项目全流程管理 — S&T project lifecycle for the Baise science bureau. ' +
        'Times are UTC (ISO 8601); fields ending in `Local` show Asia/Shanghai. Money is integer fen.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  });
}
