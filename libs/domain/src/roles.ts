import { z } from 'zod';

export const ROLES = ['applicant', 'institution_admin', 'expert', 'officer', 'admin', 'auditor'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  applicant: { zh: '申报人（项目负责人）', en: 'Applicant (PI)' },
  institution_admin: { zh: '依托单位管理员', en: 'Host institution admin' },
  expert: { zh: '评审专家', en: 'Expert reviewer' },
  officer: { zh: '项目管理人员', en: 'Program officer' },
  admin: { zh: '系统管理员', en: 'Administrator' },
  auditor: { zh: '审计人员', en: 'Auditor' },
};

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

/** Roles that manage programs and see every application of a call. */
export const STAFF_ROLES: Role[] = ['officer', 'admin'];
/** Roles that may read the audit trail. */
export const AUDIT_ROLES: Role[] = ['officer', 'admin', 'auditor'];

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
