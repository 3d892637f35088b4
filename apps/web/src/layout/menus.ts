import type { MessageKey } from '../i18n';
import type { Role } from '../auth/AuthContext';

export interface MenuEntry {
  /** Path under /portal. */
  path: string;
  label: MessageKey;
  /** Shown to users with any of these roles (every logged-in user when absent). */
  roles?: Role[];
}

/** The public pages' top menu. */
export const PUBLIC_MENU: MenuEntry[] = [
  { path: '/', label: 'menu.openCalls' },
  { path: '/public/guides', label: 'menu.guides' },
  { path: '/public/challenges', label: 'menu.challenges' },
  { path: '/public/credit-decisions', label: 'menu.creditDecisions' },
  { path: '/public/acceptance-conclusions', label: 'menu.acceptanceConclusions' },
];

/**
 * The logged-in side menu: one list, filtered by the user's roles. A new role page adds its entry
 * here (and its route in routes.tsx).
 */
export const WORK_MENU: MenuEntry[] = [
  { path: '/work', label: 'menu.home' },
  { path: '/work/applications/new', label: 'menu.newApplication', roles: ['applicant'] },
  { path: '/work/demands/new', label: 'menu.newDemand', roles: ['applicant'] },
  { path: '/work/institution/endorsements', label: 'menu.endorsements', roles: ['institution_admin'] },
  { path: '/work/institution/projects', label: 'menu.institutionProjects', roles: ['institution_admin'] },
  { path: '/work/expert/reviews', label: 'menu.reviews', roles: ['expert'] },
  { path: '/work/expert/panels', label: 'menu.panels', roles: ['expert'] },
  { path: '/work/demand-campaigns', label: 'menu.demandScreening', roles: ['officer', 'admin'] },
  { path: '/work/guides', label: 'menu.guideDrafting', roles: ['officer', 'admin'] },
  // The bureau's execution desk: staff act, auditors read (the pages hide the actions from them).
  {
    path: '/work/officer/agreements',
    label: 'menu.officer.agreements',
    roles: ['officer', 'admin', 'auditor'],
  },
  { path: '/work/officer/projects', label: 'menu.officer.projects', roles: ['officer', 'admin', 'auditor'] },
  {
    path: '/work/officer/outcomes',
    label: 'menu.officer.outcomes',
    roles: ['officer', 'admin', 'auditor'],
  },
  { path: '/work/officer/cases', label: 'menu.officer.cases', roles: ['officer', 'admin', 'auditor'] },
  {
    path: '/work/officer/credit-records',
    label: 'menu.officer.credit',
    roles: ['officer', 'admin', 'auditor'],
  },
  { path: '/work/admin/templates', label: 'menu.templates', roles: ['admin'] },
  { path: '/work/admin/users', label: 'menu.users', roles: ['admin'] },
  { path: '/work/auditor/events', label: 'menu.eventLog', roles: ['auditor', 'admin', 'officer'] },
  { path: '/work/charts', label: 'menu.charts', roles: ['auditor', 'admin', 'officer'] },
  { path: '/', label: 'menu.publicSite' },
];

export function menuFor(roles: readonly Role[]): MenuEntry[] {
  return WORK_MENU.filter((e) => !e.roles || e.roles.some((r) => roles.includes(r)));
}
