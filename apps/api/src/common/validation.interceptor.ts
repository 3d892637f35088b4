import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { parseOrThrow } from '@kjflow/domain';
import { ENDPOINT_METADATA, EndpointSpec } from './endpoint.decorator';

/**
 * Parses params, query and body with the route's zod schemas before the handler runs and puts
 * the parsed values back, so handlers receive typed, trimmed, defaulted input or never run.
 */
@Injectable()
export class ValidationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler) {
    const spec = this.reflector.get<EndpointSpec | undefined>(ENDPOINT_METADATA, ctx.getHandler());
    if (spec) {
      const req = ctx.switchToHttp().getRequest<{ params: unknown; query: unknown; body: unknown }>();
      if (spec.params) req.params = parseOrThrow(spec.params, req.params, '路径参数');
      if (spec.query) req.query = parseOrThrow(spec.query, req.query ?? {}, '查询参数');
      if (spec.body) req.body = parseOrThrow(spec.body, req.body ?? {}, '请求');
    }
    return next.handle();
  }
}
