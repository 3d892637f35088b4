import { DomainError } from './errors.rules';

/**
 * Times are stored and compared in UTC and shown in Asia/Shanghai. China has had no daylight
 * saving since 1991, so the offset is a constant and formatting needs no Intl data (workflow
 * code stays deterministic).
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

export const SHANGHAI_TZ = 'Asia/Shanghai';

/** `2026-11-30 18:00:00` in Beijing time (UTC+8). */
export function formatShanghai(at: Date | string | number): string {
  const d = new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS);
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** ISO 8601 with the +08:00 offset, for API payloads that show local time. */
export function isoShanghai(at: Date | string | number): string {
  const d = new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS);
  return d.toISOString().slice(0, 19) + '+08:00';
}

/** The `YYYY-MM-DD` civil date in Asia/Shanghai (UTC+8) of a UTC instant. */
export function shanghaiDate(instant: Date | string | number): string {
  const ms = new Date(instant).getTime();
  if (!Number.isFinite(ms))
    throw new DomainError('validation_failed', {
      zh: `无效的时间：${String(instant)}`,
      en: `Not a valid instant: ${String(instant)}`,
    });
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
