import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { useHostActions, useProject } from '../../api/hooks/institution';
import { useI18n } from '../../i18n';
import { applyApiErrors, errorText } from '../../lib/form-errors';
import { formatTime } from '../../lib/time';

/** An opinion form (the mid-term material's or the acceptance dossier's confirmation). */
function OpinionConfirm({
  onSend,
  pending,
}: {
  onSend: (opinion: string) => Promise<unknown>;
  pending: boolean;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ opinion: string }>();
  const [errors, setErrors] = useState<string[]>([]);
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={async ({ opinion }) => {
        setErrors([]);
        try {
          await onSend(opinion);
          message.success(t('host.confirmed'));
        } catch (err) {
          setErrors(applyApiErrors(form, err, lang));
        }
      }}
    >
      {errors.length > 0 && (
        <Alert type="error" showIcon title={errors.join('；')} style={{ marginBottom: 12 }} />
      )}
      <Form.Item
        name="opinion"
        label={t('host.opinion')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Input.TextArea rows={3} maxLength={5000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={pending}>
        {t('host.confirm')}
      </Button>
    </Form>
  );
}

/**
 * A project the institution hosts, with the confirmations that wait on it: progress reports, the
 * institution's consent to change requests, the mid-term material and the acceptance dossier. The
 * inbox links here (`…/report/2`, `…/change/<id>`, `…/midterm`, `…/acceptance`).
 */
export function HostProjectPage() {
  const { id = '', step } = useParams();
  const { t, bi, lang } = useI18n();
  const { message } = App.useApp();
  const project = useProject(id);
  const actions = useHostActions(id);
  const reports = useQuery({
    queryKey: ['institution', 'project', id, 'reports'],
    queryFn: () =>
      unwrap(api.GET('/projects/{id}/reports', { params: { path: { id }, query: { limit: 50 } } })),
  });
  const changes = useQuery({
    queryKey: ['institution', 'project', id, 'changes'],
    queryFn: () =>
      unwrap(api.GET('/projects/{id}/changes', { params: { path: { id }, query: { limit: 50 } } })),
  });
  const midterm = useQuery({
    queryKey: ['institution', 'project', id, 'midterm'],
    queryFn: () => unwrap(api.GET('/projects/{id}/midterm', { params: { path: { id } } })),
  });
  const acceptance = useQuery({
    queryKey: ['institution', 'project', id, 'acceptance'],
    queryFn: () => unwrap(api.GET('/projects/{id}/acceptance', { params: { path: { id } } })),
  });
  const [actionError, setActionError] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await fn();
      message.success(t('host.confirmed'));
    } catch (err) {
      setActionError(errorText(err, lang));
    }
  };

  if (project.isLoading) return <Spin />;
  if (project.error) return <Alert type="error" showIcon title={errorText(project.error, lang)} />;
  const p = project.data!;
  const highlight = (s: string) => (step === s ? { borderColor: '#1d4f91', borderWidth: 2 } : undefined);
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {p.title}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('project.status')}>{t(`projectStatus.${p.status}`)}</Descriptions.Item>
        <Descriptions.Item label={t('project.period')}>{`${p.startsOn} – ${p.endsOn}`}</Descriptions.Item>
      </Descriptions>
      {actionError && <Alert type="error" showIcon title={actionError} style={{ marginBottom: 12 }} />}
      <Card title={t('host.reports')} style={{ marginBottom: 16, ...highlight('report') }}>
        <Table
          size="small"
          pagination={false}
          loading={reports.isLoading}
          rowKey="seq"
          dataSource={reports.data?.items ?? []}
          columns={[
            { title: t('host.reportSeq'), dataIndex: 'seq' },
            { title: t('review.deadline'), render: (_, r) => formatTime(r.dueAt) },
            {
              title: t('application.status'),
              render: (_, r) => <Tag color={r.overdue ? 'red' : 'blue'}>{t(`reportStatus.${r.status}`)}</Tag>,
            },
            {
              title: t('inbox.action'),
              render: (_, r) =>
                r.status === 'submitted' ? (
                  <Button
                    size="small"
                    type="primary"
                    loading={actions.confirmReport.isPending}
                    onClick={() => run(() => actions.confirmReport.mutateAsync(r.seq))}
                  >
                    {t('host.confirmReport', { n: r.seq })}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card title={t('host.changes')} style={{ marginBottom: 16, ...highlight('change') }}>
        <Table
          size="small"
          pagination={false}
          loading={changes.isLoading}
          rowKey="id"
          dataSource={changes.data?.items ?? []}
          columns={[
            { title: t('host.changeKind'), dataIndex: 'kind' },
            { title: t('host.changeReason'), dataIndex: 'reason' },
            { title: t('application.status'), render: (_, c) => t(`changeStatus.${c.status}`) },
            {
              title: t('inbox.action'),
              render: (_, c) =>
                c.status === 'pending' ? (
                  <Space>
                    <Button
                      size="small"
                      type="primary"
                      onClick={() =>
                        run(() => actions.decideChange.mutateAsync({ changeId: c.id, decision: 'approve' }))
                      }
                    >
                      {t('host.consent')}
                    </Button>
                    <Button
                      size="small"
                      danger
                      onClick={() => {
                        const comment = window.prompt(t('host.rejectComment')) ?? '';
                        if (comment)
                          void run(() =>
                            actions.decideChange.mutateAsync({ changeId: c.id, decision: 'reject', comment }),
                          );
                      }}
                    >
                      {t('host.refuse')}
                    </Button>
                  </Space>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card title={t('panelStage.midterm')} style={{ marginBottom: 16, ...highlight('midterm') }}>
        {midterm.error ? (
          <Typography.Text>{errorText(midterm.error, lang)}</Typography.Text>
        ) : midterm.data?.phase === 'submitted' ? (
          <OpinionConfirm
            onSend={actions.confirmMidterm.mutateAsync}
            pending={actions.confirmMidterm.isPending}
          />
        ) : (
          <Typography.Text>{t('host.phase', { phase: midterm.data?.phase ?? '—' })}</Typography.Text>
        )}
      </Card>
      <Card title={t('panelStage.acceptance')} style={highlight('acceptance')}>
        {acceptance.error ? (
          <Typography.Text>{errorText(acceptance.error, lang)}</Typography.Text>
        ) : acceptance.data?.phase === 'submitted' ? (
          <OpinionConfirm
            onSend={actions.confirmAcceptance.mutateAsync}
            pending={actions.confirmAcceptance.isPending}
          />
        ) : (
          <Typography.Text>
            {acceptance.data ? `${bi(acceptance.data.name)}: ${acceptance.data.phase ?? '—'}` : '—'}
          </Typography.Text>
        )}
      </Card>
    </>
  );
}
