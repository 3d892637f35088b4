import { Card } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../i18n';
import { PanelsTable } from './PanelsPage';
import { ReviewsTable } from './ReviewsPage';

/** The expert's section of the home: review invitations and panel seats (the inbox lists what waits). */
export function ExpertHome() {
  const { t } = useI18n();
  return (
    <>
      <Card
        title={t('home.expert.reviews')}
        extra={<Link to="/work/expert/reviews">{t('common.more')}</Link>}
      >
        <ReviewsTable />
      </Card>
      <Card
        title={t('home.expert.panels')}
        style={{ marginTop: 16 }}
        extra={<Link to="/work/expert/panels">{t('common.more')}</Link>}
      >
        <PanelsTable />
      </Card>
    </>
  );
}
