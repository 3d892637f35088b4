import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import { catchError, from, mergeMap, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import {
  Actor,
  IDEMPOTENCY_KEY_HEADER,
  idempotencyKeyInProgress,
  idempotencyKeyReused,
  idempotencyRequestText,
  parseIdempotencyKey,
} from '@kjflow/domain';
import { IdempotencyRepository } from '@kjflow/persistence';
import { ENDPOINT_METADATA, EndpointSpec } from './endpoint.decorator';
import { errorResponse, IdempotentReplay } from './error.filter';

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
 * repeat while the first still runs is 409. A server error frees the key, so a retry runs again.
 * Keys are per caller (logged-in commands) and kept for a day.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly keys: IdempotencyRepository;

  constructor(
    private readonly reflector: Reflector,
    ds: DataSource,
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
        return next.handle().pipe(
          mergeMap(async (body) => {
            await this.keys.complete(scope, key, status, body ?? null);
            return body;
          }),
          catchError(async (err) => {
            const answer = errorResponse(err);
            // A refusal is an answer (the client learns it was refused); a server error is not.
            if (answer.status < 500) await this.keys.complete(scope, key, answer.status, answer.body);
            else await this.keys.release(scope, key);
            throw err;
          }),
        );
      }),
    );
  }
}
