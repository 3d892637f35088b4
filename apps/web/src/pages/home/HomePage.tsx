import { Typography } from 'antd';
import { useAuth } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';
import { ROLE_HOMES } from './role-homes';

/**
 * The logged-in home is the user's work: one section per role they hold (a user may hold several).
 * When the API's task inbox (GET /inbox) lands, an InboxSection goes first here and the role
 * sections keep what the inbox does not list.
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
      {user.roles.map((role) => {
        const Section = ROLE_HOMES[role];
        return <Section key={role} />;
      })}
    </>
  );
}
