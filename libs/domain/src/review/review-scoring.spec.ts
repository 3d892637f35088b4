import {
  aggregate,
  calibrate,
  checkDisagreement,
  displayScore,
  panelOutcome,
  parseScoreSheet,
  rank,
  RankEntryInput,
  resolveRubric,
  RubricLike,
  ScoreObservation,
  scoreSheetSchema,
  sheetScores,
  weightedScore,
} from './review-scoring';
import { caught, HAN, withCpuTime } from '../kernel/spec-helpers';
import { parseOrThrow } from '../kernel/validation';

const rubric: RubricLike = {
  criteria: [
    { key: 'novelty', label: { zh: '创新性', en: 'Novelty' }, weight: 40, max: 100 },
    {
      key: 'feasibility',
      label: { zh: '可行性', en: 'Feasibility' },
      weight: 30,
      max: 10,
      commentRequired: true,
    },
    { key: 'impact', label: { zh: '应用前景', en: 'Impact' }, weight: 30, max: 10 },
  ],
};

const goodSheet = {
  criteria: {
    novelty: { score: 80 },
    feasibility: { score: 7.5, comment: '技术路线清晰，团队具备相应的实验条件。' },
    impact: { score: 9 },
  },
  overallComment: '选题契合百色铝产业需求，建议资助。',
};

const pathsOf = (fn: () => unknown) => caught(fn).fields.map((f) => f.path);

describe('rubric', () => {
  it('accepts a program template’s rubric as is (name, shared scale)', () => {
    const template = {
      criteria: [
        { key: 'a', name: { zh: '甲', en: 'A' }, weight: 60, commentRequired: false },
        { key: 'b', name: { zh: '乙', en: 'B' }, weight: 40, commentRequired: true },
      ],
      scale: { min: 0, max: 10 },
      blind: true,
    };
    expect(resolveRubric(template)).toEqual([
      { key: 'a', label: { zh: '甲', en: 'A' }, weight: 60, min: 0, max: 10, commentRequired: false },
      { key: 'b', label: { zh: '乙', en: 'B' }, weight: 40, min: 0, max: 10, commentRequired: true },
    ]);
  });

  it('defaults to a 100-point scale (RULES §5)', () => {
    expect(resolveRubric({ criteria: [{ key: 'x', weight: 100 }] })[0].max).toBe(100);
  });

  it('rejects weights that do not sum to 100, non-integer weights and repeated keys', () => {
    const error = caught(() =>
      resolveRubric({
        criteria: [
          { key: 'a', weight: 50.5 },
          { key: 'a', weight: 40 },
        ],
      }),
    );
    expect(error.fields.map((f) => f.path)).toEqual(['criteria.0.weight', 'criteria.1.key', 'criteria']);
    expect(error.fields[2].message).toEqual({
      zh: '各评分项权重之和须为 100（当前 90.5）',
      en: 'The weights must sum to 100 (now 90.5)',
    });
  });
});

