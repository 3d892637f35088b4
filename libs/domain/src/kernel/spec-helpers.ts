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
