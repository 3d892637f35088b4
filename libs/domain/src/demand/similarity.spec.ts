import * as fs from 'node:fs';
import * as path from 'node:path';
import { demandSimilarity, dice, DUPLICATE_SIMILARITY_THRESHOLD, similarDemands } from './similarity';

const samples: Array<{ title: string; problem: string }> = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../../seeds/data/demands.json'), 'utf8'),
).demands;

describe('dice', () => {
  it('is 1 for the same text, 0 for texts without a shared bigram, and ignores punctuation and spaces', () => {
    expect(dice('赤泥综合利用', '赤泥综合利用')).toBe(1);
    expect(dice('赤泥综合利用', '芒果病虫害')).toBe(0);
    expect(dice('赤泥，综合 利用', '赤泥综合利用')).toBe(1);
    expect(dice('', '赤泥')).toBe(0);
  });
});

describe('similarDemands on the plans’ sample demands', () => {
  const withIds = samples.map((d, i) => ({ ...d, id: String(i).padStart(2, '0') }));
  const pairsAbove = () => {
    const out: Array<[string, string]> = [];
    for (let i = 0; i < withIds.length; i++)
      for (let j = i + 1; j < withIds.length; j++)
        if (demandSimilarity(withIds[i], withIds[j]) >= DUPLICATE_SIMILARITY_THRESHOLD)
          out.push([withIds[i].title, withIds[j].title]);
    return out;
  };

  it('suggests the two red-mud utilisation demands and the two mango anthracnose demands, nothing else', () => {
    const pairs = pairsAbove();
    expect(pairs).toHaveLength(2);
    expect(pairs.some(([a, b]) => a.includes('赤泥') && b.includes('赤泥'))).toBe(true);
    expect(pairs.some(([a, b]) => a.includes('芒果') && b.includes('芒果'))).toBe(true);
  });

  it('ranks best first, excludes the demand itself and respects the limit', () => {
    const redMud = withIds.find((d) => d.title.includes('赤泥综合利用'))!;
    const found = similarDemands(redMud, withIds, 1);
    expect(found).toHaveLength(1);
    expect(found[0].id).not.toBe(redMud.id);
    expect(found[0].title).toContain('赤泥');
    expect(found[0].similarity).toBeGreaterThanOrEqual(DUPLICATE_SIMILARITY_THRESHOLD);
  });
});
