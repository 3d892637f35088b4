import { DomainError, ERROR_STATUS, ErrorCode, errorBodySchema, isErrorCode } from './messages';

const MESSAGE = { zh: '无权执行此操作', en: 'You are not allowed to do this' };

describe('DomainError', () => {
  const expectedStatus: Record<ErrorCode, number> = {
    validation_failed: 400,
    bad_request: 400,
    unauthenticated: 401,
    forbidden: 403,
    not_found: 404,
    conflict: 409,
    invalid_state: 409,
    already_applied: 409,
    window_closed: 422,
    window_not_open: 422,
    credit_barred: 422,
    rule_refused: 422,
    idempotency_key_reused: 422,
    precondition_failed: 412,
    payload_too_large: 413,
    unsupported_media_type: 415,
    too_many_requests: 429,
    service_unavailable: 503,
    worker_unavailable: 503,
    not_ready: 503,
    calendar_data_missing: 503,
  };

  it('has a status for exactly the documented codes', () => {
    expect(Object.keys(ERROR_STATUS).sort()).toEqual(Object.keys(expectedStatus).sort());
  });

  it.each(Object.entries(expectedStatus) as [ErrorCode, number][])('maps %s to HTTP %i', (code, status) => {
    expect(new DomainError(code, MESSAGE).status).toBe(status);
  });

  it('is an Error whose message is the English text', () => {
    const error = new DomainError('forbidden', MESSAGE);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(DomainError);
    expect(error.name).toBe('DomainError');
    expect(error.message).toBe('You are not allowed to do this');
    expect(error.code).toBe('forbidden');
    expect(error.bilingual).toEqual(MESSAGE);
  });

  it('defaults to no field messages', () => {
    expect(new DomainError('conflict', MESSAGE).fields).toEqual([]);
  });

  it('serialises to { code, message, fields } exactly as the error body carries it', () => {
    const fields = [{ path: 'title', message: { zh: '必填字段', en: 'Required' } }];
    const error = new DomainError('validation_failed', MESSAGE, fields);

    const json = error.toJSON();

    expect(json).toEqual({ code: 'validation_failed', message: MESSAGE, fields });
    expect(errorBodySchema.parse({ error: json })).toEqual({ error: json });
    expect(errorBodySchema.shape.error.strict().safeParse(json).success).toBe(true);
  });

  it('serialises through JSON.stringify as the same shape', () => {
    const error = new DomainError('not_found', { zh: '申报书不存在', en: 'Application not found' });

    const body = JSON.parse(JSON.stringify({ error }));

    expect(errorBodySchema.parse(body)).toEqual({
      error: { code: 'not_found', message: { zh: '申报书不存在', en: 'Application not found' }, fields: [] },
    });
  });
});

describe('errorBodySchema', () => {
  it('refuses a body whose message is not bilingual', () => {
    const result = errorBodySchema.safeParse({ error: { code: 'forbidden', message: 'nope', fields: [] } });
    expect(result.success).toBe(false);
  });

  it('refuses a field message without a path', () => {
    const result = errorBodySchema.safeParse({
      error: { code: 'forbidden', message: MESSAGE, fields: [{ message: MESSAGE }] },
    });
    expect(result.success).toBe(false);
  });
});

describe('isErrorCode', () => {
  it.each(Object.keys(ERROR_STATUS))('accepts %s', (code) => {
    expect(isErrorCode(code)).toBe(true);
  });

  it.each([['teapot'], [''], [404], [null], [undefined], [{}]])('refuses %p', (value) => {
    expect(isErrorCode(value)).toBe(false);
  });
});

describe('isErrorCode and inherited property names', () => {
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])('rejects %s', (name) => {
    expect(isErrorCode(name)).toBe(false);
  });
});
