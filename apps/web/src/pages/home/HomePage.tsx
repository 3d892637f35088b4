import { Typography } from 'antd';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { InboxSection } from './InboxSection';
import { ROLE_HOMES } from './role-homes';

/**
 * The logged-in home is the user's work: the task inbox (GET /inbox, what waits on them) first,
 * then one section per role they hold (a user may hold several) with their lists, which keep what
 * the inbox does not show (done work, all applications and projects).
 */
export function HomePage() {
  const { user } = useAuth();
  const { t } = useI18n();
  if (!user) return null;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('home.title', { name: user.displayName })}
      </Typography.Title>
      <InboxSection />
      {user.roles.map((role) => {
        const Section = ROLE_HOMES[role];
        return <Section key={role} />;
      })}
    </>
  );
}