describe('scoreSheetSchema', () => {
  it('accepts a complete sheet and trims the comments', () => {
    const sheet = parseScoreSheet(rubric, {
      ...goodSheet,
      overallComment: `  ${goodSheet.overallComment}  `,
    });
    expect(sheet.overallComment).toBe(goodSheet.overallComment);
    expect(sheetScores(sheet)).toEqual({ novelty: 80, feasibility: 7.5, impact: 9 });
  });

  it('names each offending field with a bilingual message', () => {
    const error = caught(() =>
      parseScoreSheet(rubric, {
        criteria: {
          novelty: { score: 101 },
          feasibility: { score: 7.25, comment: '太短' },
          impact: {},
        },
        overallComment: '好',
      }),
    );
    expect(error.code).toBe('validation_failed');
    expect(error.bilingual.zh).toBe('评审内容有误，请按字段提示修改');
    const byPath = Object.fromEntries(error.fields.map((f) => [f.path, f.message]));
    expect(byPath).toEqual({
      'criteria.novelty.score': {
        zh: '创新性的评分须在 0–100 之间',
        en: 'The score for Novelty must be from 0 to 100',
      },
      'criteria.feasibility.score': {
        zh: '评分最多保留一位小数',
        en: 'A score has at most one decimal place',
      },
      'criteria.feasibility.comment': {
        zh: '可行性须填写评语（不少于 10 个字）',
        en: 'Feasibility needs a comment (at least 10 characters)',
      },
      'criteria.impact.score': { zh: '必填字段', en: 'Required' },
      overallComment: {
        zh: '请填写总体评价（不少于 10 个字）',
        en: 'Give an overall comment (at least 10 characters)',
      },
    });
  });

  it('asks for a required comment that is missing altogether, and for the overall comment', () => {
    const { feasibility, ...others } = goodSheet.criteria;
    const paths = pathsOf(() =>
      parseScoreSheet(rubric, { criteria: { ...others, feasibility: { score: feasibility.score } } }),
    );
    expect(paths).toEqual(['criteria.feasibility.comment', 'overallComment']);
  });

  it('rejects a criterion the rubric does not have, and a missing one', () => {
    const paths = pathsOf(() =>
      parseScoreSheet(rubric, {
        ...goodSheet,
        criteria: {
          novelty: { score: 1 },
          feasibility: goodSheet.criteria.feasibility,
          budget: { score: 1 },
        },
      }),
    );
    expect(paths.sort()).toEqual(['criteria', 'criteria.impact']);
  });

  it('lets a draft leave everything out but still checks what is there', () => {
    const draft = scoreSheetSchema(rubric, { draft: true });
    expect(parseOrThrow(draft, {})).toEqual({ criteria: {} });
    expect(parseOrThrow(draft, { criteria: { feasibility: { comment: '初稿' } } })).toEqual({
      criteria: { feasibility: { comment: '初稿' } },
    });
    const error = caught(() => parseOrThrow(draft, { criteria: { impact: { score: 11 } } }, '评审'));
    expect(error.fields).toEqual([
      {
        path: 'criteria.impact.score',
        message: { zh: '应用前景的评分须在 0–10 之间', en: 'The score for Impact must be from 0 to 10' },
      },
    ]);
  });
});

describe('weightedScore', () => {
  it('normalises each criterion by its max and weights it', () => {
    // 40 × 80/100 + 30 × 7.5/10 + 30 × 9/10
    expect(weightedScore(rubric, { novelty: 80, feasibility: 7.5, impact: 9 })).toBe(81.5);
    expect(weightedScore(rubric, { novelty: 100, feasibility: 10, impact: 10 })).toBe(100);
    expect(weightedScore(rubric, { novelty: 0, feasibility: 0, impact: 0 })).toBe(0);
  });

  it('is exact where summing doubles is not', () => {
    const thirds: RubricLike = {
      criteria: [
        { key: 'a', weight: 33 },
        { key: 'b', weight: 33 },
        { key: 'c', weight: 34 },
      ],
    };
    expect(weightedScore(thirds, { a: 85.3, b: 70.1, c: 90.7 })).toBe(82.12);
    expect(weightedScore(thirds, { a: 60, b: 64.4, c: 90.7 })).toBe(71.89);
    // Summing doubles misses it, which is why the score is computed as an integer ratio.
    expect((33 * 60) / 100 + (33 * 64.4) / 100 + (34 * 90.7) / 100).not.toBe(71.89);
  });

  it('maps a scale with a minimum onto 0..100', () => {
    const oneToTen = { criteria: [{ key: 'x', weight: 100 }], scale: { min: 1, max: 10 } };
    expect(weightedScore(oneToTen, { x: 1 })).toBe(0);
    expect(weightedScore(oneToTen, { x: 5.5 })).toBe(50);
  });

  it('rejects missing, out-of-range, over-precise and unknown scores by path', () => {
    const paths = pathsOf(() =>
      weightedScore(rubric, { novelty: 80.25, feasibility: 11, bogus: 1 } as Record<string, number>),
    );
    expect(paths).toEqual(['scores.novelty', 'scores.feasibility', 'scores.impact', 'scores.bogus']);
  });

  it('rounds for display only, halves away from zero', () => {
    expect(displayScore(83.335)).toBe(83.34);
    expect(displayScore(2.675)).toBe(2.68);
    expect(displayScore(-1.005)).toBe(-1.01);
    expect(displayScore(82.12)).toBe(82.12);
  });
});

