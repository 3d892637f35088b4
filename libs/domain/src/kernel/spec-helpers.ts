import { DomainError } from './messages';

/** Test helpers for the domain's specs (not exported from the library). */
export const HAN = /\p{Script=Han}/u;

/** The DomainError `fn` throws; fails the test if it throws nothing or something else. */
export function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError to be thrown');
}

/** Whether `fn` passes (true) or is refused with a DomainError (false); anything else is thrown. */
export function passes(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (e instanceof DomainError) return false;
    throw e;
  }
}

/**
 * Runs `fn` and answers its result with the CPU time the process spent meanwhile, in milliseconds.
 * A test's bound on a computation's size counts this, not the wall clock: on CI's two shared cores
 * the wall clock also counts the neighbours' work (the provincial calibration: 1.4 s alone, 5.1 s
 * of wall time in a full run).
 */
export function withCpuTime<T>(fn: () => T): { result: T; cpuMs: number } {
  const before = process.cpuUsage();
  const result = fn();
  const used = process.cpuUsage(before);
  return { result, cpuMs: (used.user + used.system) / 1000 };
}
