import { createReviewRoundSchema } from './review-round';
import { caught, HAN } from './spec-helpers';
import { parseOrThrow } from './validation';

describe('createReviewRoundSchema: reminderBefore', () => {
  it('defaults to one day and accepts exact lead times', () => {
    expect(createReviewRoundSchema.parse({}).reminderBefore).toBe('P1D');
    expect(createReviewRoundSchema.parse({ reminderBefore: 'PT12H' }).reminderBefore).toBe('PT12H');
  });

  it('refuses a lead time in months, which has no fixed length', () => {
    const error = caught(() => parseOrThrow(createReviewRoundSchema, { reminderBefore: 'P1M' }));
    expect(error.fields.map((f) => f.path)).toEqual(['reminderBefore']);
    expect(error.fields[0].message.en).toMatch(/no months or years/);
  });

  // Its months check used to parse with the throwing parser: zod runs every refinement, also after
  // the syntax check has failed, so any malformed text was a 500 (issue 14 §4).
  it.each([
    ['malformed', 'P1X'],
    ['negative', '-P1D'],
    ['100 kB', 'P'.repeat(100_000)],
    ['a NUL', 'P1D\u0000'],
    ['a lone surrogate', 'P1D\ud800'],
  ])('refuses a %s lead time with a field message instead of throwing', (_label, reminderBefore) => {
    expect(() => createReviewRoundSchema.safeParse({ reminderBefore })).not.toThrow();
    const error = caught(() => parseOrThrow(createReviewRoundSchema, { reminderBefore }));
    expect(error.code).toBe('validation_failed');
    expect(error.fields.map((f) => f.path)).toEqual(['reminderBefore']);
    expect(error.fields[0].message.zh).toMatch(HAN);
  });
});
