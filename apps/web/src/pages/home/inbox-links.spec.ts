import { inboxLink } from './inbox-links';

const item = (kind: string, type: string, ref: string | null = null) => ({
  kind,
  subject: { type, id: 'a1', ref },
  action: { route: '/x' },
});

describe('the page an inbox item opens', () => {
  it('opens the page that acts on it where the portal has one', () => {
    expect(inboxLink(item('endorsement', 'application'))).toBe('/work/institution/endorsements/a1');
    expect(inboxLink(item('institution_pledge', 'application'))).toBe('/work/institution/endorsements/a1');
    expect(inboxLink(item('review_invitation', 'review_assignment'))).toBe('/work/expert/reviews/a1');
    expect(inboxLink(item('review_scoring', 'review_assignment'))).toBe('/work/expert/reviews/a1');
    expect(inboxLink(item('panel_opinion', 'panel_seat'))).toBe('/work/expert/panels/a1');
    expect(inboxLink(item('report_confirmation', 'project', '2'))).toBe(
      '/work/institution/projects/a1/report/2',
    );
    expect(inboxLink(item('application_returned', 'application'))).toBe('/work/applications/a1');
    expect(inboxLink(item('demand_screening', 'demand'))).toBe('/work/demands/a1');
    expect(inboxLink(item('guide_approval', 'guide'))).toBe('/work/guides/a1');
    expect(inboxLink(item('objection_answer', 'award', 'o1'))).toBe('/work/awards/a1/objections');
    expect(inboxLink(item('agreement_signature', 'agreement'))).toBe('/work/agreements/a1');
    expect(inboxLink(item('installment_payment', 'agreement', '2'))).toBe('/work/officer/agreements/a1');
    expect(inboxLink(item('report_submission', 'project', '3'))).toBe('/work/projects/a1/reports/3');
    expect(inboxLink(item('midterm_submission', 'project'))).toBe('/work/projects/a1/midterm');
    expect(inboxLink(item('acceptance_dossier', 'project'))).toBe('/work/projects/a1/acceptance');
    expect(inboxLink(item('installment_approval', 'agreement', '1'))).toBe('/work/officer/agreements/a1');
    expect(inboxLink(item('report_review', 'project', '2'))).toBe('/work/officer/projects/a1');
    expect(inboxLink(item('case_finding', 'misconduct_case'))).toBe('/work/officer/cases/a1');
    expect(inboxLink(item('honest_failure_confirmation', 'project'))).toBe(
      '/work/institution/projects/a1/honest-failure',
    );
    expect(inboxLink(item('honest_failure_decision', 'project'))).toBe(
      '/work/officer/projects/a1/honest-failure',
    );
  });

  it('opens the closest page for a kind whose own page is not built yet', () => {
    expect(inboxLink(item('formal_check', 'application'))).toBe('/work/applications/a1/status');
  });
});
