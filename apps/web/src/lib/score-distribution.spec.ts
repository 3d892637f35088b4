import { quantile, scoreBoxes, scoreHistogram, submittedScores } from './score-distribution';

const inv = (applicationId: string, weightedScore: number | null, submitted = true) => ({
  applicationId,
  applicationTitle: `项目${applicationId}`,
  weightedScore,
  submittedAt: submitted ? '2027-03-01T02:00:00.000Z' : null,
});

describe('the score distribution of a review round', () => {
  it('counts only submitted sheets (a draft score is the expert’s own)', () => {
    expect(submittedScores([inv('a', 80), inv('a', 90, false), inv('b', null)])).toEqual([80]);
  });

  it('interpolates quartiles between the nearest ranks', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([7], 0.75)).toBe(7);
  });

  it('summarises each application in five numbers, in the order the applications come', () => {
    const boxes = scoreBoxes([
      inv('b', 70),
      inv('a', 90),
      inv('a', 80),
      inv('a', 85),
      inv('a', 60),
      inv('b', 74),
    ]);
    expect(boxes).toEqual([
      { applicationId: 'b', title: '项目b', n: 2, min: 70, q1: 71, median: 72, q3: 73, max: 74 },
      { applicationId: 'a', title: '项目a', n: 4, min: 60, q1: 75, median: 82.5, q3: 86.25, max: 90 },
    ]);
  });

  it('bins scores ten points wide from the lowest to the highest, gaps included, the top score in the last bin', () => {
    expect(scoreHistogram([62, 88, 100, 90])).toEqual([
      { range: '60–70', from: 60, to: 70, count: 1 },
      { range: '70–80', from: 70, to: 80, count: 0 },
      { range: '80–90', from: 80, to: 90, count: 1 },
      { range: '90–100', from: 90, to: 100, count: 2 },
    ]);
    expect(scoreHistogram([86, 86])).toEqual([{ range: '80–90', from: 80, to: 90, count: 2 }]);
    expect(scoreHistogram([])).toEqual([]);
  });
});
