/** bench/update-cost.bench.ts: the write a command's activity would make, without the database. */
export async function write(n: number): Promise<number> {
  return n;
}
