/**
 * Reads of rows that never change, kept per process: the first read of a key is shared by every
 * later one; a read that failed or found nothing (null) is not kept, so it is tried again. Past
 * `kept` keys the map starts over (far more than a process uses at once).
 */
export class ReadOnce<V> {
  private readonly values = new Map<string, Promise<V | null>>();

  constructor(private readonly kept = 1000) {}

  get(key: string, read: () => Promise<V | null>): Promise<V | null> {
    let value = this.values.get(key);
    if (!value) {
      if (this.values.size >= this.kept) this.values.clear();
      value = read();
      this.values.set(key, value);
      value.then(
        (v) => v ?? this.values.delete(key),
        () => this.values.delete(key),
      );
    }
    return value;
  }
}
