import { Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ROLES } from '@kjflow/domain';
import { AppModule } from '../app.module';
import { ENDPOINT_METADATA, EndpointSpec } from '../common/endpoint.decorator';
import { controllersOf } from './openapi';
import { offlineOpenApiDocument } from './offline';

/**
 * The contract clients are generated from (issue 14 §3): every operation of /openapi.json says
 * what it answers, who may call it, what it takes, and only the refusals it can give. Each check
 * lists the operations that break it (`METHOD /path (operationId)`), so a failure names what to fix.
 */
type Json = Record<string, any>;

const doc = offlineOpenApiDocument() as Json;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

const operations = Object.entries<Json>(doc.paths).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((method) => {
    const op: Json = item[method];
    return { path, method, op, name: `${method.toUpperCase()} ${path} (${op.operationId})` };
  }),
);

/** Each route's Endpoint spec and whether its handler reads a JSON body (`@Body()`), by operationId. */
const routes = new Map<string, { spec: EndpointSpec; readsBody: boolean }>();
for (const controller of controllersOf(AppModule) as Type[]) {
  const proto = controller.prototype;
  for (const name of Object.getOwnPropertyNames(proto)) {
    const handler = proto[name];
    const spec = Reflect.getMetadata(ENDPOINT_METADATA, handler) as EndpointSpec | undefined;
    if (!spec || Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
    if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
      string,
      unknown
    >;
    const readsBody = Object.keys(args).some((k) => Number(k.split(':')[0]) === RouteParamtypes.BODY);
    routes.set(`${controller.name.replace(/Controller$/, '')}_${name}`, { spec, readsBody });
  }
}

/** A schema, its `$ref` (to components.schemas) followed. */
const resolve = (schema: Json | undefined): Json | undefined =>
  schema?.$ref ? doc.components?.schemas?.[String(schema.$ref).split('/').pop()!] : schema;
const successOf = (op: Json) => Object.keys(op.responses).find((s) => /^[23]\d\d$/.test(s))!;
const errorsOf = (op: Json) => Object.keys(op.responses).filter((s) => /^[45]\d\d$/.test(s));
const isPublic = (op: Json) => Array.isArray(op.security) && op.security.length === 0;
const restricted = (op: Json) =>
  Array.isArray(op['x-roles']) && !ROLES.every((r) => op['x-roles'].includes(r));
const headerNames = (op: Json) =>
  (op.parameters ?? []).filter((p: Json) => p.in === 'header').map((p: Json) => p.name.toLowerCase());

/** The operations for which `broken` says what is wrong (a string), as `name: what`. */
function offenders(broken: (o: (typeof operations)[number]) => string | false | undefined): string[] {
  return operations.flatMap((o) => {
    const why = broken(o);
    return why ? [`${o.name}: ${why}`] : [];
  });
}

describe('the API contract (every operation of /openapi.json)', () => {
  it('covers the routes of every controller', () => {
    expect(operations.length).toBe(routes.size);
    expect(offenders(({ op }) => !routes.has(op.operationId) && 'no route with this operationId')).toEqual(
      [],
    );
  });

  it('documents a typed success response (a schema, not `{}`; a file download names its media types)', () => {
    expect(
      offenders(({ op }) => {
        const status = successOf(op);
        if (!status) return 'no success response';
        if (status === '204') return op.responses[status].content && '204 with a body';
        const content: Json | undefined = op.responses[status].content;
        if (!content) return `${status} without a schema (JSON: Endpoint 'response'; a file: 'download')`;
        const json = content['application/json'];
        if (json) {
          const schema = json.schema ?? {};
          return (
            Object.keys(schema).filter((k) => k !== 'description').length === 0 && `${status} typed as {}`
          );
        }
        return (
          !Object.values(content).every((c: Json) => c.schema?.type === 'string') &&
          `${status} file download without a binary schema`
        );
      }),
    ).toEqual([]);
  });

  it('says who may call it: x-roles on every operation that needs a login, no login for the public ones', () => {
    expect(
      offenders(({ op }) => {
        if (isPublic(op)) return op['x-roles'] && 'public, yet x-roles';
        if (!Array.isArray(op['x-roles']) || op['x-roles'].length === 0) return 'no x-roles';
        return op['x-roles'].some((r: string) => !(ROLES as readonly string[]).includes(r)) && 'unknown role';
      }),
    ).toEqual([]);
  });

  it('documents the request body of every route that reads one', () => {
    expect(
      offenders(({ op }) => {
        const route = routes.get(op.operationId);
        if (!route) return false;
        if (route.readsBody && !op.requestBody) return 'reads @Body() but documents no request body';
        if (op.requestBody && !route.readsBody && !route.spec.upload && !route.spec.body)
          return 'documents a body it never reads';
        return false;
      }),
    ).toEqual([]);
  });

  it('documents only the refusals it can give, and every one it must', () => {
    expect(
      offenders(({ path, method, op }) => {
        const route = routes.get(op.operationId);
        const own = new Set(Object.keys(route?.spec.errors ?? {}));
        const alsoOk = String(route?.spec.alsoAnswers?.status);
        const command = op['x-command'] === true;
        const takesBody = method !== 'get';
        // [status, may it be documented, must it be]
        const rules: Array<[string, boolean, boolean]> = [
          ['400', true, true],
          ['401', !isPublic(op), !isPublic(op)],
          ['403', restricted(op), restricted(op)],
          ['404', path.includes('{'), path.includes('{')],
          ['409', command, command],
          ['412', headerNames(op).includes('if-match'), headerNames(op).includes('if-match')],
          ['413', takesBody, takesBody],
          ['415', takesBody, takesBody],
          ['422', command, command],
          ['503', command, command],
        ];
        // A status answered with the success body (the health check's 503) is not a refusal.
        const documented = errorsOf(op).filter((s) => s !== alsoOk);
        const problems = [
          ...documented
            .filter((s) => !own.has(s))
            .filter((s) => !rules.some(([r, may]) => r === s && may))
            .map((s) => `documents ${s} it cannot give`),
          ...rules.filter(([s, , must]) => must && !documented.includes(s)).map(([s]) => `misses ${s}`),
          ...documented
            .filter((s) => !resolve(op.responses[s].content?.['application/json']?.schema)?.properties?.error)
            .map((s) => `${s} without the error envelope`),
        ];
        return problems.length > 0 && problems.join('; ');
      }),
    ).toEqual([]);
  });

  it('pages every list: a read answers `{ items, next }` with `limit` and `next`, never a bare array', () => {
    const queryNames = (op: Json) =>
      (op.parameters ?? []).filter((p: Json) => p.in === 'query').map((p: Json) => p.name);
    expect(
      offenders(({ method, op }) => {
        if (method !== 'get') return false;
        const schema = resolve(op.responses[successOf(op)]?.content?.['application/json']?.schema);
        if (!schema) return false;
        if (schema.type === 'array') return 'answers a bare array (page it: pageQuerySchema, pageSchema)';
        const paged = schema.properties?.items?.type === 'array' && 'next' in (schema.properties ?? {});
        return (
          paged &&
          !['limit', 'next'].every((q) => queryNames(op).includes(q)) &&
          'answers a page without the `limit` and `next` parameters'
        );
      }),
    ).toEqual([]);
  });

  it('gives each operation a unique operationId and a summary', () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(offenders(({ op }) => !op.summary && 'no summary')).toEqual([]);
  });
});
