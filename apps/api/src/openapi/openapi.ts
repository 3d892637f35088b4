import { INestApplication } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { createDocument, ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { z } from 'zod';
import { errorBodySchema } from '@kjflow/domain';
import { ENDPOINT_METADATA, EndpointSpec } from '../common/endpoint.decorator';

const METHODS: Partial<Record<RequestMethod, 'get' | 'post' | 'put' | 'patch' | 'delete'>> = {
  [RequestMethod.GET]: 'get',
  [RequestMethod.POST]: 'post',
  [RequestMethod.PUT]: 'put',
  [RequestMethod.PATCH]: 'patch',
  [RequestMethod.DELETE]: 'delete',
};

const ERROR_RESPONSES = {
  400: 'Validation failed: field-level messages in zh-CN and English',
  401: 'Login required',
  403: 'Role not allowed',
  404: 'Not found (or not yours to see)',
  409: 'Not allowed in the current state',
  412: 'If-Match does not match the current version',
  422: 'Refused by a rule (e.g. the window has closed)',
};
/** JSON commands take an Idempotency-Key (common/idempotency.interceptor.ts). */
const idempotencyHeader = {
  'Idempotency-Key': z.string().min(1).max(255).optional().meta({
    description:
      "A key of the client's choosing (a UUID): a repeat with the same key and request returns the first answer (same status and body, header Idempotent-Replayed: true) and writes nothing; the same key with another request is 422 idempotency_key_reused; while the first still runs, 409. Kept for a day, per caller.",
  }),
};

/** Only for routes that send a workflow command (EndpointSpec.command). */
const WORKER_UNAVAILABLE =
  '`worker_unavailable`: no worker is polling the task queue, so the command was refused (nothing written); retry shortly';

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
 * OpenAPI 3.1 built from the routes' Endpoint metadata and their zod schemas: the document can
 * never disagree with what the API validates.
 */
export function buildOpenApiDocument(app: INestApplication) {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const paths: ZodOpenApiPathsObject = {};

  for (const wrapper of discovery.getControllers()) {
    const { instance, metatype } = wrapper;
    if (!instance || !metatype) continue;
    const base = reflector.get<string>(PATH_METADATA, metatype) ?? '';
    const proto = Object.getPrototypeOf(instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name];
      const spec = reflector.get<EndpointSpec | undefined>(ENDPOINT_METADATA, handler);
      const method = METHODS[reflector.get<RequestMethod>(METHOD_METADATA, handler)];
      if (!spec || !method) continue;
      const path = joinPath(base, reflector.get<string>(PATH_METADATA, handler) ?? '');
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
        // Who may call it (absent: anyone logged in; `security: []`: no login), and whether it is
        // a workflow command: read by clients and by the fuzz suite (test/fuzz.e2e-spec.ts).
        ...(spec.roles ? { 'x-roles': spec.roles } : {}),
        ...(spec.command ? { 'x-command': true } : {}),
        responses: {
          [ok]: {
            description: 'OK',
            ...(spec.response ? { content: { 'application/json': { schema: spec.response } } } : {}),
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
            Object.entries({ ...ERROR_RESPONSES, ...(spec.command ? { 503: WORKER_UNAVAILABLE } : {}) })
              .filter(([code]) => !(spec.public && (code === '401' || code === '403')))
              .map(([code, description]) => [
                code,
                { description, content: { 'application/json': { schema: errorBodySchema } } },
              ]),
          ),
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
