import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** `npm start` (tools/dev-stack.js) as a child process, its output kept for the assertions. */
export const root = path.resolve(__dirname, '../..');

export interface DevStack {
  child: ChildProcess;
  output(): string;
  /** Resolves with the first match in the output; rejects if the process exits first or on timeout. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Every process started under it so far (sampled every 100 ms until it exits). */
  seen: Set<number>;
}

export function runDevStack(env: Record<string, string>): DevStack {
  const child = spawn(process.execPath, [path.join(root, 'tools/dev-stack.js')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const listeners = new Set<() => void>();
  for (const stream of [child.stdout!, child.stderr!])
    stream.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      listeners.forEach((l) => l());
    });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const seen = new Set<number>();
  const sample = setInterval(() => descendants(child.pid!).forEach((p) => seen.add(p)), 100);
  void exited.then(() => clearInterval(sample));

  const waitFor = (pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = out.match(pattern);
        if (m) done(() => resolve(m));
      };
      const done = (fn: () => void) => {
        listeners.delete(check);
        clearTimeout(timer);
        fn();
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms; output:\n${out}`))),
        timeoutMs,
      );
      void exited.then(({ code, signal }) =>
        done(() => reject(new Error(`exited (${signal ?? code}) before ${pattern}; output:\n${out}`))),
      );
      listeners.add(check);
      check();
    });
  return { child, output: () => out, waitFor, exited, seen };
}

/** Child processes of `pid`, recursively, read from /proc. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may contain spaces and parentheses.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* gone meanwhile */
    }
  }
  const found: number[] = [];
  const walk = (p: number) =>
    (children.get(p) ?? []).forEach((c) => {
      found.push(c);
      walk(c);
    });
  walk(pid);
  return found;
}

/** True while `pid` exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** True when something accepts connections on 127.0.0.1:port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Stops a dev stack left running by a failed test: SIGINT, then SIGKILL to it and its children. */
export async function forceStop(stack: DevStack | undefined): Promise<void> {
  if (!stack || stack.child.exitCode !== null || stack.child.signalCode !== null) return;
  const all = [stack.child.pid!, ...descendants(stack.child.pid!)];
  stack.child.kill('SIGINT');
  await Promise.race([stack.exited, new Promise((r) => setTimeout(r, 20000))]);
  for (const pid of all)
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
}

export async function until<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  timeoutMs: number,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${String(last)})` : ''}`);
}
