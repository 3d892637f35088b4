import { QueryFailedError } from 'typeorm';
import { ApplicationFailure, ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { DomainError, RetryableRefusal } from '@kjflow/domain';
import { errorResponse } from './error.filter';
import { isDatabaseDown, isTemporalDown } from './unavailable';

/** An error as pg and Node raise it: a message and a code. */
const pgError = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});
const grpcError = (code: number, details: string) =>
  Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });

describe('a dependency that is down answers 503 with Retry-After, not 500', () => {
  it.each([
    ['connection refused', pgError('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['the server shutting down', pgError('terminating connection due to administrator command', '57P01')],
    ['the server starting up', pgError('the database system is starting up', '57P03')],
    ['a connection cut', pgError('Connection terminated unexpectedly')],
    ['no pool connection in time', pgError('timeout exceeded when trying to connect')],
    ['too many connections', pgError('sorry, too many clients already', '53300')],
    [
      'a query whose connection broke (TypeORM)',
      new QueryFailedError('SELECT 1', [], pgError('Connection terminated unexpectedly')),
    ],
  ])('PostgreSQL: %s', (_, err) => {
    expect(isDatabaseDown(err)).toBe(true);
    const answer = errorResponse(err);
    expect(answer).toMatchObject({
      status: 503,
      retryAfterSeconds: 5,
      body: { error: { code: 'service_unavailable', message: { zh: expect.stringContaining('数据库') } } },
    });
  });

  it.each([
    ['unreachable (gRPC UNAVAILABLE)', grpcError(14, 'No connection established')],
    ['past its deadline (gRPC DEADLINE_EXCEEDED)', grpcError(4, 'Deadline exceeded')],
    [
      'a service error around it',
      new ServiceError('Failed to query workflow', { cause: grpcError(14, 'x') }),
    ],
    [
      'an update while the workflow task is being retried (a busy worker)',
      new ServiceError('Workflow Update failed', {
        cause: grpcError(
          9,
          'Unable to perform workflow execution update due to Workflow Task in failed state.',
        ),
      }),
    ],
    [
      'an update the worker dropped (rejected by the server, so nothing changed)',
      new WorkflowUpdateFailedError(
        'Workflow Update failed',
        ApplicationFailure.create({
          message:
            "Workflow Update is rejected because it wasn't processed by worker. Probably, Workflow Update is not supported by the worker.",
          type: 'UnprocessedUpdate',
          nonRetryable: true,
        }),
      ),
    ],
  ])('Temporal: %s', (_, err) => {
    expect(isTemporalDown(err)).toBe(true);
    expect(errorResponse(err)).toMatchObject({
      status: 503,
      body: { error: { code: 'service_unavailable', message: { en: expect.stringMatching(/Temporal/) } } },
    });
  });

  it('leaves other errors alone: a constraint violation is still a 500, a refusal its own status', () => {
    const unique = new QueryFailedError('INSERT', [], pgError('duplicate key value', '23505'));
    expect(isDatabaseDown(unique)).toBe(false);
    expect(errorResponse(unique).status).toBe(500);
    expect(isTemporalDown(grpcError(3, 'INVALID_ARGUMENT'))).toBe(false);
    expect(isTemporalDown(grpcError(9, 'Workflow execution already completed'))).toBe(false);
    // A workflow's own refusal that crossed Temporal is not an outage.
    const refused = new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.create({ message: 'x', type: 'invalid_state', nonRetryable: true }),
    );
    expect(isTemporalDown(refused)).toBe(false);
    expect(errorResponse(refused).status).toBe(409);
    const refusal = new RetryableRefusal('too_many_requests', { zh: '过于频繁', en: 'Too many' }, 60);
    expect(errorResponse(refusal)).toMatchObject({ status: 429, retryAfterSeconds: 60 });
    expect(errorResponse(new DomainError('conflict', { zh: '冲突', en: 'Conflict' }))).toMatchObject({
      status: 409,
      retryAfterSeconds: undefined,
    });
  });
});
