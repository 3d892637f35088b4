import { DomainError } from './messages';

/**
 * Idempotency keys (the `Idempotency-Key` header of a command): a client that retries after a
 * time-out sends the same key, and gets the first answer again (same status, same body) with
 * nothing written twice; the same key with another request is refused.
 */

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** The header's value, or a 400 naming it: 1–255 visible ASCII characters (a UUID is ideal). */
export function parseIdempotencyKey(raw: string | string[] | undefined): string | null {
  if (raw === undefined) return null;
  if (typeof raw === 'string' && KEY_PATTERN.test(raw)) return raw;
  const message = {
    zh: 'Idempotency-Key 须为 1–255 个可见 ASCII 字符（建议使用 UUID），且只能出现一次',
    en: 'Idempotency-Key must be 1–255 visible ASCII characters (a UUID is ideal), sent once',
  };
  throw new DomainError('validation_failed', message, [{ path: 'Idempotency-Key', message }]);
}

/** The first request with this key was another one (method, path or body differ). */
export function idempotencyKeyReused(): DomainError {
  return new DomainError('idempotency_key_reused', {
    zh: '该 Idempotency-Key 已用于另一个不同的请求；重试时请发送完全相同的请求，新请求请使用新的 Key',
    en: 'This Idempotency-Key was used for a different request; a retry must repeat the request exactly, a new request needs a new key',
  });
}

/** The first request with this key has not been answered yet. */
export function idempotencyKeyInProgress(): DomainError {
  return new DomainError('conflict', {
    zh: '使用该 Idempotency-Key 的请求仍在处理中，请稍后重试',
    en: 'A request with this Idempotency-Key is still being processed; retry shortly',
  });
}

/**
 * A retry (same key, same request) of an attempt that was answered 503 while its update was
 * under way: the update took effect after all, so this retry's refusal (the state has moved on)
 * is no refusal. The command is done.
 */
export function commandAlreadyApplied(): DomainError {
  return new DomainError('already_applied', {
    zh: '此前使用该 Idempotency-Key 的同一请求虽未得到答复，但已生效；操作已完成，请刷新查看最新状态',
    en: 'The earlier request with this Idempotency-Key went unanswered but took effect: the command is done; read the current state',
  });
}

/**
 * What the request is, for comparing a repeat with the first: method, path with query, and the
 * JSON body with its keys in a fixed order (so a re-serialised body is the same request).
 */
export function idempotencyRequestText(method: string, url: string, body: unknown): string {
  return `${method.toUpperCase()} ${url}\n${canonicalJson(body ?? null)}`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}
