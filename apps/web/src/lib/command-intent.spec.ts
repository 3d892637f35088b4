import { commandSender, type CommandInit } from './command-intent';

/** A refusal as the portal's ApiError carries it (a status); a dropped connection has none. */
const refusal = Object.assign(new Error('refused'), { status: 422 });
const dropped = new TypeError('Failed to fetch');
const answered = (err: unknown) => typeof (err as { status?: unknown }).status === 'number';

/** A command whose answers the test hands out one by one, recording the key of each request. */
function server() {
  const keys: string[] = [];
  const answers: Array<{ resolve: (v: string) => void; reject: (e: unknown) => void }> = [];
  const fn = (_: unknown, init: CommandInit) => {
    keys.push(init.headers['Idempotency-Key']);
    return new Promise<string>((resolve, reject) => answers.push({ resolve, reject }));
  };
  return { keys, answers, fn };
}

describe('a command sent once per intent (Idempotency-Key)', () => {
  it('sends a double click once: the second waits for the first answer', async () => {
    const send = commandSender(answered);
    const s = server();
    const first = send({ decision: 'accept' }, s.fn);
    const second = send({ decision: 'accept' }, s.fn);
    expect(s.keys).toHaveLength(1);
    s.answers[0]!.resolve('done');
    await expect(Promise.all([first, second])).resolves.toEqual(['done', 'done']);
  });

  it('retries after no answer with the same key, and takes a new key once answered', async () => {
    const send = commandSender(answered);
    const s = server();
    const lost = send({ n: 1 }, s.fn);
    s.answers[0]!.reject(dropped);
    await expect(lost).rejects.toBe(dropped);
    const retried = send({ n: 1 }, s.fn);
    s.answers[1]!.resolve('ok');
    await retried;
    expect(s.keys[1]).toBe(s.keys[0]);
    const again = send({ n: 1 }, s.fn);
    s.answers[2]!.resolve('ok');
    await again;
    expect(s.keys[2]).not.toBe(s.keys[0]);
    expect(s.keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('ends the intent on a refusal, and gives other variables their own key', async () => {
    const send = commandSender(answered);
    const s = server();
    const refused = send({ n: 1 }, s.fn);
    s.answers[0]!.reject(refusal);
    await expect(refused).rejects.toBe(refusal);
    const next = send({ n: 1 }, s.fn);
    const other = send({ n: 2 }, s.fn);
    s.answers[1]!.resolve('a');
    s.answers[2]!.resolve('b');
    await expect(Promise.all([next, other])).resolves.toEqual(['a', 'b']);
    expect(new Set(s.keys).size).toBe(3);
  });
});
