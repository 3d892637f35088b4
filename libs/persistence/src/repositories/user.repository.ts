import { DataSource, EntityManager, In } from 'typeorm';
import { InstitutionEntity } from '../entities/institution.entity';
import { UserEntity } from '../entities/user.entity';

/** Accounts and their institutions, as the login and the eligibility gate read them. */
export class UserRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The account with this username and its institution, or null. */
  byUsername(username: string): Promise<UserEntity | null> {
    return this.db
      .getRepository(UserEntity)
      .findOne({ where: { username }, relations: { institution: true } });
  }

  /** The account with its institution, or null. */
  byId(id: string): Promise<UserEntity | null> {
    return this.db.getRepository(UserEntity).findOne({ where: { id }, relations: { institution: true } });
  }

  /** Those of `ids` that exist (in no particular order). */
  byIds(ids: readonly string[]): Promise<UserEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.getRepository(UserEntity).findBy({ id: In([...ids]) });
  }

  institution(id: string): Promise<InstitutionEntity | null> {
    return this.db.getRepository(InstitutionEntity).findOneBy({ id });
  }
}
