import {
  assertMayManageNotifications,
  channelsFor,
  DEFAULT_TEMPLATES,
  NOTIFICATION_KINDS,
  NOTIFICATION_RULES,
  notificationPreferencesSchema,
  notificationsFor,
  renderTemplate,
  webhookInputSchema,
  webhookWants,
} from '../index';

const event = (
  type: string,
  subjectType: string,
  subjectId: string,
  payload: Record<string, unknown> = {},
) => ({
  type,
  subjectType,
  subjectId,
  payload,
});

describe('notificationsFor: event → kind and recipients', () => {
  it('invites the experts a draw or a redraw names, and reminds the invited expert', () => {
    expect(notificationsFor(event('review.experts_drawn', 'review_round', 'r1'))).toEqual({
      kind: 'review_invitation',
      recipients: [{ kind: 'round_invitees', roundId: 'r1' }],
      link: '/reviews/mine',
    });
    // Invitations listed as their workflows start: the experts hear once all are open.
    expect(
      notificationsFor(event('review.experts_drawn', 'review_round', 'r1', { listOnStart: true })),
    ).toBeNull();
    expect(notificationsFor(event('review.invitations_opened', 'review_round', 'r1'))).toEqual({
      kind: 'review_invitation',
      recipients: [{ kind: 'round_invitees', roundId: 'r1' }],
      link: '/reviews/mine',
    });
    expect(notificationsFor(event('review.expert_redrawn', 'review_assignment', 'a0'))?.recipients).toEqual([
      { kind: 'replacement_expert', replacedAssignmentId: 'a0' },
    ]);
    expect(notificationsFor(event('review.reminder_sent', 'review_assignment', 'a1'))).toEqual({
      kind: 'review_reminder',
      recipients: [{ kind: 'assignment_expert', assignmentId: 'a1' }],
      link: '/reviews/a1',
    });
  });

  it('tells the expert an officer required to step aside (要求回避), not one who stepped aside themselves', () => {
    expect(
      notificationsFor(
        event('review.recused', 'review_assignment', 'a2', { recusal: 'required', reason: '同单位专家超限' }),
      ),
    ).toEqual({
      kind: 'review_recusal_required',
      recipients: [{ kind: 'assignment_expert', assignmentId: 'a2' }],
      link: '/reviews/mine',
    });
    // The expert's own recusal (and every one recorded before the two kinds existed) tells no one.
    expect(
      notificationsFor(event('review.recused', 'review_assignment', 'a2', { recusal: 'self' })),
    ).toBeNull();
    expect(notificationsFor(event('review.recused', 'review_assignment', 'a2'))).toBeNull();
    for (const type of ['review.declined', 'review.expired', 'review.missed'])
      expect(notificationsFor(event(type, 'review_assignment', 'a2'))).toBeNull();
    // The template says why, in both languages.
    for (const lang of ['zh-CN', 'en'] as const)
      expect(DEFAULT_TEMPLATES.review_recusal_required[lang].body).toContain('{{reason}}');
  });

  it('tells the applicant of a return and of the formal check, the host institution of an endorsement request', () => {
    expect(
      notificationsFor(event('application.returned', 'application', 'p1', { reason: '缺材料' })),
    ).toEqual({
      kind: 'application_returned',
      recipients: [{ kind: 'application_applicant', applicationId: 'p1' }],
      link: '/applications/p1',
    });
    expect(notificationsFor(event('application.rejected', 'application', 'p1'))?.kind).toBe(
      'formal_check_decided',
    );
    expect(
      notificationsFor(event('application.sent_for_endorsement', 'application', 'p1'))?.recipients,
    ).toEqual([{ kind: 'application_institution', applicationId: 'p1' }]);
  });

  it('tells the objector by their receipt and the applicant objected to when an objection is answered', () => {
    for (const outcome of ['maintain', 'adjust', 'cancel'])
      expect(
        notificationsFor(
          event(`award.objection_${outcome}`, 'award', 'w1', { objectionId: 'o1', applicationId: 'p1' }),
        ),
      ).toEqual({
        kind: 'objection_answered',
        recipients: [
          { kind: 'objector', objectionId: 'o1' },
          { kind: 'application_applicant', applicationId: 'p1' },
        ],
        link: '/public/awards/w1',
      });
  });

  it('tells the applicants of an award when its notice opens and when it is final, the parties when an agreement awaits signatures', () => {
    expect(notificationsFor(event('award.notice_started', 'award', 'w1'))).toMatchObject({
      kind: 'notice_opened',
      recipients: [{ kind: 'award_applicants', awardId: 'w1' }],
    });
    expect(notificationsFor(event('award.finalized', 'award', 'w1'))?.kind).toBe('award_decided');
    expect(notificationsFor(event('agreement.generated', 'agreement', 'g1'))).toMatchObject({
      kind: 'signature_due',
      recipients: [{ kind: 'agreement_parties', agreementId: 'g1' }],
    });
  });

  it('tells the PI and host of report, mid-term and acceptance steps; officers too when something is overdue or failed', () => {
    const project = [
      { kind: 'project_pi', projectId: 'j1' },
      { kind: 'project_institution', projectId: 'j1' },
    ];
    expect(notificationsFor(event('project.report_reminder', 'project', 'j1'))).toEqual({
      kind: 'report_due',
      recipients: project,
      link: '/projects/j1',
    });
    expect(notificationsFor(event('project.report_overdue', 'project', 'j1'))?.recipients).toEqual([
      ...project,
      { kind: 'role', role: 'officer' },
    ]);
    expect(notificationsFor(event('project.midterm_opened', 'project', 'j1'))?.kind).toBe('midterm_step');
    expect(notificationsFor(event('project.acceptance_failed', 'project', 'j1'))?.recipients).toContainEqual({
      kind: 'role',
      role: 'officer',
    });
  });

  it('tells no one of events that ask nothing and decide nothing', () => {
    for (const type of ['application.draft_saved', 'call.created', 'notification.read', 'webhook.registered'])
      expect(notificationsFor(event(type, 'call', 'x'))).toBeNull();
    // An answered objection without the objection's id still tells the applicant.
    expect(
      notificationsFor(event('award.objection_maintain', 'award', 'w1', { applicationId: 'p1' }))?.recipients,
    ).toEqual([{ kind: 'application_applicant', applicationId: 'p1' }]);
  });

  it('has a default template in both languages for every kind the table uses', () => {
    for (const rule of Object.values(NOTIFICATION_RULES)) expect(NOTIFICATION_KINDS).toContain(rule.kind);
    for (const kind of NOTIFICATION_KINDS)
      for (const lang of ['zh-CN', 'en'] as const) {
        expect(DEFAULT_TEMPLATES[kind][lang].subject.length).toBeGreaterThan(0);
        expect(DEFAULT_TEMPLATES[kind][lang].body).toContain('{{link}}');
      }
  });
});

