import { Card, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { expertLists, type PanelSeat } from '../../api/hooks/expert';
import { CursorTable } from '../../components/CursorTable';
import { useI18n } from '../../i18n';
import { formatTime } from '../../lib/time';

export function PanelsTable() {
  const { t } = useI18n();
  return (
    <CursorTable<PanelSeat>
      queryKey={['expert', 'panels']}
      fetchPage={expertLists.panels}
      rowKey="id"
      columns={[
        {
          title: t('project.title'),
          render: (_, s) => <Link to={`/work/expert/panels/${s.id}`}>{s.projectTitle}</Link>,
        },
        { title: t('review.stage'), render: (_, s) => t(`panelStage.${s.stage}`) },
        {
          title: t('application.status'),
          render: (_, s) => (
            <Tag color={s.status === 'invited' || s.status === 'accepted' ? 'red' : 'blue'}>
              {t(`seatStatus.${s.status}`)}
            </Tag>
          ),
        },
        { title: t('review.deadline'), render: (_, s) => formatTime(s.deadline) },
      ]}
    />
  );
}

/** The expert's seats on mid-term and acceptance panels (/panel-reviews). */
export function PanelsPage() {
  const { t } = useI18n();
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('expert.panels.title')}
      </Typography.Title>
      <Card>
        <PanelsTable />
      </Card>
    </>
  );
}
