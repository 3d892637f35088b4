import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import * as bcrypt from 'bcrypt';
import { Actor, LoginInput, UserView, notSignedIn, wrongCredentials } from '@kjflow/domain';
import { UserEntity, UserRepository } from '@kjflow/persistence';
import { TokenService } from './token.service';

/** A valid bcrypt hash of nothing useful, compared against when the user is unknown. */
const DUMMY_HASH = '$2b$10$5sBw2BCO8fTJKIGC75KCU.NuB82D1LWqqIRiEkRtRbADJlmMrHGTa';

@Injectable()
export class AuthService {
  private readonly users: UserRepository;

  constructor(
    ds: DataSource,
    private readonly tokens: TokenService,
  ) {
    this.users = new UserRepository(ds);
  }

  async login(input: LoginInput) {
    const user = await this.users.byUsername(input.username);
    // Compare even for unknown users so response time does not reveal which usernames exist.
    const ok = await bcrypt.compare(input.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) throw wrongCredentials();
    const actor: Actor = { id: user.id, roles: user.roles, institutionId: user.institutionId };
    return {
      accessToken: await this.tokens.sign(actor),
      tokenType: 'Bearer' as const,
      expiresIn: this.tokens.ttlSeconds,
      user: toUserView(user),
    };
  }

  async me(actor: Actor): Promise<UserView> {
    const user = await this.users.byId(actor.id);
    if (!user) throw notSignedIn();
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
