/**
 * The portal page that acts on an inbox item. The API names a route hint per kind
 * (`action.route`, e.g. `/reviews/:id`); the portal's pages live under /work and some roles'
 * pages have their own area, so the hint is mapped here, kind by kind. A kind whose page is not
 * built yet opens the closest page that is (the subject's status, or the home).
 */
export interface InboxLinkInput {
  kind: string;
  subject: { type: string; id: string; ref: string | null };
  action: { route: string };
}

const enc = encodeURIComponent;

/** Kinds with a page of their own: the page's path. */
const PAGES: Record<string, (id: string, ref: string | null) => string> = {
  // The PI's application form (the applicant's pages)
  application_draft: (id) => `/work/applications/${enc(id)}`,
  application_returned: (id) => `/work/applications/${enc(id)}`,
  // The institution admin's pages
  endorsement: (id) => `/work/institution/endorsements/${enc(id)}`,
  institution_pledge: (id) => `/work/institution/endorsements/${enc(id)}`,
  report_confirmation: (id, ref) => `/work/institution/projects/${enc(id)}/report/${enc(ref ?? '')}`,
  change_consent: (id, ref) => `/work/institution/projects/${enc(id)}/change/${enc(ref ?? '')}`,
  midterm_confirmation: (id) => `/work/institution/projects/${enc(id)}/midterm`,
  acceptance_confirmation: (id) => `/work/institution/projects/${enc(id)}/acceptance`,
  honest_failure_confirmation: (id) => `/work/institution/projects/${enc(id)}`,
  // The expert's pages
  review_invitation: (id) => `/work/expert/reviews/${enc(id)}`,
  review_scoring: (id) => `/work/expert/reviews/${enc(id)}`,
  panel_invitation: (id) => `/work/expert/panels/${enc(id)}`,
  panel_opinion: (id) => `/work/expert/panels/${enc(id)}`,
  // The officer's intake pages
  demand_screening: (id) => `/work/demands/${enc(id)}`,
  guide_approval: (id) => `/work/guides/${enc(id)}`,
  objection_answer: (id) => `/work/awards/${enc(id)}/objections`,
};

export function inboxLink(item: InboxLinkInput): string {
  const page = PAGES[item.kind];
  if (page) return page(item.subject.id, item.subject.ref);
  // Not built yet: an application's status page, else the home (where the role's lists are).
  if (item.subject.type === 'application') return `/work/applications/${enc(item.subject.id)}/status`;
  return '/work';
}
