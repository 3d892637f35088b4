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

/** Every error leaves the API in one shape: `{ error: { code, message: {zh, en}, fields } }`. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly log = new Logger('ErrorFilter');

  catch(err: unknown, host: ArgumentsHost) {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const domain = err instanceof DomainError ? err : toDomainError(err);
    let status: number;
    let body: ErrorBody;
    if (domain) {
      status = ERROR_STATUS[domain.code];
      body = { error: domain.toJSON() };
    } else if (err instanceof HttpException || (err as { statusCode?: number })?.statusCode) {
      status =
        err instanceof HttpException ? err.getStatus() : Number((err as { statusCode: number }).statusCode);
      if (!(status >= 400 && status <= 599)) status = 500;
      if (status >= 500) this.log.error(err instanceof Error ? err.stack : String(err));
      body = httpErrorBody(status);
    } else {
      this.log.error(err instanceof Error ? err.stack : String(err));
      status = 500;
      body = httpErrorBody(500);
    }
    void reply.status(status).send(body);
  }
}
