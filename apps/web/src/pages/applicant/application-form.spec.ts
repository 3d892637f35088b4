import type { ApplicationContent } from '../../api/hooks/work';
import { changedFields } from '../../lib/changed-fields';
import { fromForm, toForm } from './application-form';

const saved = {
  title: '赤泥综合利用关键技术研究',
  summary: '以赤泥为原料制备新型建材并回收铁精矿。',
  requestedFen: 30_000_000,
  pi: { name: '李明', title: '教授', titleLevel: 'full', phone: '0776-2848000', effortPercent: 40 },
  team: [{ name: '黄华', role: '技术骨干', organisation: '百色学院', title: '副教授', effortPercent: 30 }],
  cooperators: [],
  objectives: '建成中试线一条。',
  technicalRoute: '赤泥脱碱预处理 → 中试线验证。',
  indicators: [{ name: '赤泥综合利用率', unit: '%', target: 30, assessment: '第三方检测报告' }],
  schedule: [{ title: '工艺研究', start: '2027-01-01', end: '2027-06-30', deliverable: '工艺参数报告' }],
  budget: {
    equipment: [{ item: '成型试验机', amountFen: 5_000_000 }],
    business: [{ item: '材料费', amountFen: 20_000_000 }],
    labour: [{ item: '研究生劳务', amountFen: 5_000_000 }],
    indirectFen: 3_000_000,
    selfFundingFen: 3_000_000,
    coFundingFen: 0,
  },
  ethicsReviewRequired: false,
} as unknown as ApplicationContent;

describe('saving the application form', () => {
  const before = fromForm(toForm(saved));

  it('sends nothing when nothing changed since the saved copy', () => {
    expect(changedFields(before, fromForm(toForm(saved)))).toEqual({});
  });

  it('sends only the fields changed, in the units the API takes', () => {
    const form = toForm(saved);
    const edited = fromForm({
      ...form,
      title: '赤泥综合利用关键技术研究（修订）',
      budget: { ...form.budget!, indirectFen: 25_000 },
    });
    expect(changedFields(before, edited)).toEqual({
      title: '赤泥综合利用关键技术研究（修订）',
      budget: { ...saved.budget, indirectFen: 2_500_000 },
    });
  });
});
