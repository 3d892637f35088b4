import { DataSource, EntityManager, In } from 'typeorm';
import type { Page, PageQuery, Role } from '@kjflow/domain';
import { InstitutionEntity } from '../entities/institution.entity';
import { UserEntity } from '../entities/user.entity';
import { containsPattern, keysetPage } from '../pagination';

/** What the administrators' user list filters by. */
export interface UserFilter {
  role?: Role;
  institutionId?: string;
  /** Leave this user out (a change of PI lists everyone but the current one). */
  exceptId?: string;
  /** Text in the username or display name, matched literally (wildcards escaped). */
  q?: string;
}

/**
 * Accounts and their institutions, as the login, the eligibility gate and the administrators'
 * user list read them; the role changes the user's workflow writes.
 */
export class UserRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** The account with this username and its institution, or null. */
  byUsername(username: string): Promise<UserEntity | null> {
    return this.withInstitution().where('u.username = :username', { username }).getOne();
  }

  /** The account with its institution, or null (GET /auth/me reads it on every call). */
  byId(id: string): Promise<UserEntity | null> {
    return this.withInstitution().where('u.id = :id', { id }).getOne();
  }

  /**
   * One query: `findOne` with a relation sends two (a DISTINCT subquery for its LIMIT 1, then the
   * row), about three times the CPU of this one; a unique key needs no LIMIT.
   */
  private withInstitution() {
    return this.db.getRepository(UserEntity).createQueryBuilder('u').leftJoinAndSelect('u.institution', 'i');
  }

  /** Those of `ids` that exist (in no particular order). */
  byIds(ids: readonly string[]): Promise<UserEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.getRepository(UserEntity).findBy({ id: In([...ids]) });
  }

  institution(id: string): Promise<InstitutionEntity | null> {
    return this.db.getRepository(InstitutionEntity).findOneBy({ id });
  }

  /** A page of accounts by username, with their institutions. */
  page(filter: UserFilter, page: PageQuery): Promise<Page<UserEntity>> {
    const q = this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.institution', 'i');
    if (filter.role) q.andWhere(':role = ANY (u.roles)', { role: filter.role });
    if (filter.institutionId) q.andWhere('u.institution_id = :inst', { inst: filter.institutionId });
    if (filter.exceptId) q.andWhere('u.id <> :exceptId', { exceptId: filter.exceptId });
    if (filter.q)
      q.andWhere('(u.username ILIKE :q OR u.display_name ILIKE :q)', {
        q: containsPattern(filter.q),
      });
    return keysetPage(
      q,
      { columns: ['u.username', 'u.id'], direction: 'ASC', cursorOf: (u) => [u.username, u.id] },
      page,
    );
  }

  /** Inside a transaction: the account, locked until the transaction ends. */
  byIdForUpdate(id: string): Promise<UserEntity | null> {
    return this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .setLock('pessimistic_write')
      .where('u.id = :id', { id })
      .getOne();
  }

  /**
   * Inside a transaction: waits for any other change that may take the administrator role away,
   * so that the count below cannot be read by two such changes at once.
   */
  async lockAdministrators(): Promise<void> {
    await this.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['users:administrators']);
  }

  /** How many accounts other than `id` hold the administrator role. */
  administratorsOtherThan(id: string): Promise<number> {
    return this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where(`'admin' = ANY (u.roles)`)
      .andWhere('u.id <> :id', { id })
      .getCount();
  }

  async setRoles(id: string, roles: Role[]): Promise<void> {
    await this.db.getRepository(UserEntity).update({ id }, { roles });
  }
}
