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
  // The PI's agreement and project (任务书签订, 项目执行)
  report_submission: (id, ref) => `/work/projects/${enc(id)}/reports/${enc(ref ?? '')}`,
  midterm_submission: (id) => `/work/projects/${enc(id)}/midterm`,
  acceptance_dossier: (id) => `/work/projects/${enc(id)}/acceptance`,
  outcome_revision: (id) => `/work/projects/${enc(id)}/outcomes`,
  // Every party signs on the agreement's page (staff pay installments on the officer's, below).
  agreement_signature: (id) => `/work/agreements/${enc(id)}`,
  // The institution admin's pages
  endorsement: (id) => `/work/institution/endorsements/${enc(id)}`,
  institution_pledge: (id) => `/work/institution/endorsements/${enc(id)}`,
  report_confirmation: (id, ref) => `/work/institution/projects/${enc(id)}/report/${enc(ref ?? '')}`,
  change_consent: (id, ref) => `/work/institution/projects/${enc(id)}/change/${enc(ref ?? '')}`,
  midterm_confirmation: (id) => `/work/institution/projects/${enc(id)}/midterm`,
  acceptance_confirmation: (id) => `/work/institution/projects/${enc(id)}/acceptance`,
  honest_failure_confirmation: (id) => `/work/institution/projects/${enc(id)}/honest-failure`,
  // The expert's pages
  review_invitation: (id) => `/work/expert/reviews/${enc(id)}`,
  review_scoring: (id) => `/work/expert/reviews/${enc(id)}`,
  panel_invitation: (id) => `/work/expert/panels/${enc(id)}`,
  panel_opinion: (id) => `/work/expert/panels/${enc(id)}`,
  // The officer's intake pages
  demand_screening: (id) => `/work/demands/${enc(id)}`,
  guide_approval: (id) => `/work/guides/${enc(id)}`,
  objection_answer: (id) => `/work/awards/${enc(id)}/objections`,
  // The officer's execution pages: installments on the agreement; a project's steps on its page.
  installment_approval: (id) => `/work/officer/agreements/${enc(id)}`,
  installment_payment: (id) => `/work/officer/agreements/${enc(id)}`,
  report_review: (id) => `/work/officer/projects/${enc(id)}`,
  report_overdue: (id) => `/work/officer/projects/${enc(id)}`,
  change_decision: (id) => `/work/officer/projects/${enc(id)}`,
  outcome_verification: (id) => `/work/officer/projects/${enc(id)}`,
  midterm_review: (id) => `/work/officer/projects/${enc(id)}`,
  midterm_decision: (id) => `/work/officer/projects/${enc(id)}`,
  acceptance_check: (id) => `/work/officer/projects/${enc(id)}`,
  acceptance_review: (id) => `/work/officer/projects/${enc(id)}`,
  acceptance_decision: (id) => `/work/officer/projects/${enc(id)}`,
  acceptance_objection: (id) => `/work/officer/projects/${enc(id)}`,
  honest_failure_decision: (id) => `/work/officer/projects/${enc(id)}/honest-failure`,
  case_acceptance: (id) => `/work/officer/cases/${enc(id)}`,
  case_finding: (id) => `/work/officer/cases/${enc(id)}`,
  case_review: (id) => `/work/officer/cases/${enc(id)}`,
};

export function inboxLink(item: InboxLinkInput): string {
  const page = PAGES[item.kind];
  if (page) return page(item.subject.id, item.subject.ref);
  // Not built yet: an application's status page, else the home (where the role's lists are).
  if (item.subject.type === 'application') return `/work/applications/${enc(item.subject.id)}/status`;
  return '/work';
}
