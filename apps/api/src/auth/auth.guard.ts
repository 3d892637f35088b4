import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { Reflector } from '@nestjs/core';
import { forbidden, hasRole, notSignedIn } from '@kjflow/domain';
import { ENDPOINT_METADATA, EndpointSpec } from '../common/endpoint.decorator';
import { logFields } from '../observability/logging';
import { TokenService } from './token.service';

/**
 * Global guard: every route requires a valid bearer token unless its Endpoint says `public`;
 * `roles` narrows who may call it. Ownership (whose application) is decided in the services.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly logger: PinoLogger,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const spec = this.reflector.get<EndpointSpec | undefined>(ENDPOINT_METADATA, ctx.getHandler());
    if (spec?.public) return true;
    const req = ctx
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; actor?: unknown }>();
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : null;
    const actor = token ? await this.tokens.verify(token) : null;
    if (!actor) throw notSignedIn();
    req.actor = actor;
    logFields(this.logger)({ userId: actor.id }); // every later line of this request names the user
    if (spec?.roles && !hasRole(actor, ...spec.roles)) throw forbidden();
    return true;
  }
}
