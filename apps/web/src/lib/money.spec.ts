import { fenToYuan, yuanToFen } from './money';

describe('money in the portal', () => {
  it('shows integer fen as yuan with two decimals and thousands separators', () => {
    expect(fenToYuan(123456789)).toBe('¥1,234,567.89');
    expect(fenToYuan(5)).toBe('¥0.05');
    expect(fenToYuan(-250)).toBe('-¥2.50');
    expect(fenToYuan(null)).toBe('—');
  });

  it('turns yuan typed with two decimals into integer fen without float drift', () => {
    expect(yuanToFen(0.29)).toBe(29);
    expect(yuanToFen(1234.56)).toBe(123456);
    expect(yuanToFen(undefined)).toBe(0);
  });
});
