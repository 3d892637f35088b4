import { fenSchema, formatYuan } from './money';

describe('fenSchema', () => {
  it.each([0, 1, 100, 123456789, Number.MAX_SAFE_INTEGER])('accepts %p fen', (fen) => {
    expect(fenSchema.parse(fen)).toBe(fen);
  });

  it.each([
    ['a fraction of a fen', 1.5],
    ['a negative amount', -1],
    ['more than MAX_SAFE_INTEGER', Number.MAX_SAFE_INTEGER + 2],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a numeric string', '100'],
    ['null', null],
    ['undefined', undefined],
  ])('refuses %s', (_label, value) => {
    expect(fenSchema.safeParse(value).success).toBe(false);
  });

  it('documents the unit in its description', () => {
    expect(fenSchema.description).toMatch(/fen/);
  });
});

describe('formatYuan', () => {
  it.each([
    [0, '¥0.00'],
    [5, '¥0.05'],
    [99, '¥0.99'],
    [100, '¥1.00'],
    [12345, '¥123.45'],
    [100000, '¥1,000.00'],
    [99999999, '¥999,999.99'],
    [123456789, '¥1,234,567.89'],
    [100000000000, '¥1,000,000,000.00'],
    [Number.MAX_SAFE_INTEGER, '¥90,071,992,547,409.91'],
  ])('formats %p fen as %s', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });

  it.each([
    [-5, '-¥0.05'],
    [-100, '-¥1.00'],
    [-123456789, '-¥1,234,567.89'],
  ])('puts the sign before the currency symbol for %p fen', (fen, text) => {
    expect(formatYuan(fen)).toBe(text);
  });
});

describe('formatYuan guards', () => {
  it.each([12.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])(
    'refuses non-integer or unsafe fen %p',
    (fen) => {
      expect(() => formatYuan(fen)).toThrow(RangeError);
    },
  );
});

describe('yuanDecimal', () => {
  it('writes exact yuan with two decimals, without a symbol or separators unless asked', async () => {
    const { yuanDecimal } = await import('./money');
    expect(yuanDecimal(18_000_000)).toBe('180000.00');
    expect(yuanDecimal(5)).toBe('0.05');
    expect(yuanDecimal(-123_456)).toBe('-1234.56');
    expect(yuanDecimal(123_456_789, ',')).toBe('1,234,567.89');
  });
});
