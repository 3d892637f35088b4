import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { map } from 'rxjs';
import { parseOrThrow } from '@kjflow/domain';
import { ENDPOINT_METADATA, EndpointSpec } from './endpoint.decorator';

/**
 * Parses params, query and body with the route's zod schemas before the handler runs and puts
 * the parsed values back, so handlers receive typed, trimmed, defaulted input or never run.
 * Responses go through the route's response schema too: the document cannot drift from what
 * is sent, and a field not in the schema (a password hash, say) can never leak.
 */
@Injectable()
export class ValidationInterceptor implements NestInterceptor {
  private readonly log = new Logger('ResponseSchema');

  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler) {
    const spec = this.reflector.get<EndpointSpec | undefined>(ENDPOINT_METADATA, ctx.getHandler());
    if (!spec) return next.handle();
    const req = ctx
      .switchToHttp()
      .getRequest<{ params: unknown; query: unknown; body: unknown; url: string }>();
    if (spec.params) req.params = parseOrThrow(spec.params, req.params, '路径参数');
    if (spec.query) req.query = parseOrThrow(spec.query, req.query ?? {}, '查询参数');
    if (spec.body) req.body = parseOrThrow(spec.body, req.body ?? {}, '请求');
    const response = spec.response;
    if (!response) return next.handle();
    return next.handle().pipe(
      map((data) => {
        const parsed = response.safeParse(data);
        if (parsed.success) return parsed.data;
        // A server bug, not the caller's: log the details, answer 500.
        this.log.error(
          `${req.url}: response does not match its schema: ${JSON.stringify(parsed.error.issues)}`,
        );
        throw new Error('response schema mismatch');
      }),
    );
  }
}
