import { z } from 'zod';
import { DomainError } from '@kjflow/domain';

export const ifMatchHeaderSchema = z.object({ 'if-match': z.string().optional() });

/** `"3"` or `W/"3"` → 3; absent or `*` → no precondition; anything else is malformed. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header === '*') return undefined;
  const m = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!m) {
    throw new DomainError('validation_failed', { zh: 'If-Match 格式有误', en: 'Malformed If-Match header' }, [
      { path: 'If-Match', message: { zh: '应为 ETag，例如 "3"', en: 'Expected an ETag such as "3"' } },
    ]);
  }
  return Number(m[1]);
}

export const etag = (version: number) => `"${version}"`;
