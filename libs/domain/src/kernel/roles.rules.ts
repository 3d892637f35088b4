// Roles as plain constants (workflow code checks them); the zod schemas are in roles.ts.
export const ROLES = ['applicant', 'institution_admin', 'expert', 'officer', 'admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  applicant: { zh: '申报人（项目负责人）', en: 'Applicant (PI)' },
  institution_admin: { zh: '依托单位管理员', en: 'Host institution admin' },
  expert: { zh: '评审专家', en: 'Expert reviewer' },
  officer: { zh: '项目管理人员', en: 'Program officer' },
  admin: { zh: '系统管理员', en: 'Administrator' },
  auditor: { zh: '审计人员', en: 'Auditor' },
};

/** Roles that manage programs and see every application of a call. */
export const STAFF_ROLES: Role[] = ['officer', 'admin'];
/** Roles that may read the audit trail. */
export const AUDIT_ROLES: Role[] = ['officer', 'admin', 'auditor'];