describe('aggregate', () => {
  it('takes the plain mean below five scores', () => {
    const s = aggregate([90, 60, 80, 70]);
    expect(s).toMatchObject({
      n: 4,
      score: 75,
      trimmed: false,
      mean: 75,
      median: 75,
      min: 60,
      max: 90,
      spread: 30,
    });
    expect(s.explanation.zh).toContain('不去极值');
  });

  it('drops the highest and the lowest from five scores up (RULES §5)', () => {
    const s = aggregate([100, 50, 80, 70, 90]);
    expect(s).toMatchObject({
      n: 5,
      score: 80,
      trimmed: true,
      mean: 78,
      median: 80,
      min: 50,
      max: 100,
      spread: 50,
    });
    expect(s.explanation).toEqual({
      zh: '5 位专家评分，去掉最高、最低各 1 个后取平均：80.00',
      en: '5 expert scores; the mean after dropping the 1 highest and lowest: 80.00',
    });
  });

  it('follows a configured policy and refuses one that would drop everything', () => {
    expect(aggregate([1, 2, 3, 4, 5, 6, 7], { trimWhenAtLeast: 7, trimCount: 2 }).score).toBe(4);
    expect(pathsOf(() => aggregate([1, 2], { trimWhenAtLeast: 2, trimCount: 1 }))).toEqual(['trimCount']);
    expect(pathsOf(() => aggregate([]))).toEqual(['scores']);
  });

  it('gives the same double whatever the order of the scores', () => {
    const xs = [81.5, 77.3, 90.1, 62.9, 88.8, 70.7];
    expect(aggregate(xs).score).toBe(aggregate([...xs].reverse()).score);
  });
});

