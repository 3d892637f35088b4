import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, switchMap } from 'rxjs';
import { WorkerPresence } from '../infra/worker-presence';
import { ENDPOINT_METADATA, EndpointSpec } from './endpoint.decorator';

/**
 * A route declared `command: true` answers 503 `worker_unavailable` while no worker polls,
 * after login and validation (a bad request is still told so) and before the handler writes.
 */
@Injectable()
export class WorkerGateInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly presence: WorkerPresence,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler) {
    const spec = this.reflector.get<EndpointSpec | undefined>(ENDPOINT_METADATA, ctx.getHandler());
    if (!spec?.command) return next.handle();
    return from(this.presence.assertPolling()).pipe(switchMap(() => next.handle()));
  }
}
