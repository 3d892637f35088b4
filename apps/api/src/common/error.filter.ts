import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/client';
import { DomainError, ErrorBody, ERROR_STATUS, isErrorCode, RetryableRefusal } from '@kjflow/domain';
import { settings } from '../settings';
import { httpErrorBody } from './http-errors';
import { unavailable } from './unavailable';

/** A DomainError that crossed Temporal comes back as an ApplicationFailure somewhere in the cause chain. */
export function toDomainError(err: unknown): DomainError | null {
  for (let e: unknown = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if (e instanceof ApplicationFailure && isErrorCode(e.type)) {
      const body = (e.details?.[0] ?? {}) as { message?: { zh: string; en: string }; fields?: [] };
      return new DomainError(e.type, body.message ?? { zh: e.message, en: e.message }, body.fields ?? []);
    }
    if (e instanceof WorkflowNotFoundError) {
      return new DomainError('not_found', {
        zh: '流程不存在或已结束',
        en: 'The process does not exist or has ended',
      });
    }
  }
  return null;
}

/**
 * A repeat of a command with the same Idempotency-Key: its first answer, sent again as it was
 * (see idempotency.interceptor.ts).
 */
export class IdempotentReplay extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super('idempotent replay');
  }
}

/** The status and envelope of any error: what the filter sends, and what a key remembers. */
export function errorResponse(
  err: unknown,
  log?: Logger,
): { status: number; body: ErrorBody; retryAfterSeconds?: number } {
  const domain =
    err instanceof DomainError
      ? err
      : (toDomainError(err) ?? unavailable(err, settings().KJ_RETRY_AFTER_SECONDS));
  if (domain) {
    if (domain.code === 'service_unavailable')
      log?.warn(`503: ${err instanceof Error ? err.message : String(err)}`);
    return {
      status: ERROR_STATUS[domain.code],
      body: { error: domain.toJSON() },
      retryAfterSeconds: domain instanceof RetryableRefusal ? domain.retryAfterSeconds : undefined,
    };
  }
  if (err instanceof HttpException || (err as { statusCode?: number })?.statusCode) {
    let status =
      err instanceof HttpException ? err.getStatus() : Number((err as { statusCode: number }).statusCode);
    if (!(status >= 400 && status <= 599)) status = 500;
    if (status >= 500) log?.error(err instanceof Error ? err.stack : String(err));
    return { status, body: httpErrorBody(status) };
  }
  log?.error(err instanceof Error ? err.stack : String(err));
  return { status: 500, body: httpErrorBody(500) };
}

/** Every error leaves the API in one shape: `{ error: { code, message: {zh, en}, fields } }`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('ErrorFilter');

  catch(err: unknown, host: ArgumentsHost) {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (err instanceof IdempotentReplay) {
      void reply.status(err.status).header('idempotent-replayed', 'true').send(err.body);
      return;
    }
    const { status, body, retryAfterSeconds } = errorResponse(err, this.log);
    if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
    void reply.status(status).send(body);
  }
}
