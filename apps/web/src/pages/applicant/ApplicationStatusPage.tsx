import { Alert, Button, Card, Descriptions, Spin, Steps, Tag, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useApplication } from '../../api/hooks/applications';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { fenToYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';

/** The usual path of an application; a return, rejection or withdrawal shows on the timeline. */
const PATH = ['draft', 'awaiting_endorsement', 'submitted', 'formal_check_passed'] as const;

/** An application's status: where it stands on its path, and every step with its time and reason. */
export function ApplicationStatusPage() {
  const { id = '' } = useParams();
  const { t, bi, lang } = useI18n();
  const { data, error, isLoading } = useApplication(id);
  if (isLoading) return <Spin />;
  if (error || !data) return <Alert type="error" showIcon title={errorText(error, lang)} />;
  const app = data.view;
  const onPath = PATH.indexOf(app.status as (typeof PATH)[number]);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {app.content.title} <Tag color="blue">{bi(app.statusLabel)}</Tag>
      </Typography.Title>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('application.call')}>{app.callTitle}</Descriptions.Item>
        <Descriptions.Item label={t('application.requested')}>
          {fenToYuan(app.content.requestedFen)}
        </Descriptions.Item>
        <Descriptions.Item label={t('appStatus.submittedAt')}>
          {formatTime(app.submittedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('application.resubmitUntil')}>
          {formatTime(app.resubmitUntil)}
        </Descriptions.Item>
        <Descriptions.Item label={t('appStatus.piPledge')}>
          {app.pledges.pi ? `✓ ${app.pledges.pi.signedAtLocal}` : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('appStatus.institutionPledge')}>
          {app.pledges.institution ? `✓ ${app.pledges.institution.signedAtLocal}` : '—'}
        </Descriptions.Item>
      </Descriptions>
      <Card size="small" style={{ marginTop: 16 }}>
        <Steps
          current={onPath >= 0 ? onPath : 0}
          status={onPath >= 0 ? 'process' : 'error'}
          items={PATH.map((s) => ({ title: t(`appStatus.${s}`) }))}
        />
      </Card>
      <Card title={t('appStatus.timeline')} size="small" style={{ marginTop: 16 }}>
        <Timeline
          items={app.history.map((h, i) => ({
            key: i,
            content: (
              <div data-testid="status-entry">
                <Typography.Text strong>{t(`appStatus.${h.status}`)}</Typography.Text> · {h.atLocal}
                {h.reason && <Typography.Paragraph type="secondary">{h.reason}</Typography.Paragraph>}
              </div>
            ),
          }))}
        />
      </Card>
      {(app.status === 'draft' || app.status === 'returned') && (
        <Link to={`/work/applications/${id}`}>
          <Button type="primary" style={{ marginTop: 16 }}>
            {t('appStatus.edit')}
          </Button>
        </Link>
      )}
    </>
  );
}
