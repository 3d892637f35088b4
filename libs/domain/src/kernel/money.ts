import { z } from 'zod';

export * from './money.rules';

/**
 * Money is integer fen (分). JSON carries it as a number, bounded to the safe-integer range;
 * PostgreSQL stores it as bigint.
 */
export const fenSchema = z
  .number()
  .int()
  .nonnegative()
  .max(Number.MAX_SAFE_INTEGER)
  .describe('Amount in fen (分), integer; 100 fen = 1 yuan');
