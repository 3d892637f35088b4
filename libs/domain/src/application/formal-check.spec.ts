import { EMPTY_BUDGET } from './application-content';
import { applicationSimilarity, runFormalCheckRules } from './formal-check';

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
    const items = runFormalCheckRules({
      ...base,
      content: {
        ...content,
        budget: { ...EMPTY_BUDGET, business: [{ item: '材料费', amountFen: 500_000 }] },
      },
      pledges: { pi: true, institution: true },
    });
    expect(outcome(items)).toEqual({
      credit: 'pass',
      concurrent_limit: 'pass',
      budget_cap: 'pass',
      budget_arithmetic: 'pass',
      indirect_cost: 'pass',
      co_funding: 'pass',
      required_documents: 'pass',
      integrity_pledge: 'pass',
      pi_seniority: 'pass',
      region: 'pass',
      duplicate: 'pass',
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

describe('限项 with projects', () => {
  const limit = (over: object) =>
    runFormalCheckRules({ ...base, ...over }).find((i) => i.rule === 'concurrent_limit')!;

  it('fails for an ongoing project of the PI in the program and for overdue projects, naming them', () => {
    expect(limit({ ongoingProjectsOfPi: ['芒果保鲜技术'] }).reasons[1].zh).toBe(
      '项目负责人正主持本计划在研项目：芒果保鲜技术',
    );
    const overdue = limit({ overdueProjects: { pi: ['甲'], institution: ['乙'] } });
    expect(overdue.outcome).toBe('fail');
    expect(overdue.reasons.map((r) => r.en)).toEqual([
      'The PI has 1 application(s) in this call; the limit is 1',
      'The PI has an overdue project not yet accepted: 甲',
      'The host institution has an overdue project not yet accepted and is suspended: 乙',
    ]);
    expect(limit({ ongoingProjectsOfPi: [], overdueProjects: { pi: [], institution: [] } }).outcome).toBe(
      'pass',
    );
  });
});

describe('documents, pledges and duplicates', () => {
  const rule = (over: object, name: string) =>
    runFormalCheckRules({ ...base, ...over }).find((i) => i.rule === name)!;
  const docs = [
    { code: 'application_form', name: { zh: '项目申报书', en: 'Application form' } },
    { code: 'budget_statement', name: { zh: '经费预算书', en: 'Budget statement' } },
  ];

  it('names the missing documents', () => {
    expect(
      rule({ requiredDocuments: docs, presentDocuments: ['application_form'] }, 'required_documents'),
    ).toMatchObject({
      outcome: 'fail',
      reasons: [{ zh: '缺少经费预算书', en: 'Missing: Budget statement' }],
    });
    expect(
      rule(
        { requiredDocuments: docs, presentDocuments: ['application_form', 'budget_statement'] },
        'required_documents',
      ).outcome,
    ).toBe('pass');
  });

  it('needs both signatures on the integrity pledge', () => {
    expect(rule({ pledges: { pi: true, institution: false } }, 'integrity_pledge').outcome).toBe('fail');
    expect(rule({ pledges: { pi: true, institution: true } }, 'integrity_pledge').outcome).toBe('pass');
  });

  it('flags (never fails) a similar application of the same PI at or above the threshold', () => {
    const similar = applicationSimilarity(
      { title: '赤泥综合利用关键技术研究', summary: '' },
      { title: '赤泥综合利用关键技术研究与示范', summary: '' },
    );
    expect(similar).toBeGreaterThanOrEqual(0.5);
    expect(
      applicationSimilarity({ title: '赤泥综合利用', summary: '' }, { title: '芒果病虫害防控', summary: '' }),
    ).toBe(0);
    const flagged = rule(
      {
        duplicates: [
          { kind: 'project', id: 'p', title: '赤泥综合利用关键技术研究与示范', similarity: similar },
        ],
      },
      'duplicate',
    );
    expect(flagged.outcome).toBe('flag');
    expect(flagged.reasons[0].zh).toContain('请核查是否重复申报');
    expect(
      rule({ duplicates: [{ kind: 'application', id: 'a', title: 'x', similarity: 0.49 }] }, 'duplicate')
        .outcome,
    ).toBe('pass');
  });

  it('asks enterprises only for co-funding', () => {
    const coFunding = { selfFen: 1, publicFen: 1 };
    expect(rule({ coFunding, institutionKind: 'university' }, 'co_funding').outcome).toBe('pass');
    expect(rule({ coFunding, institutionKind: 'enterprise' }, 'co_funding').outcome).toBe('fail');
  });
});

describe('PI seniority', () => {
  const pi = (titleLevel: string) => ({
    name: '李明',
    title: '讲师',
    titleLevel,
    phone: '0776-2848000',
    idNumber: '11010519491231002X',
    effortPercent: 40,
  });
  const seniority = (level: string, over: object = {}) =>
    runFormalCheckRules({
      ...base,
      content: { ...content, pi: pi(level) as never },
      minPiTitleLevel: 'associate',
      ...over,
    }).find((i) => i.rule === 'pi_seniority')!;

  it('needs the program’s title level or above, at its boundary', () => {
    expect(seniority('associate').outcome).toBe('pass');
    expect(seniority('full').outcome).toBe('pass');
    const below = seniority('intermediate');
    expect(below.outcome).toBe('fail');
    expect(below.reasons[0].zh).toBe('项目负责人职称级别中级，本计划要求副高级及以上');
  });

  it('is off for challenges (揭榜不论资历)', () => {
    expect(seniority('none', { challenge: true })).toMatchObject({
      outcome: 'pass',
      reasons: [{ zh: '揭榜挂帅不设职称和资历门槛' }],
    });
  });
});
