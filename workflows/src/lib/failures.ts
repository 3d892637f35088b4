import { ApplicationFailure } from '@temporalio/workflow';
import { DomainError } from '@kjflow/domain/kernel/errors.rules';

/**
 * A DomainError crosses Temporal as a non-retryable ApplicationFailure whose type is the error
 * code and whose details carry the bilingual message and field errors; the API turns it back.
 */
export function toFailure(err: unknown): unknown {
  if (err instanceof DomainError) {
    return ApplicationFailure.create({
      type: err.code,
      message: err.message,
      nonRetryable: true,
      details: [err.toJSON()],
    });
  }
  return err;
}

/** Run a domain check; rethrow its refusal in the shape the client understands. */
export function check(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    throw toFailure(err);
  }
}
