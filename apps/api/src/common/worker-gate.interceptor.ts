import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, switchMap } from 'rxjs';
import { DatabasePresence } from '../infra/database-presence';
import { WorkerPresence } from '../infra/worker-presence';
import { ENDPOINT_METADATA, EndpointSpec } from './endpoint.decorator';

/**
 * A route declared `command: true` answers 503 at once, after login and validation (a bad
 * request is still told so) and before the handler sends anything, while PostgreSQL does not
 * answer (`service_unavailable`), Temporal cannot be asked (`service_unavailable`) or no worker
 * polls (`worker_unavailable`): otherwise the command would wait on what is missing.
 */
@Injectable()
export class WorkerGateInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly presence: WorkerPresence,
    private readonly database: DatabasePresence,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler) {
    const spec = this.reflector.get<EndpointSpec | undefined>(ENDPOINT_METADATA, ctx.getHandler());
    if (!spec?.command) return next.handle();
    const ready = async () => {
      await this.database.assertReachable();
      await this.presence.assertPolling();
    };
    return from(ready()).pipe(switchMap(() => next.handle()));
  }
}
