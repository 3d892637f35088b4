import {
  budgetTotals,
  coFundingMet,
  EMPTY_BUDGET,
  indirectCostCeiling,
  isValidIdNumber,
  maskIdNumber,
  piSchema,
  tieredIndirectCap,
} from './application-content';
import { assertSubmittable, contentFor } from './application';
import { caught } from '../kernel/spec-helpers';

const YUAN = 100;
const MILLION = 1_000_000 * YUAN;

describe('identity numbers', () => {
  it('accepts a number whose check character is right (including X) and refuses a wrong one', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519491231002')).toBe(false);
    expect(piSchema.shape.idNumber.safeParse('11010519491231002x').data).toBe('11010519491231002X');
  });

  it('masks all but the region code and the last four characters', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });

  it('shows the number to the PI only', () => {
    const content = {
      title: '标题',
      summary: '',
      requestedFen: 0,
      pi: {
        name: '李明',
        title: '教授',
        titleLevel: 'full' as const,
        phone: '0776-2848000',
        idNumber: '11010519491231002X',
        effortPercent: 40,
      },
    };
    expect(contentFor(content, true).pi!.idNumber).toBe('11010519491231002X');
    expect(contentFor(content, false).pi!.idNumber).toBe('1101**********002X');
    expect(content.pi.idNumber).toBe('11010519491231002X'); // not mutated
  });
});

describe('tiered indirect-cost caps (30 / 25 / 20 %, marginal)', () => {
  it.each([
    [0, 0],
    [1 * MILLION, 0.3 * MILLION],
    [5 * MILLION, 1.5 * MILLION],
    // ¥6 M: 30 % of the first 5 M plus 25 % of the next 1 M.
    [6 * MILLION, 1.5 * MILLION + 0.25 * MILLION],
    [10 * MILLION, 1.5 * MILLION + 1.25 * MILLION],
    // ¥12 M: + 20 % of the 2 M above 10 M.
    [12 * MILLION, 2.75 * MILLION + 0.4 * MILLION],
  ])('caps a base of %i fen at %i fen', (base, cap) => {
    expect(tieredIndirectCap(base)).toBe(cap);
  });

  it('rounds down, so the cap is never exceeded by rounding', () => {
    expect(tieredIndirectCap(3)).toBe(0); // 0.9 fen
    expect(tieredIndirectCap(10)).toBe(3);
  });

  it('takes the lower of the tiered cap and the credit rate, saying which applied', () => {
    const good = indirectCostCeiling(25 * 100_000, 30);
    expect(good.capFen).toBe(750_000);
    expect(good.reason.en).toContain('Tiered caps');
    const breach = indirectCostCeiling(25 * 100_000, 20);
    expect(breach).toMatchObject({ capFen: 500_000, tieredFen: 750_000, creditFen: 500_000 });
    expect(breach.reason.zh).toContain('信用等级对应比例 20%');
  });
});

describe('budget arithmetic', () => {
  const budget = {
    ...EMPTY_BUDGET,
    equipment: [{ item: '设备', amountFen: 500 }],
    business: [
      { item: '材料', amountFen: 300 },
      { item: '测试', amountFen: 200 },
    ],
    labour: [{ item: '劳务', amountFen: 100 }],
    indirectFen: 90,
    selfFundingFen: 40,
    coFundingFen: 50,
  };

  it('sums the three categories, the base of the caps and the sources', () => {
    expect(budgetTotals(budget, 1_000)).toEqual({
      equipmentFen: 500,
      businessFen: 500,
      labourFen: 100,
      directFen: 1_100,
      indirectFen: 90,
      totalFen: 1_190,
      indirectBaseFen: 600,
      sourcesFen: 1_090,
    });
  });

  it('meets a 1:1 co-funding ratio exactly at parity, not one fen under', () => {
    expect(
      coFundingMet(1_000, { selfFundingFen: 600, coFundingFen: 400 }, { selfFen: 1, publicFen: 1 }),
    ).toBe(true);
    expect(
      coFundingMet(1_000, { selfFundingFen: 600, coFundingFen: 399 }, { selfFen: 1, publicFen: 1 }),
    ).toBe(false);
    // 1:2 (self : public) needs half.
    expect(coFundingMet(1_000, { selfFundingFen: 500, coFundingFen: 0 }, { selfFen: 1, publicFen: 2 })).toBe(
      true,
    );
  });
});

describe('full submission rules', () => {
  it('names every missing part of a full application at once, and none of an old-style one', () => {
    const content = { title: '标题', summary: '一二三四五六七八九十', requestedFen: 100 };
    expect(() => assertSubmittable(content, 1_000)).not.toThrow();
    const error = caught(() => assertSubmittable(content, 1_000, { full: true }));
    expect(error.fields.map((f) => f.path).sort()).toEqual([
      'budget',
      'indicators',
      'objectives',
      'pi',
      'schedule',
      'technicalRoute',
    ]);
    expect(error.fields.find((f) => f.path === 'budget')!.message.zh).toBe(
      '预算须列明直接费用（设备费、业务费、劳务费）明细',
    );
  });
});
