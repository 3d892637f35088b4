import { Alert, Card, Descriptions, Space, Spin, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { ChangeRequested, useChangeChain } from '../../components/ExecutionContent';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { formatTime } from '../../lib/time';
import { ChangeConsent } from './ChangeConsent';

/**
 * 变更依托单位: the institution asked to take a project on answers here, from its inbox. It is not
 * the project's host yet, so it reads the request only (the project's title, what is asked and
 * why, the chain so far), and consents or refuses at its own step (RULES §8).
 */
export function NewHostConsent({ projectId, changeId }: { projectId: string; changeId: string }) {
  const { t, tCode, lang } = useI18n();
  const chain = useChangeChain();
  const change = useQuery({
    queryKey: ['institution', 'project', projectId, 'change', changeId],
    queryFn: () =>
      unwrap(api.GET('/projects/{id}/changes/{changeId}', { params: { path: { id: projectId, changeId } } })),
  });
  if (change.isLoading) return <Spin />;
  if (change.error || !change.data)
    return <Alert type="error" showIcon title={errorText(change.error, lang)} />;
  const c = change.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {c.projectTitle}
      </Typography.Title>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('host.newHost.title')}</h2>}>
        <Space orientation="vertical" style={{ width: '100%' }} size="middle">
          <Typography.Paragraph>{t('host.newHost.intro')}</Typography.Paragraph>
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: 'kind', label: t('host.changeKind'), children: tCode('exec.changeKind', c.kind) },
              { key: 'reason', label: t('host.changeReason'), children: c.reason },
              { key: 'at', label: t('host.newHost.requestedAt'), children: formatTime(c.requestedAt) },
              {
                key: 'status',
                label: t('application.status'),
                children: <span data-testid={`change-status-${c.id}`}>{t(`changeStatus.${c.status}`)}</span>,
              },
              { key: 'chain', label: t('exec.change.chain'), children: chain(c) },
            ]}
          />
          <ChangeRequested kind={c.kind} detail={c.detail} subject={c.subject} />
          {c.awaiting === 'new_institution' && (
            <ChangeConsent projectId={projectId} change={c} title={t('exec.changeStep.new_institution')} />
          )}
        </Space>
      </Card>
    </Space>
  );
}
