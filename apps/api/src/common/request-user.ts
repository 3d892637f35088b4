import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Actor } from '@kjflow/domain';

/** The logged-in user, as the auth guard put it on the request. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
