import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Bilingual, DomainError, ErrorBody } from '@kjflow/domain';

/**
 * The errors the HTTP layer raises before any route runs (the router, the body parsers, Node's
 * HTTP parser), in the same bilingual envelope as every other error: a client never has to parse
 * a second error shape, whatever it sent.
 */

interface HttpMessage extends Bilingual {
  code: string;
}

/** By status, for errors that carry no DomainError: Fastify's, Nest's, Node's. */
export const HTTP_MESSAGES: Record<number, HttpMessage> = {
  400: { code: 'bad_request', zh: '请求格式有误', en: 'Bad request' },
  401: { code: 'unauthenticated', zh: '请先登录', en: 'Login required' },
  403: { code: 'forbidden', zh: '无权执行此操作', en: 'You are not allowed to do this' },
  404: { code: 'not_found', zh: '资源不存在', en: 'Not found' },
  405: { code: 'method_not_allowed', zh: '不支持该请求方法', en: 'Method not allowed' },
  408: { code: 'request_timeout', zh: '请求超时，请重试', en: 'Request timeout; please retry' },
  411: { code: 'length_required', zh: '请求须注明内容长度', en: 'Content-Length required' },
  413: { code: 'payload_too_large', zh: '请求内容过大', en: 'Payload too large' },
  414: { code: 'uri_too_long', zh: '请求地址过长', en: 'URI too long' },
  415: {
    code: 'unsupported_media_type',
    zh: '不支持的内容类型：请求体须为 JSON（Content-Type: application/json）；上传文件的接口接受其说明中列出的文件类型',
    en: 'Unsupported media type: send the body as JSON (Content-Type: application/json); upload routes take the file types they document',
  },
  431: {
    code: 'header_too_large',
    zh: '请求头或请求地址过长',
    en: 'Request header fields (or the URL) too large',
  },
  500: { code: 'internal', zh: '服务器内部错误', en: 'Internal server error' },
  503: {
    code: 'service_unavailable',
    zh: '服务暂不可用，请稍后重试',
    en: 'Service unavailable; retry shortly',
  },
};

/** The envelope for an HTTP status, with a more specific message where one is known. */
export function httpErrorBody(status: number, message?: Bilingual, code?: string): ErrorBody {
  const known = HTTP_MESSAGES[status] ?? {
    code: `http_${status}`,
    zh: status >= 500 ? '服务器错误' : '请求失败',
    en: status >= 500 ? 'Server error' : 'Request failed',
  };
  return {
    error: {
      code: code ?? known.code,
      message: message ?? { zh: known.zh, en: known.en },
      fields: [],
    },
  };
}

/** Path parameters longer than this are refused by the router (414) before any route runs. */
export const MAX_PARAM_LENGTH = 100;

/**
 * Fastify's `frameworkErrors`: the router's refusals, raised before a route (and Nest) is chosen:
 * a path that is not valid percent-encoded UTF-8, a path parameter over MAX_PARAM_LENGTH.
 */
export function frameworkErrorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  let status = err.statusCode ?? 400;
  let message: Bilingual | undefined;
  if (err.code === 'FST_ERR_BAD_URL') {
    status = 400;
    message = {
      zh: '请求地址的 URL 编码有误（% 后须为两位十六进制数，且组成有效的 UTF-8）',
      en: 'The URL is not validly percent-encoded (% must be followed by two hex digits forming valid UTF-8)',
    };
  } else if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    status = 414;
    message = {
      zh: `路径参数过长（最多 ${MAX_PARAM_LENGTH} 个字符）`,
      en: `A path parameter is too long (at most ${MAX_PARAM_LENGTH} characters)`,
    };
  }
  void reply.code(status).type('application/json; charset=utf-8').send(httpErrorBody(status, message));
}

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser gave up on the request (headers or request
 * line over the limit → 431, a timeout → 408, anything malformed → 400). There is no request or
 * reply yet, only the socket: write a complete response on it and close.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const reason = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' }[
    status
  ];
  const body = JSON.stringify(
    httpErrorBody(
      status,
      status === 400 ? { zh: '无法解析的 HTTP 请求', en: 'The HTTP request could not be parsed' } : undefined,
    ),
  );
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** What JSON.parse says about `body`, for the message (the secure parser does not say). */
function syntaxDetail(body: string): string | null {
  try {
    JSON.parse(body);
    return null; // parses: it was refused for a __proto__ / constructor.prototype key
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

type JsonParser = (req: unknown, body: string, done: (err: Error | null, value?: unknown) => void) => void;

/**
 * Wraps Fastify's own JSON parser (secure against prototype poisoning) so that its refusals are
 * 400 `bad_request` DomainErrors whose field message says what is wrong (where the syntax breaks,
 * an empty body, a `__proto__` key), instead of Fastify's bare error.
 */
export function jsonBodyParser(fastifyDefault: JsonParser): JsonParser {
  return (req, body, done) =>
    fastifyDefault(req, body, (err, value) => {
      if (!err) return done(null, value);
      let message: Bilingual;
      if (body.length === 0) {
        message = {
          zh: '请求体为空：Content-Type 为 application/json 时须发送 JSON 内容',
          en: 'The body is empty, but Content-Type says application/json',
        };
      } else {
        const detail = syntaxDetail(body);
        message = detail
          ? { zh: `请求体不是有效的 JSON（${detail}）`, en: `The body is not valid JSON (${detail})` }
          : {
              zh: '请求体不能包含 __proto__ 或 constructor.prototype 字段',
              en: 'The body must not contain __proto__ or constructor.prototype keys',
            };
      }
      // The summary is the plain 400's; what is wrong is the field message on the whole body.
      const { zh, en } = HTTP_MESSAGES[400];
      done(new DomainError('bad_request', { zh, en }, [{ path: '(root)', message }]));
    });
}

/**
 * A `preParsing` hook for JSON bodies declared larger than `limit`: read them (up to `ceiling`)
 * and discard them, then answer 413. Refused unread, the connection would be closed under a
 * client still sending, which then sees a broken pipe instead of the answer.
 */
export function refuseOversizedJson(limit: number, ceiling = 16 * limit) {
  return async (req: FastifyRequest, _reply: FastifyReply, payload: Readable): Promise<Readable> => {
    const declared = Number(req.headers['content-length']);
    if (!(declared > limit) || !/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return payload;
    if (declared <= ceiling) {
      try {
        for await (const _chunk of payload) {
          /* discarded */
        }
      } catch {
        /* the client went away: nobody reads the answer either */
      }
    }
    const mb = Math.round(limit / (1024 * 1024));
    const message = {
      zh: `请求体过大（JSON 请求体最多 ${mb} MB）`,
      en: `The body is too large (a JSON body is at most ${mb} MB)`,
    };
    throw new DomainError('payload_too_large', message, [{ path: '(root)', message }]);
  };
}
