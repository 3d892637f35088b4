import { Alert, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { fetchAcceptanceConclusions } from '../../api/hooks/public';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { formatDate } from '../../lib/time';

/** Published acceptance conclusions (验收结论公开), with the objection period of each. */
export function AcceptanceConclusionsPage() {
  const { t, lang } = useI18n();
  const { data, error, isFetching } = useQuery({
    queryKey: ['public', 'acceptance-conclusions'],
    queryFn: () => fetchAcceptanceConclusions(),
  });
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('menu.acceptanceConclusions')}
      </Typography.Title>
      {error && <Alert type="error" showIcon title={errorText(error, lang)} />}
      <Table
        loading={isFetching}
        rowKey="projectId"
        pagination={false}
        dataSource={data?.items ?? []}
        columns={[
          { title: t('acceptance.project'), dataIndex: 'title' },
          { title: t('passed.institution'), render: (_, c) => c.institution ?? '—' },
          {
            title: t('acceptance.verdict'),
            render: (_, c) => (
              <StatusTag tone={c.verdict === 'fail' ? 'bad' : c.verdict === 'pass' ? 'ok' : 'todo'}>
                {t(`verdict.${c.verdict}`)}
              </StatusTag>
            ),
          },
          { title: t('acceptance.reasons'), render: (_, c) => c.reasons ?? '—' },
          { title: t('acceptance.decidedAt'), render: (_, c) => formatDate(c.publishedAt) },
          { title: t('acceptance.objectionsUntil'), render: (_, c) => formatDate(c.objectionsUntil) },
        ]}
      />
    </>
  );
}
