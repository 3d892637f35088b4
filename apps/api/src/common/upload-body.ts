import type { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { DomainError } from '@kjflow/domain';

/** The raw upload stream (main.ts hands file bodies over unparsed), or 415 naming the way to send it. */
export function uploadBody(req: FastifyRequest): Readable {
  if (req.body instanceof Readable) return req.body;
  const message = {
    zh: '请以文件内容作为请求体上传（Content-Type 如 application/pdf 或 application/octet-stream）',
    en: 'Send the file as the request body (Content-Type e.g. application/pdf or application/octet-stream)',
  };
  throw new DomainError('unsupported_media_type', message, [{ path: 'file', message }]);
}