describe('templates, channels and webhooks', () => {
  it('fills placeholders, and leaves nothing of an unknown or missing one', () => {
    expect(
      renderTemplate('{{recipient}}，请于 {{ deadline }} 前答复 {{link}}{{nope}}', {
        recipient: '农艳',
        link: '/r/1',
      }),
    ).toBe('农艳，请于  前答复 /r/1');
  });

  it('sends on every channel unless the user turned one off for the kind', () => {
    expect(channelsFor('review_invitation', {})).toEqual(['in_app', 'email']);
    expect(channelsFor('review_invitation', { review_invitation: { inApp: true, email: false } })).toEqual([
      'in_app',
    ]);
    expect(channelsFor('report_due', { review_invitation: { inApp: false, email: false } })).toEqual([
      'in_app',
      'email',
    ]);
  });

  it('lets only administrators manage templates and webhooks', () => {
    expect(() => assertMayManageNotifications({ roles: ['admin'] })).not.toThrow();
    for (const role of ['officer', 'auditor', 'expert', 'applicant', 'institution_admin'])
      expect(() => assertMayManageNotifications({ roles: [role] })).toThrow(
        expect.objectContaining({ code: 'forbidden' }),
      );
  });

  it('matches webhook subscriptions exactly, by subject.* or *', () => {
    expect(webhookWants(['call.created'], 'call.created')).toBe(true);
    expect(webhookWants(['call.created'], 'call.opened')).toBe(false);
    expect(webhookWants(['review.*'], 'review.invited')).toBe(true);
    expect(webhookWants(['review.*'], 'award.finalized')).toBe(false);
    expect(webhookWants(['*'], 'award.finalized')).toBe(true);
  });

  it('refuses a preference in another language and a webhook without an http(s) URL or a long enough secret', () => {
    expect(notificationPreferencesSchema.safeParse({ language: 'fr' }).success).toBe(false);
    expect(notificationPreferencesSchema.parse({ language: 'en' })).toEqual({ language: 'en', channels: {} });
    const bad = webhookInputSchema.safeParse({ url: 'ftp://x.test/', secret: 'short', eventTypes: [] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['eventTypes', 'secret', 'url']);
  });
});
