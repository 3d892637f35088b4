import type { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { ATTACHMENT_TYPES, DomainError } from '@kjflow/domain';

/** The raw upload stream (main.ts hands file bodies over unparsed), or 415 naming the way to send it. */
export function uploadBody(req: FastifyRequest): Readable {
  if (req.body instanceof Readable) return req.body;
  const message = {
    zh: '请以文件内容作为请求体上传（Content-Type 如 application/pdf 或 application/octet-stream）',
    en: 'Send the file as the request body (Content-Type e.g. application/pdf or application/octet-stream)',
  };
  throw new DomainError('unsupported_media_type', message, [{ path: 'file', message }]);
}

/** The documented body of the file-upload routes (attachments, objection evidence). */
export const FILE_UPLOAD = {
  mediaTypes: [
    ...new Set<string>(Object.values(ATTACHMENT_TYPES).map((t) => t.mediaType)),
    'application/msword',
    'application/octet-stream',
  ],
  description:
    'The file itself as the request body; its type is read from its content, not from Content-Type',
};
