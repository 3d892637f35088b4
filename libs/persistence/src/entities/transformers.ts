import { ValueTransformer } from 'typeorm';

/** bigint fen ⇄ number: pg returns bigint as a string; amounts stay in the safe-integer range. */
export const fenTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
