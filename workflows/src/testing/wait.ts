/**
 * Activity calls held open until released, as a slow database would: the workflow waits on them
 * while the test acts. The fake records the call before it waits, so the test can see it started.
 */
export function holds() {
  const gates = new Map<string, { held: Promise<void>; release: () => void }>();
  return {
    hold(key: string) {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      gates.set(key, { held, release });
    },
    release(key: string) {
      gates.get(key)?.release();
    },
    releaseAll() {
      for (const g of gates.values()) g.release();
    },
    wait(key: string): Promise<void> | undefined {
      return gates.get(key)?.held;
    },
  };
}
export type Holds = ReturnType<typeof holds>;

/** Polls `probe` until it answers something truthy (15 s at most, naming `what` on timeout). */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = await probe();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
