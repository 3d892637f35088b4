import { z } from 'zod';
import { pageQuerySchema, searchTextSchema } from '../kernel/page';
import { roleSchema } from '../kernel/roles';

export * from './user-admin.rules';

/** GET /users: by role and by text in the username or display name. */
export const userListQuerySchema = pageQuerySchema.extend({
  role: roleSchema.optional().describe('Only users holding this role'),
  q: searchTextSchema('the username or display name'),
});
export type UserListQuery = z.output<typeof userListQuerySchema>;

/** A user as the administrators list them (never the password hash). */
export const userAdminViewSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  institutionId: z.uuid().nullable(),
  institutionName: z.string().nullable(),
  createdAt: z.string().describe('ISO instant'),
});
export type UserAdminView = z.infer<typeof userAdminViewSchema>;

/**
 * PUT /users/:id/roles: the user's whole role set. Only the domain's roles pass; an empty list
 * is refused by the rule (assertRolesChangeAllowed), with the message the portal shows.
 */
export const userRolesInputSchema = z.strictObject({
  roles: z.array(roleSchema).max(10).describe('The roles the user is to hold (at least one)'),
});
export type UserRolesInput = z.infer<typeof userRolesInputSchema>;
