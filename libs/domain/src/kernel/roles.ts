import { z } from 'zod';
import { Role, ROLES } from './roles.rules';

export * from './roles.rules';

export const roleSchema = z.enum(ROLES);

/** Who is acting: what the API knows about the logged-in user, and what events record. */
export const actorSchema = z.object({
  id: z.uuid(),
  roles: z.array(roleSchema).min(1),
  institutionId: z.uuid().nullable(),
});
export type Actor = z.infer<typeof actorSchema>;

export function hasRole(actor: Pick<Actor, 'roles'>, ...roles: Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r));
}

export const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const userViewSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  institutionId: z.uuid().nullable(),
  institutionName: z.string().nullable(),
});
export type UserView = z.infer<typeof userViewSchema>;

export const loginResultSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('seconds'),
  user: userViewSchema,
});
