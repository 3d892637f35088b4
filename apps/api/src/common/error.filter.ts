import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/client';
import { DomainError, ErrorBody, ERROR_STATUS, isErrorCode } from '@kjflow/domain';

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

const HTTP_MESSAGES: Record<number, { code: string; zh: string; en: string }> = {
  400: { code: 'bad_request', zh: '请求格式有误', en: 'Bad request' },
  401: { code: 'unauthenticated', zh: '请先登录', en: 'Login required' },
  403: { code: 'forbidden', zh: '无权执行此操作', en: 'You are not allowed to do this' },
  404: { code: 'not_found', zh: '资源不存在', en: 'Not found' },
  413: { code: 'payload_too_large', zh: '请求内容过大', en: 'Payload too large' },
  415: { code: 'unsupported_media_type', zh: '不支持的内容类型', en: 'Unsupported media type' },
};

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
      const known = HTTP_MESSAGES[status] ?? { code: `http_${status}`, zh: '请求失败', en: 'Request failed' };
      body = { error: { code: known.code, message: { zh: known.zh, en: known.en }, fields: [] } };
    } else {
      this.log.error(err instanceof Error ? err.stack : String(err));
      status = 500;
      body = {
        error: {
          code: 'internal',
          message: { zh: '服务器内部错误', en: 'Internal server error' },
          fields: [],
        },
      };
    }
    void reply.status(status).send(body);
  }
}
