import { recoveryOf, reportSpentFen, spentAsKnown } from './ending.rules';

const EARLY = '2026-03-01T02:00:00.000Z'; // 10:00 in Shanghai
const LATE = '2026-06-01T02:00:00.000Z';

describe('the spending a project is known to have when it ends early (spentAsKnown)', () => {
  it('nothing on record: nothing spent, and the source says so', () => {
    const s = spentAsKnown({ midterm: null, report: null });
    expect(s).toMatchObject({ spentFen: 0, source: 'none', reportSeq: null, at: null });
    expect(s.label.zh).toContain('按零支出计');
  });

  it('only an accepted progress report: its cumulative spending, naming the report', () => {
    const s = spentAsKnown({ midterm: null, report: { seq: 2, spentFen: 350_000_00, at: LATE } });
    expect(s).toMatchObject({ spentFen: 350_000_00, source: 'report', reportSeq: 2, at: LATE });
    expect(s.label.zh).toContain('第 2 期进展报告');
    expect(s.label.zh).toContain('2026-06-01 10:00:00');
  });

  it('only the mid-term statement: its figure', () => {
    const s = spentAsKnown({ midterm: { spentFen: 120_000_00, at: EARLY }, report: null });
    expect(s).toMatchObject({ spentFen: 120_000_00, source: 'midterm', reportSeq: null });
    expect(s.label.zh).toContain('中期检查经费支出情况');
  });

  it('both: the later one, whichever is larger', () => {
    const midterm = { spentFen: 500_000_00, at: EARLY };
    const report = { seq: 3, spentFen: 400_000_00, at: LATE };
    expect(spentAsKnown({ midterm, report })).toMatchObject({ spentFen: 400_000_00, source: 'report' });
    const later = { spentFen: 200_000_00, at: LATE };
    const earlier = { seq: 1, spentFen: 300_000_00, at: EARLY };
    expect(spentAsKnown({ midterm: later, report: earlier })).toMatchObject({
      spentFen: 200_000_00,
      source: 'midterm',
    });
  });

  it('declared on the same instant: the mid-term statement (all categories, confirmed by the institution)', () => {
    const s = spentAsKnown({
      midterm: { spentFen: 1, at: LATE },
      report: { seq: 1, spentFen: 2, at: LATE },
    });
    expect(s.source).toBe('midterm');
  });
});

describe('a progress report’s spending (reportSpentFen)', () => {
  it('each category is spent so far: the report’s figure is their sum', () => {
    expect(reportSpentFen([{ spentFen: 100 }, { spentFen: 250 }, { spentFen: 7 }])).toBe(357);
    expect(reportSpentFen([])).toBe(0);
    expect(reportSpentFen(undefined)).toBe(0);
  });
});

describe('the recovery order of an early end (recoveryOf)', () => {
  const paid = 600_000_00;
  const fromReport = spentAsKnown({ midterm: null, report: { seq: 1, spentFen: 150_000_00, at: LATE } });

  it('termination returns what was paid beyond the spending, and the reason names figures and source', () => {
    const o = recoveryOf('terminate', paid, fromReport, '赛马未获继续支持')!;
    expect(o.amountFen).toBe(450_000_00);
    expect(o.reason).toContain('¥450,000.00');
    expect(o.reason).toContain('已拨付 ¥600,000.00');
    expect(o.reason).toContain('已支出 ¥150,000.00');
    expect(o.reason).toContain('第 1 期进展报告');
    expect(o.reason).toContain('赛马未获继续支持');
    expect(o.basis).toEqual({
      paidFen: paid,
      spent: { spentFen: 150_000_00, source: 'report', reportSeq: 1, at: LATE },
    });
  });

  it('termination with nothing on record returns everything paid, saying it counted nothing spent', () => {
    const o = recoveryOf('terminate', paid, spentAsKnown({ midterm: null, report: null }), 'x')!;
    expect(o.amountFen).toBe(paid);
    expect(o.reason).toContain('按零支出计');
    expect(o.basis.spent?.source).toBe('none');
  });

  it('spent everything (or more): no order', () => {
    const all = spentAsKnown({ midterm: { spentFen: paid + 1, at: LATE }, report: null });
    expect(recoveryOf('terminate', paid, all, 'x')).toBeNull();
    expect(recoveryOf('revoke', 0, all, 'x')).toBeNull();
  });

  it('revocation recovers everything disbursed whatever was spent', () => {
    const o = recoveryOf('revoke', paid, fromReport, '虚报冒领')!;
    expect(o.amountFen).toBe(paid);
    expect(o.reason).toContain('追回全部已拨付资金 ¥600,000.00');
    expect(o.basis).toEqual({ paidFen: paid, spent: null });
  });
});
