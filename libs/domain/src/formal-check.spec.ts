import { runFormalCheckRules } from './formal-check';

const content = {
  title: '赤泥综合利用关键技术研究',
  summary: '以赤泥为原料制备新型建材并回收铁精矿。',
  requestedFen: 500_000,
};
const ok = { pass: true, reasons: [] };
const base = {
  content,
  budgetCapFen: 500_000,
  eligibility: ok,
  otherApplicationsOfPi: 0,
  concurrentLimit: 1,
  region: 'city' as const,
  institutionCounty: '右江区',
};
const outcome = (items: ReturnType<typeof runFormalCheckRules>) =>
  Object.fromEntries(items.map((i) => [i.rule, i.outcome]));

describe('runFormalCheckRules', () => {
  it('passes every rule for a complete application at exactly the cap, with reasons', () => {
    const items = runFormalCheckRules(base);
    expect(outcome(items)).toEqual({
      credit: 'pass',
      concurrent_limit: 'pass',
      budget_cap: 'pass',
      region: 'pass',
      content_complete: 'pass',
    });
    for (const i of items) {
      expect(i.reasons.length).toBeGreaterThan(0);
      expect(i.label.zh).toMatch(/\p{Script=Han}/u);
    }
  });

  it('fails the budget one fen over the cap, and for nothing requested', () => {
    expect(
      outcome(runFormalCheckRules({ ...base, content: { ...content, requestedFen: 500_001 } })).budget_cap,
    ).toBe('fail');
    expect(
      outcome(runFormalCheckRules({ ...base, content: { ...content, requestedFen: 0 } })).budget_cap,
    ).toBe('fail');
  });

  it('counts this application against the limit', () => {
    expect(
      outcome(runFormalCheckRules({ ...base, otherApplicationsOfPi: 1, concurrentLimit: 2 }))
        .concurrent_limit,
    ).toBe('pass');
    const over = runFormalCheckRules({ ...base, otherApplicationsOfPi: 2, concurrentLimit: 2 });
    expect(over.find((i) => i.rule === 'concurrent_limit')).toMatchObject({
      outcome: 'fail',
      reasons: [
        {
          zh: '项目负责人在本批次共有 3 项申报，限 2 项',
          en: 'The PI has 3 application(s) in this call; the limit is 2',
        },
      ],
    });
  });

  it('carries the credit gate’s reasons when it fails', () => {
    const reasons = [{ zh: '项目负责人李明处于禁止申报期', en: 'PI Li Ming is banned' }];
    const credit = runFormalCheckRules({ ...base, eligibility: { pass: false, reasons } }).find(
      (i) => i.rule === 'credit',
    );
    expect(credit).toMatchObject({ outcome: 'fail', reasons });
  });

  it('lists each missing piece of content by field', () => {
    const items = runFormalCheckRules({ ...base, content: { ...content, summary: '太短' } });
    const complete = items.find((i) => i.rule === 'content_complete')!;
    expect(complete.outcome).toBe('fail');
    expect(complete.reasons.map((r) => r.en)).toEqual(['summary: The summary needs at least 10 characters']);
  });
});

describe('the region rule', () => {
  it('needs a host institution registered in one of the city’s counties, unless the program allows any', () => {
    const region = (over: object) =>
      runFormalCheckRules({ ...base, ...over }).find((i) => i.rule === 'region')!;
    expect(region({ institutionCounty: '隆林各族自治县' }).outcome).toBe('pass');
    const outside = region({ institutionCounty: '南宁市青秀区' });
    expect(outside.outcome).toBe('fail');
    expect(outside.reasons[0].zh).toBe('依托单位须注册在百色市（当前：南宁市青秀区）');
    expect(region({ institutionCounty: null }).outcome).toBe('fail');
    expect(region({ region: 'city_with_partners', institutionCounty: '南宁市青秀区' }).outcome).toBe('fail');
    expect(region({ region: 'any', institutionCounty: '南宁市青秀区' }).outcome).toBe('pass');
  });
});
