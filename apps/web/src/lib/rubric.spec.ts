import { criteriaOf, liveWeightedScore } from './rubric';

const rubric = {
  criteria: [
    { key: 'innovation', name: { zh: '创新性', en: 'Novelty' }, weight: 30, commentRequired: true },
    { key: 'feasibility', name: { zh: '可行性', en: 'Feasibility' }, weight: 30 },
    { key: 'team', name: { zh: '团队基础', en: 'Team' }, weight: 20, max: 10 },
    { key: 'benefit', name: { zh: '预期效益', en: 'Expected benefit' }, weight: 20 },
  ],
  scale: { min: 0, max: 100 },
};

describe('the rubric on the review page', () => {
  it('gives each criterion its label, weight and range', () => {
    const c = criteriaOf(rubric);
    expect(c.map((x) => [x.key, x.label.zh, x.weight, x.min, x.max, x.commentRequired])).toEqual([
      ['innovation', '创新性', 30, 0, 100, true],
      ['feasibility', '可行性', 30, 0, 100, false],
      ['team', '团队基础', 20, 0, 10, false],
      ['benefit', '预期效益', 20, 0, 100, false],
    ]);
  });

  it('weighs the scores on 0..100 once every criterion is scored', () => {
    const c = criteriaOf(rubric);
    expect(liveWeightedScore(c, { innovation: 80, feasibility: 90, team: 5, benefit: 70 })).toBe(75);
    expect(liveWeightedScore(c, { innovation: 80, feasibility: 90, team: null, benefit: 70 })).toBeNull();
  });
});
