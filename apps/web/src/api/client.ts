import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

export type { paths };

/** The API's error envelope: `{ error: { code, message: {zh, en}, fields: [{ path, message }] } }`. */
export interface Bilingual {
  zh: string;
  en: string;
}
export interface FieldError {
  path: string;
  message: Bilingual;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly bilingual: Bilingual,
    readonly fields: FieldError[],
  ) {
    super(bilingual.en);
  }

  static from(status: number, body: unknown): ApiError {
    const e = (body as { error?: { code?: string; message?: Bilingual; fields?: FieldError[] } } | null)
      ?.error;
    return new ApiError(
      status,
      e?.code ?? `http_${status}`,
      e?.message ?? { zh: `请求失败（${status}）`, en: `Request failed (${status})` },
      e?.fields ?? [],
    );
  }
}

const TOKEN_KEY = 'kjflow.token';
export const tokenStore = {
  get: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string) => localStorage.setItem(TOKEN_KEY, token),
  clear: () => localStorage.removeItem(TOKEN_KEY),
};

/** Called when the API says the login is gone (401): the auth provider logs out. */
let onUnauthenticated: () => void = () => undefined;
export function setOnUnauthenticated(fn: () => void) {
  onUnauthenticated = fn;
}

const auth: Middleware = {
  onRequest({ request }) {
    const token = tokenStore.get();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response, request }) {
    if (response.status === 401 && !request.url.endsWith('/auth/login')) onUnauthenticated();
    return response;
  },
};

/** The typed client: paths, parameters and bodies come from the API's OpenAPI document. */
export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(auth);

/**
 * A request that got no answer (fetch rejected: the connection dropped or the server is away) as
 * an ApiError of status 0, in the user's language; a command's retry then repeats its Idempotency-Key.
 */
export async function answerOf<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof ApiError || (err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(
      0,
      'no_answer',
      {
        zh: '网络连接中断，未收到服务器答复；请重试',
        en: 'The connection dropped before the server answered; try again',
      },
      [],
    );
  }
}

/** An openapi-fetch result as data, or a thrown ApiError carrying the field-level messages. */
export async function unwrap<T>(
  promise: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await answerOf(promise);
  if (!response.ok) throw ApiError.from(response.status, error);
  return data as T;
}

/** Upload a file with progress (fetch has no upload progress; XMLHttpRequest does). */
export function uploadFile(url: string, file: File, onProgress: (percent: number) => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    const token = tokenStore.get();
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(ApiError.from(xhr.status, body));
    };
    xhr.onerror = () => reject(ApiError.from(0, null));
    xhr.send(file);
  });
}

/** The JSON body of an operation's 200 (or 201) answer, from the OpenAPI types. */
export type Ok<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer J } } }
    ? J
    : R extends { 201: { content: { 'application/json': infer J } } }
      ? J
      : never
  : never;
