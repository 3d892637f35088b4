import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Readable } from 'node:stream';
import { map } from 'rxjs';
import { z } from 'zod';
import { assertCleanText, assertKnownParameters, DomainError, parseOrThrow } from '@kjflow/domain';
import { HTTP_MESSAGES } from './http-errors';
import { ENDPOINT_METADATA, EndpointSpec } from './endpoint.decorator';

/**
 * Parses params, query and body with the route's zod schemas before the handler runs and puts
 * the parsed values back, so handlers receive typed, trimmed, defaulted input or never run.
 * Every string of the input first passes the text rule (libs/domain input-text.ts, run by
 * parseOrThrow): no control characters (tab and line breaks only in query and body), no lone
 * surrogates; a body the route parses later itself (a score sheet against its rubric) too.
 * A file body (main.ts streams the upload types) is refused with 415 unless the route takes one.
 * Responses go through the route's response schema too: the document cannot drift from what
 * is sent, and a field not in the schema (a password hash, say) can never leak.
 *
 * Not NestJS 12's StandardSchemaValidationPipe: a pipe runs after every interceptor (so after
 * the worker gate), takes its schema from each parameter's decorator rather than the route's
 * Endpoint, runs nothing before the schema (the text rule), skips what has no schema (a body
 * sent where none is taken), and its exceptionFactory gets only the issues: not the input, which
 * tells a missing field from a wrong one, nor which part of the request was at fault.
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
    if (spec.params) req.params = parseOrThrow(spec.params, req.params, '路径参数', { lineBreaks: false });
    const query = (req.query ?? {}) as Record<string, unknown>;
    assertKnownParameters(
      Object.keys(query),
      spec.query instanceof z.ZodObject ? Object.keys(spec.query.shape) : [],
    );
    if (spec.query) req.query = parseOrThrow(spec.query, query, '查询参数');
    if (req.body instanceof Readable) {
      if (!spec.upload) {
        const { zh, en } = HTTP_MESSAGES[415];
        throw new DomainError('unsupported_media_type', { zh, en });
      }
    } else if (spec.body) {
      req.body = parseOrThrow(spec.body, req.body ?? {}, '请求');
    } else if (req.body !== undefined) {
      assertCleanText(req.body, '请求');
    }
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
