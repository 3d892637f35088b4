import {
  applicationContentSchema,
  assertSubmittable,
  checkApplicationPatch,
  checkSubmission,
  patchApplicationSchema,
} from '../application/application';
import {
  assertDemandSubmittable,
  checkDemandPatch,
  checkDemandSubmission,
  demandContentSchema,
  patchDemandSchema,
} from '../demand/demand';
import * as caseModule from '../credit/misconduct-case';
import { DomainError } from './messages';
import { parseOrThrow as zodParseOrThrow } from './validation';
import { submissionIssues } from '../application/application.rules';
import { demandSubmissionIssues } from '../demand/demand.rules';
import * as caseRules from '../credit/misconduct-case.rules';
import { LazySchema, parseOrThrow } from './validation.rules';

/**
 * Workflow code checks drafts with the zod-free `*.rules.ts` modules (zod costs ~0.5 MB per cached
 * workflow, bench/README.md): for content the API has validated they must accept what the zod
 * rules accept and refuse the rest with the same words, in the same order.
 */

/** The outcome of a check: 'ok' or the refusal as the API would send it. */
function outcome(fn: () => unknown): unknown {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof DomainError) return e.toJSON();
    throw e;
  }
}

const complete = applicationContentSchema.parse({
  title: '赤泥综合利用关键技术研究',
  summary: '以赤泥为原料制备新型建材并回收铁精矿，降低外排赤泥量。',
  requestedFen: 30_000_000,
  pledge: {
    goals: '两年内实现赤泥综合利用率达到30%。',
    milestones: [{ title: '完成中试', due: '2027-06-30', indicator: '连续运行30天' }],
    consequences: '未按期完成的停止拨款并记入信用记录。',
  },
  pi: {
    name: '李明',
    title: '教授',
    titleLevel: 'full',
    phone: '0776-2848000',
    idNumber: '11010519491231002X',
    effortPercent: 40,
  },
  team: [{ name: '黄华', role: '技术骨干', organisation: '百色学院', title: '副教授', effortPercent: 30 }],
  cooperators: [{ name: '平果铝业有限公司', region: '广西百色', division: '中试线建设与工业验证' }],
  objectives: '形成赤泥制备新型建材成套技术一项，建成中试线一条，赤泥综合利用率提高到 30% 以上。',
  technicalRoute: '赤泥脱碱预处理 → 配料与成型工艺优化 → 中试线验证 → 产品性能检测与标准制定。',
  indicators: [{ name: '赤泥综合利用率', unit: '%', target: 30, assessment: '第三方检测报告' }],
  schedule: [{ title: '工艺研究', start: '2027-01-01', end: '2027-06-30', deliverable: '工艺参数报告' }],
  budget: {
    equipment: [{ item: '成型试验机', amountFen: 5_000_000 }],
    business: [],
    labour: [],
    indirectFen: 0,
    selfFundingFen: 0,
    coFundingFen: 0,
  },
  ethicsReviewRequired: false,
});
const CAP = 30_000_000;

/** One change per completeness rule (and a few on the edges), each still valid as a draft. */
const applicationChanges: Record<string, (c: typeof complete) => object> = {
  complete: (c) => c,
  'summary empty': (c) => ({ ...c, summary: '' }),
  'summary of 9 characters': (c) => ({ ...c, summary: '一二三四五六七八九' }),
  'summary of 10 characters': (c) => ({ ...c, summary: '一二三四五六七八九十' }),
  'no funding': (c) => ({ ...c, requestedFen: 0 }),
  'funding one fen over the cap': (c) => ({ ...c, requestedFen: CAP + 1 }),
  'funding of 1 fen': (c) => ({ ...c, requestedFen: 1 }),
  'no pledge': ({ pledge: _p, ...c }) => c,
  'pledge null': (c) => ({ ...c, pledge: null }),
  'no PI': (c) => ({ ...c, pi: null }),
  'PI absent (old draft)': ({ pi: _p, ...c }) => c,
  'objectives of 19 characters': (c) => ({ ...c, objectives: '一'.repeat(19) }),
  'objectives absent': ({ objectives: _o, ...c }) => c,
  'route empty': (c) => ({ ...c, technicalRoute: '' }),
  'no indicators': (c) => ({ ...c, indicators: [] }),
  'no milestones': (c) => ({ ...c, schedule: [] }),
  'budget without lines': (c) => ({ ...c, budget: { ...c.budget!, equipment: [] } }),
  'budget absent': ({ budget: _b, ...c }) => c,
  'only labour lines': (c) => ({
    ...c,
    budget: { ...c.budget!, equipment: [], labour: [{ item: '研究生劳务', amountFen: 5_000_000 }] },
  }),
  'a draft of three fields': (c) => ({ title: c.title, summary: c.summary, requestedFen: c.requestedFen }),
  'an empty draft': (c) => ({ title: c.title, summary: '', requestedFen: 0 }),
};
const options = [{}, { full: true }, { pledgeRequired: true }, { full: true, pledgeRequired: true }];

describe('the application submission check of workflow code', () => {
  for (const [name, change] of Object.entries(applicationChanges)) {
    const content = change(complete) as typeof complete;
    it(`agrees with assertSubmittable: ${name}`, () => {
      // The premise: the content is a valid draft, as the API keeps it.
      expect(applicationContentSchema.safeParse(content).success).toBe(true);
      for (const opts of options) {
        const zod = outcome(() => assertSubmittable(content, CAP, opts));
        // Worded in plain code (null: only for drafts the API would not have kept).
        expect([opts, submissionIssues(content, CAP, opts)]).not.toEqual([opts, null]);
        expect([opts, outcome(() => checkSubmission(content, CAP, opts))]).toEqual([opts, zod]);
      }
    });
  }
});

