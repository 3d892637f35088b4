import { Body, Controller, Get, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Actor, LoginInput, loginResultSchema, loginSchema, userViewSchema } from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { CurrentUser } from '../common/request-user';
import { AuthService } from './auth.service';
import { LoginThrottle } from './login-throttle.service';

@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly throttle: LoginThrottle,
  ) {}

  @Post('login')
  @Endpoint({
    summary: '登录 Log in with username and password; returns a bearer token',
    tags: ['auth'],
    public: true,
    body: loginSchema,
    response: loginResultSchema,
    status: 200,
    errors: {
      401: 'Wrong username or password',
      429: 'Too many attempts for this username from this address, or locked out after failed logins (Retry-After)',
    },
  })
  login(@Body() body: LoginInput, @Req() req: FastifyRequest) {
    return this.throttle.attempt(body.username, req.ip, () => this.auth.login(body));
  }

  @Get('me')
  @Endpoint({ summary: '当前用户 The logged-in user', tags: ['auth'], response: userViewSchema })
  me(@CurrentUser() actor: Actor) {
    return this.auth.me(actor);
  }
}
