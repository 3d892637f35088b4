import { Body, Controller, Get, Post } from '@nestjs/common';
import { Actor, LoginInput, loginResultSchema, loginSchema, userViewSchema } from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { CurrentUser } from '../common/request-user';
import { AuthService } from './auth.service';

@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Endpoint({
    summary: '登录 Log in with username and password; returns a bearer token',
    tags: ['auth'],
    public: true,
    body: loginSchema,
    response: loginResultSchema,
    status: 200,
    errors: { 401: 'Wrong username or password' },
  })
  login(@Body() body: LoginInput) {
    return this.auth.login(body);
  }

  @Get('me')
  @Endpoint({ summary: '当前用户 The logged-in user', tags: ['auth'], response: userViewSchema })
  me(@CurrentUser() actor: Actor) {
    return this.auth.me(actor);
  }
}
