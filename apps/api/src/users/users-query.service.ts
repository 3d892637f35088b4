import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertMayManageUsers,
  normalizeRoles,
  notFound,
  Page,
  UserAdminView,
  UserListQuery,
} from '@kjflow/domain';
import { mapPage, UserEntity, UserRepository } from '@kjflow/persistence';

const USER = { zh: '用户', en: 'User' };

/** The administrators' view of the accounts (用户与角色): never the password hash. */
@Injectable()
export class UsersQueryService {
  private readonly users: UserRepository;

  constructor(ds: DataSource) {
    this.users = new UserRepository(ds);
  }

  async list(query: UserListQuery, actor: Actor): Promise<Page<UserAdminView>> {
    assertMayManageUsers(actor);
    const { limit, next, ...filter } = query;
    return mapPage(await this.users.page(filter, { limit, next }), toAdminView);
  }

  /** One account (also the answer of a role change, read after it is recorded). */
  async get(id: string): Promise<UserAdminView> {
    const user = await this.users.byId(id);
    if (!user) throw notFound(USER);
    return toAdminView(user);
  }
}

function toAdminView(user: UserEntity): UserAdminView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: normalizeRoles(user.roles),
    institutionId: user.institutionId,
    institutionName: user.institution?.name ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}
