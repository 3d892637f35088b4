import { Typography } from 'antd';
import { useI18n } from '../../i18n';
import { GuideTable } from './GuideTable';

/** Published guides and challenge lists, each with its current version (details: GuideDetailPage). */
export function GuidesPage() {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('menu.guides')}
      </Typography.Title>
      <GuideTable queryKey={['public', 'guides']} />
    </>
  );
}
