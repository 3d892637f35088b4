import { createTransport } from 'nodemailer';
import type { Mailer } from './notification.activities';

/**
 * The SMTP transport from the environment: SMTP_HOST (none: e-mail is not sent and each e-mail
 * notification is recorded as failed), SMTP_PORT (587), SMTP_SECURE (`true` for implicit TLS),
 * SMTP_USER / SMTP_PASS, SMTP_FROM (the sender address).
 */
export function mailerFromEnv(env: NodeJS.ProcessEnv = process.env): Mailer | null {
  if (!env.SMTP_HOST) return null;
  const port = Number(env.SMTP_PORT || 587);
  return {
    transport: createTransport({
      host: env.SMTP_HOST,
      port,
      secure: env.SMTP_SECURE === 'true',
      ...(env.SMTP_USER ? { auth: { user: env.SMTP_USER, pass: env.SMTP_PASS ?? '' } } : {}),
      // The dev stack's in-process server speaks plain SMTP on localhost.
      ...(env.SMTP_IGNORE_TLS === 'true' ? { ignoreTLS: true } : {}),
    }),
    from: env.SMTP_FROM || '百色市科技项目管理平台 <noreply@kjflow.localhost>',
  };
}
