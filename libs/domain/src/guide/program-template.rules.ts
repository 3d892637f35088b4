import { DomainError } from '../kernel/errors.rules';
import type { Role } from '../kernel/roles.rules';

/** Program templates are configuration of the whole system: administrators save their versions. */
export function assertMaySaveTemplate(actor: { roles: readonly Role[] }): void {
  if (!actor.roles.includes('admin'))
    throw new DomainError('forbidden', {
      zh: '只有系统管理员可以保存计划模板',
      en: 'Only an administrator can save a program template',
    });
}
