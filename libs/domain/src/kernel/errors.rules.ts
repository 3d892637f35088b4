/** Every user-facing message: Chinese first, English beside it. */
export interface Bilingual {
  zh: string;
  en: string;
}

export interface FieldMessage {
  path: string;
  message: Bilingual;
}

/** Stable machine-readable codes; HTTP status is derived from the code in one table. */
export const ERROR_STATUS = {
  validation_failed: 400,
  /** The request as a whole is unreadable (not JSON, an empty JSON body, a malformed URL). */
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 409,
  /**
   * A retry whose Idempotency-Key's first attempt went unanswered (503) yet took effect: the
   * command is done; read the resource for its state.
   */
  already_applied: 409,
  window_closed: 422,
  window_not_open: 422,
  /** An Idempotency-Key sent again with a different request. */
  idempotency_key_reused: 422,
  /** A running credit ban (失信禁止期) bars the request; the message names the record and its end date. */
  credit_barred: 422,
  /** A domain rule refuses the request as asked (e.g. too early, four eyes); the message says which. */
  rule_refused: 422,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** Login attempts over the limit, or a lock-out after failed logins; Retry-After says when. */
  too_many_requests: 429,
  /** PostgreSQL or Temporal cannot be reached; Retry-After says when to try again. */
  service_unavailable: 503,
  /** No worker polls the task queue: a command would wait for one instead of being answered. */
  worker_unavailable: 503,
  /**
   * The record exists but the workflow that acts on it is still being started (a round's
   * invitations in the seconds, at scale minutes, after the draw); Retry-After says when.
   */
  not_ready: 503,
  /** A working-day count reaches a year whose State Council holiday data is not installed. */
  calendar_data_missing: 503,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * A refusal the user can act on. Thrown by domain rules; the API maps it to an HTTP status,
 * workflows turn it into an ApplicationFailure so it crosses Temporal intact.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly bilingual: Bilingual,
    readonly fields: FieldMessage[] = [],
  ) {
    super(bilingual.en);
    this.name = 'DomainError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toJSON() {
    return { code: this.code, message: this.bilingual, fields: this.fields };
  }
}

/** A refusal that tells the client when to try again (HTTP Retry-After, in seconds). */
export class RetryableRefusal extends DomainError {
  constructor(
    code: DomainError['code'],
    bilingual: DomainError['bilingual'],
    readonly retryAfterSeconds: number,
  ) {
    super(code, bilingual);
  }
}

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_STATUS, code);
}
