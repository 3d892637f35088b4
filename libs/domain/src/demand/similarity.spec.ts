import * as fs from 'node:fs';
import * as path from 'node:path';
import { pageQuerySchema } from '../kernel/page';
import {
  demandSimilarity,
  dice,
  DUPLICATE_SIMILARITY_THRESHOLD,
  similarDemands,
  similarDemandsPage,
} from './similarity';

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

describe('similarDemandsPage', () => {
  // Ten demands alike two by two in a ranked list: ids chosen so ties are broken by id.
  const of = { id: 'x', title: '赤泥综合利用关键技术研究', problem: '赤泥堆存量大，综合利用率低' };
  const candidates = Array.from({ length: 10 }, (_, i) => ({
    id: `d${i}`,
    title: i % 2 === 0 ? '赤泥综合利用关键技术' : '赤泥综合利用技术研究与示范',
    problem: i < 6 ? '赤泥堆存量大，综合利用率低' : '芒果炭疽病防治',
  }));

  it('walks every match above the threshold, best first, without repeating or skipping one', () => {
    const all = similarDemands(of, candidates, Infinity);
    const seen: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const page = similarDemandsPage(of, candidates, pageQuerySchema.parse({ limit: '3', next }));
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((c) => c.id));
      next = page.next ?? undefined;
      pages++;
    } while (next);
    expect(seen).toEqual(all.map((c) => c.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect(all.length).toBeGreaterThan(5);
    expect(pages).toBe(Math.ceil(all.length / 3));
  });

  it('reads a cursor of another list as the end', () => {
    const page = similarDemandsPage(of, candidates, { limit: 3, next: ['2026-01-01T00:00:00.000Z', 'id'] });
    expect(page).toEqual({ items: [], next: null });
  });
});
