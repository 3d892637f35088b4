import { Alert, Spin, Table, Typography } from 'antd';
import { useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { usePassedList } from '../../api/hooks/public';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { formatTime } from '../../lib/time';

/** The applications of a call that passed the formal check, once the bureau has published the list. */
export function PassedListPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const { data, error, isLoading } = usePassedList(id);
  if (isLoading) return <Spin />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('passed.title')}
        {data && ` · ${data.callTitle}`}
      </Typography.Title>
      {error instanceof ApiError && error.status === 404 ? (
        <Alert type="info" showIcon title={t('passed.notPublished')} />
      ) : error || !data ? (
        <Alert type="error" showIcon title={errorText(error, lang)} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">
            {t('passed.publishedAt')}: {formatTime(data.publishedAt)}
          </Typography.Paragraph>
          <Table
            rowKey="id"
            pagination={false}
            dataSource={data.applications}
            columns={[
              { title: '#', render: (_, _a, i) => i + 1, width: 60 },
              { title: t('application.title'), dataIndex: 'title' },
              { title: t('passed.institution'), render: (_, a) => a.institution ?? '—' },
            ]}
          />
        </>
      )}
    </>
  );
}
