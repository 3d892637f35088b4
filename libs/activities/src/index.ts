import { DataSource } from 'typeorm';
import { appendCreditRecord, AuditRepository, AuditSigner, SecretBox } from '@kjflow/persistence';
import type { Activities } from '@kjflow/workflows';
import { applicationActivities } from './application.activities';
import { callActivities } from './call.activities';
import { caseActivities } from './case.activities';
import { demandActivities } from './demand.activities';
import { guideActivities } from './guide.activities';
import { reviewActivities } from './review.activities';
import { awardActivities } from './award.activities';
import { agreementActivities } from './agreement.activities';
import { calendarActivities } from './calendar.activities';
import { projectActivities } from './project.activities';
import { projectChangeActivities } from './project-change.activities';
import { midtermActivities } from './midterm.activities';
import { acceptanceActivities } from './acceptance.activities';
import { midtermPanelActivities } from './midterm-panel.activities';
import { raceActivities } from './race.activities';
import { creditActivities } from './credit.activities';
import { programTemplateActivities } from './program-template.activities';
import { topicActivities } from './topic.activities';
import { casePolicyActivities } from './case-policy.activities';
import { expertActivities } from './expert.activities';
import { userActivities } from './user.activities';
import { projectReportActivities } from './project-report.activities';
import { outcomeActivities } from './outcome.activities';
import { honestFailureActivities } from './honest-failure.activities';
import { CountNotification, Mailer, notificationActivities } from './notification.activities';

export type { CountNotification, Mailer, NotificationOutcome } from './notification.activities';
export { mailerFromEnv } from './mailer';
export * from './webhook-signature';

/** The worker's activities, built from injected dependencies so they are testable without Temporal. */
export function createActivities(deps: {
  dataSource: DataSource;
  mailer?: Mailer | null;
  /** Notification deliveries, for the worker's metrics. */
  countNotification?: CountNotification;
}): Activities {
  // Read at start: in production a missing KJ_AUDIT_SIGNING_KEY or KJ_SECRETS_KEY stops the worker here.
  const auditSigner = new AuditSigner();
  const secrets = new SecretBox();
  return {
    ...callActivities(deps.dataSource),
    ...applicationActivities(deps.dataSource),
    ...demandActivities(deps.dataSource),
    ...guideActivities(deps.dataSource),
    ...caseActivities(deps.dataSource),
    ...reviewActivities(deps.dataSource),
    ...awardActivities(deps.dataSource),
    ...agreementActivities(deps.dataSource),
    ...calendarActivities(deps.dataSource),
    ...projectActivities(deps.dataSource),
    ...projectChangeActivities(deps.dataSource),
    ...raceActivities(deps.dataSource),
    ...acceptanceActivities(deps.dataSource),
    ...creditActivities(deps.dataSource),
    ...programTemplateActivities(deps.dataSource),
    ...topicActivities(deps.dataSource),
    ...casePolicyActivities(deps.dataSource),
    ...expertActivities(deps.dataSource),
    ...userActivities(deps.dataSource),
    ...projectReportActivities(deps.dataSource),
    ...midtermActivities(deps.dataSource),
    ...midtermPanelActivities(deps.dataSource),
    ...outcomeActivities(deps.dataSource),
    ...honestFailureActivities(deps.dataSource),
    ...notificationActivities(deps.dataSource, deps.mailer ?? null, secrets, deps.countNotification),
    async writeAuditAnchor({ at }) {
      const anchor = await new AuditRepository(deps.dataSource).writeAnchor(auditSigner, new Date(at));
      return anchor && { anchorId: anchor.id, streams: Object.keys(anchor.heads).length };
    },
    async recordCredit(rec) {
      await appendCreditRecord(deps.dataSource, rec);
    },
  };
}