describe('calibrate', () => {
  const experts = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6'];
  const bias: Record<string, number> = { e1: 5, e2: -5, e3: 0, e4: 3, e5: -1, e6: -2 };
  const quality = [82, 75, 68, 90, 60, 71, 85, 79, 66, 93, 58, 74];
  // Each application is scored by 3 or 4 experts, in overlapping windows, so the graph is connected.
  const observations: ScoreObservation[] = quality.flatMap((q, a) =>
    Array.from({ length: 3 + (a % 2) }, (_, k) => experts[(a + k) % 6]).map((e) => ({
      applicationId: `app-${a}`,
      expertId: e,
      score: q + bias[e],
    })),
  );

  it('recovers known reviewer biases and qualities exactly when there is no noise', () => {
    const c = calibrate(observations);
    expect(c.components).toBe(1);
    for (const e of c.experts) expect(Math.abs(e.bias - bias[e.expertId])).toBeLessThan(1e-6);
    c.applications.forEach((a, i) => {
      expect(a.applicationId).toBe(`app-${i}`);
      expect(Math.abs(a.calibrated - quality[i])).toBeLessThan(1e-6);
    });
    // The raw scores stay beside the calibrated ones.
    expect(c.scores).toHaveLength(observations.length);
    c.scores.forEach((s, i) => {
      expect(s.raw).toBe(observations[i].score);
      expect(Math.abs(s.calibrated - (s.raw - bias[s.expertId]))).toBeLessThan(1e-6);
    });
    expect(c.applications[0].rawMean).toBeCloseTo(82 + (5 - 5 + 0) / 3, 9);
  });

  it('identifies biases per connected component, summing to zero in each', () => {
    const other: ScoreObservation[] = [
      { applicationId: 'x1', expertId: 'f1', score: 73 },
      { applicationId: 'x1', expertId: 'f2', score: 67 },
      { applicationId: 'x2', expertId: 'f1', score: 53 },
      { applicationId: 'x2', expertId: 'f2', score: 47 },
    ];
    const c = calibrate([...observations, ...other]);
    expect(c.components).toBe(2);
    const f = c.experts.filter((e) => e.expertId.startsWith('f'));
    expect(f.map((e) => e.component)).toEqual([1, 1]);
    expect(f[0].bias).toBeCloseTo(3, 9);
    expect(f[1].bias).toBeCloseTo(-3, 9);
    expect(c.applications.find((a) => a.applicationId === 'x2')!.calibrated).toBeCloseTo(50, 9);
    for (const e of c.experts.filter((e) => e.component === 0))
      expect(Math.abs(e.bias - bias[e.expertId])).toBeLessThan(1e-6);
  });

  it('recovers biases up to their component mean when they do not sum to zero', () => {
    const shifted = observations.map((o) => ({ ...o, score: o.score + 4 }));
    const c = calibrate(shifted);
    for (const e of c.experts) expect(Math.abs(e.bias - bias[e.expertId])).toBeLessThan(1e-6);
    c.applications.forEach((a, i) => expect(Math.abs(a.calibrated - (quality[i] + 4))).toBeLessThan(1e-6));
  });

  it('calibrates a provincial round (10,000 applications, 3,000 experts, 5 each) in seconds, not the minutes of a dense solve', () => {
    // A deterministic spread of biases in [−6, 6] and qualities in [55, 95]; expert j of application a
    // is (a·7 + j·613) mod 3,000, so every expert shares applications with many others.
    const expertBias = Array.from({ length: 3000 }, (_, e) => ((e * 37) % 121) / 10 - 6.05);
    const meanBias = expertBias.reduce((s, b) => s + b, 0) / expertBias.length;
    const obs: ScoreObservation[] = [];
    const qualityOf = (a: number) => 55 + ((a * 53) % 401) / 10;
    for (let a = 0; a < 10_000; a++)
      for (let j = 0; j < 5; j++) {
        const e = (a * 7 + j * 613) % 3000;
        obs.push({ applicationId: `a${a}`, expertId: `e${e}`, score: qualityOf(a) + expertBias[e] });
      }
    const { result: c, cpuMs } = withCpuTime(() => calibrate(obs));
    expect(cpuMs).toBeLessThan(5000);
    expect(c.components).toBe(1);
    for (const e of c.experts)
      expect(Math.abs(e.bias - (expertBias[Number(e.expertId.slice(1))] - meanBias))).toBeLessThan(1e-6);
    for (const a of c.applications)
      expect(Math.abs(a.calibrated - (qualityOf(Number(a.applicationId.slice(1))) + meanBias))).toBeLessThan(
        1e-6,
      );
  });

  it('gives a lone reviewer no bias', () => {
    const c = calibrate([{ applicationId: 'a', expertId: 'e', score: 70 }]);
    expect(c.experts[0].bias).toBeCloseTo(0, 12);
    expect(c.applications[0].calibrated).toBeCloseTo(70, 12);
  });

  it('rejects an expert scoring one application twice', () => {
    expect(
      pathsOf(() =>
        calibrate([
          { applicationId: 'a', expertId: 'e', score: 70 },
          { applicationId: 'a', expertId: 'e', score: 71 },
        ]),
      ),
    ).toEqual(['1.expertId']);
  });
});

describe('checkDisagreement', () => {
  it('flags a spread above the threshold, with a reason for the panel', () => {
    const flag = checkDisagreement(aggregate([60, 85, 70]), 20);
    expect(flag.disagreement).toBe(true);
    expect(flag.reason!.zh).toBe('专家评分最高与最低相差 25.00 分，超过 20.00 分的分歧阈值，提交专家组合议');
    expect(flag.reason!.en).toContain('panel');
  });

  it('does not flag a spread at or below the threshold', () => {
    expect(checkDisagreement({ spread: 20 }, 20)).toEqual({
      disagreement: false,
      spread: 20,
      threshold: 20,
      reason: null,
    });
    expect(pathsOf(() => checkDisagreement({ spread: 1 }, -1))).toEqual(['threshold']);
  });
});

