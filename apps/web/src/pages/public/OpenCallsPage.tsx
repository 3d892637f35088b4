import { Typography } from 'antd';
import { useI18n } from '../../i18n';
import type { PublicGuide } from '../../api/hooks/public';
import { GuideTable } from './GuideTable';

/** A published guide whose call takes applications now. */
const isOpen = (g: PublicGuide) => {
  const now = Date.now();
  return (
    g.status === 'published' &&
    g.callId !== null &&
    Date.parse(g.content.windowStart) <= now &&
    now <= Date.parse(g.content.windowEnd)
  );
};

/** The portal's front page: calls whose window is open now (a published guide's call). */
export function OpenCallsPage() {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('menu.openCalls')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('openCalls.intro')}</Typography.Paragraph>
      <GuideTable queryKey={['public', 'guides', 'open']} filter={isOpen} />
    </>
  );
}
