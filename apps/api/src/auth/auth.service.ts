import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as bcrypt from 'bcryptjs';
import { Actor, DomainError, LoginInput, UserView } from '@kjflow/domain';
import { UserEntity } from '@kjflow/persistence';
import { TokenService } from './token.service';

/** A valid bcrypt hash of nothing useful, compared against when the user is unknown. */
const DUMMY_HASH = '$2b$10$5sBw2BCO8fTJKIGC75KCU.NuB82D1LWqqIRiEkRtRbADJlmMrHGTa';

@Injectable()
export class AuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly tokens: TokenService,
  ) {}

  async login(input: LoginInput) {
    const user = await this.ds.getRepository(UserEntity).findOne({
      where: { username: input.username },
      relations: { institution: true },
    });
    // Compare even for unknown users so response time does not reveal which usernames exist.
    const ok = await bcrypt.compare(input.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) {
      throw new DomainError('unauthenticated', { zh: '用户名或密码错误', en: 'Wrong username or password' });
    }
    const actor: Actor = { id: user.id, roles: user.roles, institutionId: user.institutionId };
    return {
      accessToken: await this.tokens.sign(actor),
      tokenType: 'Bearer' as const,
      expiresIn: this.tokens.ttlSeconds,
      user: toUserView(user),
    };
  }

  async me(actor: Actor): Promise<UserView> {
    const user = await this.ds
      .getRepository(UserEntity)
      .findOneOrFail({ where: { id: actor.id }, relations: { institution: true } });
    return toUserView(user);
  }
}

function toUserView(user: UserEntity): UserView {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: user.roles,
    institutionId: user.institutionId,
    institutionName: user.institution?.name ?? null,
  };
}
