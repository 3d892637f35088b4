/* eslint-disable @typescript-eslint/no-require-imports */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isAlive, root, until } from './support/dev-stack';

/** The restart policy of tools/stack.js on stand-in processes: fast, no Temporal needed. */
const { Supervised } = require(path.join(root, 'tools/stack'));

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kjflow-supervise-'));
const script = (name: string, code: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, code);
  return file;
};
const sleeper = script('sleeper.js', 'setInterval(() => undefined, 1000);');
const crasher = script('crasher.js', 'setTimeout(() => process.exit(3), 20);');
const fast = { backoffMs: 50, maxBackoffMs: 200, maxRestarts: 3, windowMs: 60000 };

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function supervise(file: string, onGiveUp = jest.fn()) {
  const warnings: string[] = [];
  const proc = new Supervised({
    name: 'worker',
    script: file,
    env: process.env,
    logFile: path.join(tmp, `${path.basename(file)}.log`),
    policy: fast,
    warn: (m: string) => warnings.push(m),
    onGiveUp,
  });
  return { proc, warnings, onGiveUp };
}

describe('supervision (tools/stack.js)', () => {
  it('restarts a killed process once running, and not after stop()', async () => {
    const { proc, warnings } = supervise(sleeper);
    proc.running();
    const first = proc.pid;
    process.kill(first, 'SIGKILL');
    await until('a new process', async () => proc.pid !== first && isAlive(proc.pid), 5000, 20);
    expect(warnings[0]).toBe(
      `[stack] worker (pid ${first}) exited unexpectedly (signal SIGKILL); restarting in 50 ms (restart 1 of at most 3 within 60 s)`,
    );
    expect(warnings[1]).toBe(`[stack] worker restarted (pid ${proc.pid})`);

    const second = proc.pid;
    await proc.stop(2000);
    await new Promise((r) => setTimeout(r, 300));
    expect(isAlive(second)).toBe(false);
    expect(proc.pid).toBe(second); // stopped, not restarted
  });

  it('backs off on a crash loop, then gives up with a clear message', async () => {
    const { proc, warnings, onGiveUp } = supervise(crasher);
    proc.running();
    await until('gave up', async () => onGiveUp.mock.calls.length > 0, 10000, 20);
    const delays = warnings.filter((w) => w.includes('restarting in')).map((w) => w.match(/in (\d+) ms/)![1]);
    expect(delays).toEqual(['50', '100', '200']);
    expect(onGiveUp.mock.calls[0][0].message).toMatch(
      /^the worker died 4 times within 60 s \(last: pid \d+, code 3\); not restarting it again/,
    );
    expect(isAlive(proc.pid)).toBe(false);
    await proc.stop();
  });

  it('treats an exit during start-up as a start failure, not a restart', async () => {
    const { proc, warnings } = supervise(crasher);
    await expect(proc.exited).rejects.toThrow(/^the worker \(pid \d+\) exited \(code 3\)/);
    await new Promise((r) => setTimeout(r, 200));
    expect(warnings).toEqual([]);
  });
});
