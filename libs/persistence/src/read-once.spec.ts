import { ReadOnce } from './read-once';

describe('ReadOnce', () => {
  it('reads a key once, and again after a read that failed or found nothing', async () => {
    const cache = new ReadOnce<string>();
    let reads = 0;
    const read = (v: string | null | Error) => () => {
      reads++;
      return v instanceof Error ? Promise.reject(v) : Promise.resolve(v);
    };
    expect(await cache.get('a', read('A'))).toBe('A');
    expect(await cache.get('a', read('other'))).toBe('A');
    expect(reads).toBe(1);
    expect(await cache.get('b', read(null))).toBeNull();
    await expect(cache.get('c', read(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('b', read('B'))).toBe('B');
    expect(await cache.get('c', read('C'))).toBe('C');
    expect(reads).toBe(5);
  });

  it('starts over past the keys it keeps', async () => {
    const cache = new ReadOnce<number>(2);
    let reads = 0;
    const read = () => Promise.resolve(++reads);
    await cache.get('a', read);
    await cache.get('b', read);
    await cache.get('c', read); // full: cleared, then c kept
    expect(await cache.get('a', read)).toBe(4);
  });
});