describe('a submission of a draft the API would not have kept', () => {
  it("is refused in zod's words", () => {
    const odd = [
      { ...complete, summary: 5 },
      { ...complete, requestedFen: 10.5 },
      { ...complete, requestedFen: '100' },
      { ...complete, objectives: ['目标'] },
      { ...complete, indicators: {} },
      { ...complete, budget: { ...complete.budget, labour: 'none' } },
      { ...complete, pi: 'someone' },
    ] as unknown as (typeof complete)[];
    // Each of these fields is read by the full application's rules.
    for (const content of odd) {
      for (const opts of [{ full: true }, { full: true, pledgeRequired: true }]) {
        const zod = outcome(() => assertSubmittable(content, CAP, opts));
        expect(zod).not.toBe('ok');
        expect(outcome(() => checkSubmission(content, CAP, opts))).toEqual(zod);
      }
    }
  });
});

describe('a draft patch in workflow code', () => {
  const parsed = (p: unknown) => patchApplicationSchema.parse(p);

  it('takes a patch the API parsed as it is, equal to parsing it again', () => {
    const { title: _t, ...rest } = complete;
    for (const patch of [{ title: '新标题' }, { summary: '' }, rest, { pledge: null, requestedFen: 5 }]) {
      const api = parsed(patch);
      expect(checkApplicationPatch(api)).toBe(api);
      expect(checkApplicationPatch(api)).toEqual(parsed(api));
    }
  });

  it("refuses what the schema refuses, with the schema's words", () => {
    for (const patch of [{}, { budgetFen: 1 }, [], null, 'title', { title: '新标题', extra: true }]) {
      const zod = outcome(() => zodParseOrThrow(patchApplicationSchema, patch, '修改内容'));
      expect(zod).not.toBe('ok');
      expect(outcome(() => checkApplicationPatch(patch, '修改内容'))).toEqual(zod);
      const demand = outcome(() => zodParseOrThrow(patchDemandSchema, patch, '修改内容'));
      expect(outcome(() => checkDemandPatch(patch, '修改内容'))).toEqual(demand);
    }
  });
});

const demand = demandContentSchema.parse({
  title: '赤泥综合利用技术需求',
  keyField: 'eco_aluminium',
  county: '平果市',
  problem: '氧化铝生产产生大量赤泥，堆存占地且有环境风险，急需低成本、可规模化的综合利用技术。',
  indicators: [{ name: '赤泥综合利用率', unit: '%', value: 30 }],
  deliverables: ['中试生产线一条'],
  coFunding: { willing: true, amountFen: 200_000_00 },
  urgency: 'high',
  contact: { name: '黄工', phone: '0776-5821234' },
});

describe('the demand submission check of workflow code', () => {
  const changes: Record<string, object> = {
    complete: demand,
    'no county': { ...demand, county: null },
    'problem of 19 characters': { ...demand, problem: '赤'.repeat(19) },
    'problem of 20 characters': { ...demand, problem: '赤'.repeat(20) },
    'no indicators': { ...demand, indicators: [] },
    'no contact': { ...demand, contact: null },
    'a bare draft': demandContentSchema.parse({ title: '赤泥综合利用技术需求', keyField: 'eco_aluminium' }),
    'keys absent (a draft stored before defaults)': { title: demand.title, keyField: demand.keyField },
  };
  for (const [name, content] of Object.entries(changes)) {
    it(`agrees with assertDemandSubmittable: ${name}`, () => {
      const c = content as typeof demand;
      const zod = outcome(() => assertDemandSubmittable(c));
      expect(demandSubmissionIssues(c)).not.toBeNull();
      expect(outcome(() => checkDemandSubmission(c))).toEqual(zod);
    });
  }

  it("refuses a draft the API would not have kept in zod's words", () => {
    for (const content of [
      { ...demand, county: 7 },
      { ...demand, problem: null },
      { ...demand, indicators: 'none' },
    ]) {
      const c = content as unknown as typeof demand;
      const zod = outcome(() => assertDemandSubmittable(c));
      expect(zod).not.toBe('ok');
      expect(outcome(() => checkDemandSubmission(c))).toEqual(zod);
    }
  });
});

describe('lazy schemas', () => {
  it('parse and refuse as the schemas they stand for', () => {
    expect(caseRules.appealSchema).toBeInstanceOf(LazySchema);
    expect(caseRules.appealSchema.load()).toBe(caseModule.appealSchema);
    for (const input of [{ reason: '对认定事实有异议，申请复查。' }, { reason: '短' }, null]) {
      expect(outcome(() => parseOrThrow(caseRules.appealSchema, input, '申诉'))).toEqual(
        outcome(() => zodParseOrThrow(caseModule.appealSchema, input, '申诉')),
      );
    }
    expect(parseOrThrow(caseRules.caseDecisionSchema, { action: 'accept' })).toEqual({ action: 'accept' });
  });

  it('leave the library exporting the schemas themselves', () => {
    expect(caseModule.caseDecisionSchema).not.toBeInstanceOf(LazySchema);
    expect(typeof caseModule.findingSchema.safeParse).toBe('function');
  });
});

describe('assertMaySetCasePolicy', () => {
  it('lets an administrator set the case timings, and no one else', () => {
    expect(() => caseRules.assertMaySetCasePolicy({ roles: ['admin'] })).not.toThrow();
    expect(() => caseRules.assertMaySetCasePolicy({ roles: ['officer', 'auditor'] })).toThrow(DomainError);
  });
});
