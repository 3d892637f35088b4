import { z } from 'zod';
import { bilingual } from './validation';
import { fitsDates, isIsoDuration, isZeroDuration, tryParseIsoDuration } from './iso-duration.rules';

// The arithmetic is zod-free (workflow code runs it): iso-duration.rules.ts. The schemas stay here.
export * from './iso-duration.rules';

const INVALID = {
  zh: '时长须为 ISO 8601 格式（如 P30D、PT12H、P1Y6M、P2W），只能是非负整数，不能为负数或小数',
  en: 'Must be an ISO 8601 duration (e.g. P30D, PT12H, P1Y6M, P2W) with non-negative integer components',
};
const TOO_LONG = {
  zh: '时长过长，超出可计算的日期范围',
  en: 'The duration is too long to add to a date',
};
const ZERO = { zh: '时长必须大于 0', en: 'The duration must be longer than zero' };

/** A well-formed ISO 8601 duration string (P0D included). */
export const isoDurationSchema = z
  .string()
  .refine(isIsoDuration, bilingual(INVALID))
  .refine(fitsDates, bilingual(TOO_LONG))
  .describe('ISO 8601 duration, PnYnMnWnDTnHnMnS, non-negative integers (e.g. P30D, PT12H, P1Y6M)');

/** A well-formed ISO 8601 duration that is longer than zero: windows, deadlines, periods. */
export const positiveIsoDurationSchema = isoDurationSchema.refine((iso) => {
  const d = tryParseIsoDuration(iso);
  return d === null || !isZeroDuration(d);
}, bilingual(ZERO));
