import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import {
  Actor,
  pageSchema,
  userAdminViewSchema,
  UserListQuery,
  userListQuerySchema,
  UserRolesInput,
  userRolesInputSchema,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { UsersCommandService } from './users-command.service';
import { UsersQueryService } from './users-query.service';

const TAGS = ['users'];

/**
 * Users and roles (用户与角色), for the administrators only. A role change is recorded at once;
 * the user's bearer token carries the roles it was issued with, so the change applies at the
 * user's next login.
 */
@Controller('users')
export class UsersController {
  constructor(
    private readonly commands: UsersCommandService,
    private readonly queries: UsersQueryService,
  ) {}

  @Get()
  @Endpoint({
    summary: '用户列表 The users by username, by role or by text in the username or display name',
    tags: TAGS,
    roles: ['admin'],
    query: userListQuerySchema,
    response: pageSchema(userAdminViewSchema),
  })
  list(@Query() query: UserListQuery, @CurrentUser() actor: Actor) {
    return this.queries.list(query, actor);
  }

  @Put(':id/roles')
  @Endpoint({
    summary:
      '设置用户角色 Set a user’s roles (the whole set; applies at the user’s next login). An empty set is refused (400), and so is an administrator removing their own admin role (422)',
    tags: TAGS,
    roles: ['admin'],
    params: idParamSchema,
    body: userRolesInputSchema,
    response: userAdminViewSchema,
    command: true,
    errors: { 422: 'An administrator removing their own admin role' },
  })
  setRoles(@Param() { id }: IdParam, @Body() body: UserRolesInput, @CurrentUser() actor: Actor) {
    return this.commands.setRoles(id, body, actor);
  }
}
