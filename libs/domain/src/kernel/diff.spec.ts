import { diffJson } from './diff';

describe('diffJson', () => {
  it('lists changed, added and removed fields at their paths, nothing else', () => {
    const before = {
      title: '赤泥综合利用',
      summary: '旧摘要',
      budget: { lines: [{ amountFen: 100 }, { amountFen: 200 }] },
    };
    const after = {
      title: '赤泥综合利用',
      summary: '新摘要',
      budget: { lines: [{ amountFen: 100 }] },
      pledge: { goals: '目标' },
    };
    expect(diffJson(before, after)).toEqual([
      { path: 'budget.lines.1', before: { amountFen: 200 }, after: null },
      { path: 'pledge', before: null, after: { goals: '目标' } },
      { path: 'summary', before: '旧摘要', after: '新摘要' },
    ]);
  });

  it('finds no change between equal documents', () => {
    expect(diffJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
  });
});
