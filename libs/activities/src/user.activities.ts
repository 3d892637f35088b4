import { ApplicationFailure } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import {
  assertKeepsAnAdministrator,
  assertRolesChangeAllowed,
  DomainError,
  dropsAdministrator,
  normalizeRoles,
  notFound,
  Role,
  sameRoles,
  workflowIds,
} from '@kjflow/domain';
import { appendWithChange, UserRepository } from '@kjflow/persistence';

const USER = { zh: '用户', en: 'User' };

/** A refusal is final: retrying cannot help, and the API shows it to the caller as it is. */
function final(err: unknown): never {
  if (err instanceof DomainError)
    throw ApplicationFailure.create({
      type: err.code,
      message: err.message,
      nonRetryable: true,
      details: [err.toJSON()],
    });
  throw err;
}

export function userActivities(ds: DataSource) {
  return {
    /**
     * The user's roles and the event `user.roles_changed` (before, after) in one transaction, the
     * row locked so two changes never read the same "before"; the same roles again write nothing;
     * the last administrator keeps the role.
     */
    async changeUserRoles(rec: {
      userId: string;
      roles: Role[];
      actorId: string;
      step: string;
      at: number;
    }): Promise<Role[]> {
      try {
        return await ds.transaction(async (tx) => {
          const users = new UserRepository(tx);
          // A change without the admin role may take it away: one such change at a time, taken
          // before the row's lock, so that two never see each other as the remaining administrator.
          if (!rec.roles.includes('admin')) await users.lockAdministrators();
          const row = await users.byIdForUpdate(rec.userId);
          if (!row) throw notFound(USER);
          assertRolesChangeAllowed({ actorId: rec.actorId, userId: rec.userId, roles: rec.roles });
          const before = normalizeRoles(row.roles);
          const after = normalizeRoles(rec.roles);
          if (sameRoles(before, after)) return before;
          if (dropsAdministrator(before, after))
            assertKeepsAnAdministrator(await users.administratorsOtherThan(rec.userId));
          await appendWithChange(
            tx,
            {
              type: 'user.roles_changed',
              subjectType: 'user',
              subjectId: rec.userId,
              actorId: rec.actorId,
              payload: { before, after },
              workflowId: workflowIds.user(rec.userId),
              step: rec.step,
              occurredAt: new Date(rec.at),
            },
            (t) => new UserRepository(t).setRoles(rec.userId, after),
          );
          return after;
        });
      } catch (err) {
        final(err);
      }
    },
  };
}