describe('rank', () => {
  const at = (hour: number) => `2026-05-01T${String(hour).padStart(2, '0')}:00:00+08:00`;
  const entry = (id: string, over: Partial<RankEntryInput> = {}): RankEntryInput => ({
    id,
    topicId: 't1',
    score: 85,
    median: 84,
    calibrated: 83,
    submittedAt: at(11),
    ...over,
  });

  it('breaks ties in order: trimmed mean, median, calibrated, submission, id — and says which', () => {
    const entries = [
      entry('a7', { score: 70 }),
      entry('a6'),
      entry('a3', { calibrated: 85 }),
      entry('a1', { score: 90 }),
      entry('a5'),
      entry('a4', { submittedAt: at(10) }),
      entry('a2', { median: 86 }),
    ];
    const ranked = rank(entries);
    expect(ranked.map((r) => [r.id, r.rank, r.tieBrokenBy?.criterion ?? null])).toEqual([
      ['a1', 1, 'score'],
      ['a2', 2, 'median'],
      ['a3', 3, 'calibrated'],
      ['a4', 4, 'submittedAt'],
      ['a5', 5, 'id'],
      ['a6', 6, 'score'],
      ['a7', 7, null],
    ]);
    expect(ranked[3].tieBrokenBy!.label).toEqual({
      zh: '提交时间（较早者在前）',
      en: 'Submission time (earlier first)',
    });
    // Tied trimmed means share a percentile: the share of the others scoring strictly lower.
    expect(ranked.map((r) => displayScore(r.percentile))).toEqual([
      100, 16.67, 16.67, 16.67, 16.67, 16.67, 0,
    ]);
    expect(ranked.every((r) => r.aboveFundingLine === null && r.funding === null)).toBe(true);
  });

  it('spreads percentiles evenly without ties, and gives a lone application 100', () => {
    const ranked = rank([60, 70, 80, 90, 50].map((score, i) => entry(`b${i}`, { score })));
    expect(ranked.map((r) => [r.score, r.percentile])).toEqual([
      [90, 100],
      [80, 75],
      [70, 50],
      [60, 25],
      [50, 0],
    ]);
    expect(rank([entry('solo')])[0]).toMatchObject({
      rank: 1,
      percentile: 100,
      groupSize: 1,
      tieBrokenBy: null,
    });
  });

  it('treats float noise in a score as a tie', () => {
    const ranked = rank([entry('x', { score: 0.1 + 0.2, median: 1 }), entry('y', { score: 0.3, median: 2 })]);
    expect(ranked.map((r) => r.id)).toEqual(['y', 'x']);
    expect(ranked[0].tieBrokenBy!.criterion).toBe('median');
  });

  it('skips the calibrated level when part of the group has no calibrated score', () => {
    const ranked = rank([
      entry('p', { calibrated: null, submittedAt: at(9) }),
      entry('q', { calibrated: 99, submittedAt: at(10) }),
    ]);
    expect(ranked.map((r) => [r.id, r.tieBrokenBy?.criterion])).toEqual([
      ['p', 'submittedAt'],
      ['q', undefined],
    ]);
  });

  it('ranks each call and topic separately, groups in order of first appearance', () => {
    const ranked = rank([
      entry('n1', { topicId: null, score: 60 }),
      entry('t1', { score: 70 }),
      entry('n2', { topicId: null, score: 65 }),
      entry('c2', { callId: 'call-2', score: 99 }),
    ]);
    expect(ranked.map((r) => [r.callId, r.topicId, r.id, r.rank, r.groupSize])).toEqual([
      [null, null, 'n2', 1, 2],
      [null, null, 'n1', 2, 2],
      [null, 't1', 't1', 1, 1],
      ['call-2', 't1', 'c2', 1, 1],
    ]);
  });

  it('draws the funding line inclusively at the threshold score', () => {
    const ranked = rank(
      [80.5, 80, 79.9].map((score, i) => entry(`f${i}`, { score })),
      { fundingLine: 80 },
    );
    expect(ranked.map((r) => r.aboveFundingLine)).toEqual([true, true, false]);
    expect(ranked[2].funding).toEqual({
      zh: '得分 79.90 低于资助线 80.00',
      en: 'Score 79.90 is below the funding line of 80.00',
    });
    expect(ranked[1].funding!.zh).toBe('得分 80.00 不低于资助线 80.00');
  });

  it('funds a fixed count, and a budget in rank order without skipping', () => {
    const scores = [90, 85, 80, 75];
    expect(
      rank(
        scores.map((score, i) => entry(`k${i}`, { score })),
        { fundedCount: 2 },
      ).map((r) => r.aboveFundingLine),
    ).toEqual([true, true, false, false]);

    const fen = [300_000_00, 250_000_00, 100_000_00, 10_000_00];
    const ranked = rank(
      scores.map((score, i) => entry(`m${i}`, { score, requestedFen: fen[i] })),
      { budgetFen: 600_000_00 },
    );
    // 300k + 250k fit; 100k does not fit the 50k left, and the cheaper 10k below it does not jump it.
    expect(ranked.map((r) => r.aboveFundingLine)).toEqual([true, true, false, false]);
    expect(ranked[2].funding!.zh).toBe('预算不足：申请 ¥100,000.00，剩余 ¥50,000.00（按排名依次安排）');
    expect(ranked[1].funding!.en).toBe('cumulative ¥550,000.00 within the budget of ¥600,000.00');
  });

  it('takes a funding rule per group, and needs the amounts for a budget', () => {
    const ranked = rank([entry('g1', { topicId: 'a' }), entry('g2', { topicId: 'b' })], (g) =>
      g.topicId === 'a' ? { fundingLine: 90 } : { fundingLine: 60 },
    );
    expect(ranked.map((r) => [r.id, r.aboveFundingLine])).toEqual([
      ['g1', false],
      ['g2', true],
    ]);
    expect(pathsOf(() => rank([entry('h1', { requestedFen: 1 }), entry('h2')], { budgetFen: 10 }))).toEqual([
      '1.requestedFen',
    ]);
    expect(pathsOf(() => rank([entry('d'), entry('d')]))).toEqual(['1.id']);
  });
});

