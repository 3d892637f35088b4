import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/client';
import { DomainError, ErrorBody, ERROR_STATUS, isErrorCode } from '@kjflow/domain';
import { httpErrorBody } from './http-errors';

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
export function errorResponse(err: unknown, log?: Logger): { status: number; body: ErrorBody } {
  const domain = err instanceof DomainError ? err : toDomainError(err);
  if (domain) return { status: ERROR_STATUS[domain.code], body: { error: domain.toJSON() } };
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
    const { status, body } = errorResponse(err, this.log);
    void reply.status(status).send(body);
  }
}
