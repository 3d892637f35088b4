import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { catchError, from, mergeMap, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { Client } from '@temporalio/client';
import {
  Actor,
  commandAlreadyApplied,
  IDEMPOTENCY_KEY_HEADER,
  idempotencyKeyInProgress,
  idempotencyKeyReused,
  idempotencyRequestText,
  parseIdempotencyKey,
  temporalUnavailable,
} from '@kjflow/domain';
import { IdempotencyRepository } from '@kjflow/persistence';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { settings } from '../settings';
import { runAsCommand } from './command-context';
import { ENDPOINT_METADATA, EndpointSpec } from './endpoint.decorator';
import { errorResponse, IdempotentReplay } from './error.filter';
import { updateFate } from './update-fate';

interface CommandRequest {
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

/**
 * `Idempotency-Key` on JSON commands: the first request with a key runs and its answer (success
 * or refusal) is kept; a repeat with the same key and the same request gets that answer again
 * (`Idempotent-Replayed: true`) and runs nothing; the same key with another request is 422; a
 * repeat while the first still runs is 409. Keys are per caller (logged-in commands) and kept for a day.
 *
 * A server error before any update was sent frees the key, so a retry runs again. One after
 * (typically Temporal's deadline passing while a busy worker runs the update) leaves the key in
 * doubt: the update may yet take effect. The request's ids and update ids derive from the key
 * (command-context.ts), so the retry creates nothing twice and Temporal answers a repeated update
 * from its outcome; if the retry is refused because the state has moved on, Temporal is asked
 * what became of the first attempt's updates, and if one took effect the answer is 409
 * `already_applied` (the command is done) rather than a refusal.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly keys: IdempotencyRepository;

  constructor(
    private readonly reflector: Reflector,
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {
    this.keys = new IdempotencyRepository(ds);
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const spec = this.reflector.get<EndpointSpec | undefined>(ENDPOINT_METADATA, ctx.getHandler());
    // Public commands (objections) stay out: a shared scope could hand one anonymous caller the
    // answer (and receipt) of another who chose the same key.
    if (!spec?.command || spec.upload || spec.public) return next.handle();
    const req = ctx.switchToHttp().getRequest<CommandRequest>();
    const key = parseIdempotencyKey(req.headers[IDEMPOTENCY_KEY_HEADER]);
    if (key === null) return next.handle();
    const scope = req.actor!.id;
    const hash = createHash('sha256')
      .update(idempotencyRequestText(req.method, req.url, req.body))
      .digest('hex');
    const status = spec.status ?? (req.method === 'POST' ? 201 : 200);
    return from(this.keys.claim(scope, key, hash)).pipe(
      mergeMap((claim) => {
        if (claim.kind !== 'claimed') {
          if (claim.requestHash !== hash) throw idempotencyKeyReused();
          if (claim.kind === 'in_progress') throw idempotencyKeyInProgress();
          throw new IdempotentReplay(claim.status, claim.body);
        }
        const { result, sent } = runAsCommand({ scope, key, claimedAt: claim.claimedAt }, () =>
          next.handle(),
        );
        return result.pipe(
          mergeMap(async (body) => {
            await this.keys.complete(scope, key, status, body ?? null);
            return body;
          }),
          catchError(async (err) => {
            let answer = errorResponse(err);
            let error: unknown = err;
            const inDoubt = [...new Map([...claim.doubted, ...sent].map((u) => [u.updateId, u])).values()];
            // Refused now, but an earlier attempt's update may be why (the state moved on).
            if (answer.status < 500 && claim.doubted.length > 0) {
              const deadline = settings().KJ_TEMPORAL_DEADLINE_MS;
              const fates = await Promise.all(
                claim.doubted.map((u) => updateFate(this.temporal, u, deadline)),
              );
              if (fates.includes('applied')) error = commandAlreadyApplied();
              // Still under way: no answer yet, as before.
              else if (fates.includes('unknown'))
                error = temporalUnavailable(settings().KJ_RETRY_AFTER_SECONDS);
              answer = errorResponse(error);
            }
            // A refusal is an answer (the client learns it was refused); a server error is not.
            if (answer.status < 500) await this.keys.complete(scope, key, answer.status, answer.body);
            else if (inDoubt.length > 0) await this.keys.leaveInDoubt(scope, key, inDoubt);
            else await this.keys.release(scope, key);
            throw error;
          }),
        );
      }),
    );
  }
}