describe('panelOutcome', () => {
  const votes = (...vs: Array<'fund' | 'not_fund' | 'abstain'>) => ({
    mode: 'vote' as const,
    votes: vs.map((vote, i) => ({ memberId: `m${i}`, vote })),
  });

  it('recommends on a majority of the non-abstaining votes', () => {
    const out = panelOutcome(votes('fund', 'fund', 'not_fund', 'abstain', 'abstain'));
    expect(out).toMatchObject({ recommended: true, tally: { fund: 2, notFund: 1, abstain: 2 } });
    expect(out.explanation.zh).toBe(
      '赞成资助 2 票，不赞成 1 票，弃权 2 票；有效票（不含弃权）多数赞成，建议资助',
    );
    expect(panelOutcome(votes('fund', 'not_fund', 'not_fund')).recommended).toBe(false);
  });

  it('does not recommend on a tie, and says so', () => {
    const out = panelOutcome(votes('fund', 'fund', 'not_fund', 'not_fund', 'abstain'));
    expect(out.recommended).toBe(false);
    expect(out.explanation.zh).toContain('票数相同，未形成多数，不予推荐');
    expect(out.explanation.en).toContain('the votes are tied');
    const allAbstain = panelOutcome(votes('abstain', 'abstain', 'abstain'));
    expect(allAbstain.recommended).toBe(false);
    expect(allAbstain.explanation.en).toContain('no valid vote');
  });

  it('takes a consensus score, against the funding line when given', () => {
    expect(panelOutcome({ mode: 'consensus', consensusScore: 78 })).toMatchObject({
      recommended: null,
      score: 78,
    });
    const out = panelOutcome({ mode: 'consensus', consensusScore: 78, fundingLine: 80 });
    expect(out.recommended).toBe(false);
    expect(out.explanation.zh).toBe('专家组合议一致评定 78.00 分，低于资助线 80.00，不予推荐');
    expect(panelOutcome({ mode: 'consensus', consensusScore: 80, fundingLine: 80 }).recommended).toBe(true);
  });

  it('rejects a missing consensus score and a member voting twice', () => {
    expect(pathsOf(() => panelOutcome({ mode: 'consensus' } as never))).toEqual(['consensusScore']);
    const twice = {
      mode: 'vote' as const,
      votes: [
        { memberId: 'm1', vote: 'fund' as const },
        { memberId: 'm1', vote: 'not_fund' as const },
      ],
    };
    const error = caught(() => panelOutcome(twice));
    expect(error.fields).toEqual([
      { path: 'votes', message: { zh: '每位专家只能投一票', en: 'Each member votes once' } },
    ]);
    expect(error.fields[0].message.zh).toMatch(HAN);
  });
});
