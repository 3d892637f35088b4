import { budgetTotals, indirectCapFen } from './budget';

// The server's default tiers, as GET /reference gives them (libs/domain DEFAULT_INDIRECT_TIERS).
const TIERS = [
  { uptoFen: 500_000_000, percent: 30 },
  { uptoFen: 1_000_000_000, percent: 25 },
  { uptoFen: null, percent: 20 },
];

describe('the budget preview', () => {
  it('adds the three categories, the indirect costs and the sources in fen from yuan', () => {
    const t = budgetTotals(
      {
        equipment: [{ item: '成型试验机', amountFen: 50_000 }],
        business: [
          { item: '材料费', amountFen: 120_000.1 },
          { item: '测试费', amountFen: 80_000 },
        ],
        labour: [{ item: '研究生劳务', amountFen: 50_000 }],
        indirectFen: 30_000,
        selfFundingFen: 30_000,
      },
      300_000,
      TIERS,
    );
    expect(t).toMatchObject({ directFen: 30_000_010, totalFen: 33_000_010, sourcesFen: 33_000_000 });
    // The cap's base leaves equipment out: 30 % of ¥250,000.10.
    expect(t.capFen).toBe(7_500_003);
  });

  it('has no cap until the tiers have loaded', () => {
    expect(budgetTotals({ business: [{ amountFen: 1 }] }, 1, undefined).capFen).toBeNull();
  });

  it('caps indirect costs by marginal tiers like the server (30 % / 25 % / 20 %)', () => {
    expect(indirectCapFen(500_000_000, TIERS)).toBe(150_000_000);
    expect(indirectCapFen(1_200_000_000, TIERS)).toBe(150_000_000 + 125_000_000 + 40_000_000);
  });
});
