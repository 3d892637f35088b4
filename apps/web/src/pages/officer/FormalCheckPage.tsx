import { Alert, Button, Card, Form, Input, Progress, Radio, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  callApplications,
  useCall,
  useCallActions,
  useChecklist,
  type BatchResult,
  type CallApplication,
} from '../../api/hooks/officer';
import { CursorTable } from '../../components/CursorTable';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { applyApiErrors, errorText } from '../../lib/form-errors';
import { fenToYuan } from '../../lib/money';

const STATUSES = ['submitted', 'formal_check_passed', 'returned', 'rejected'] as const;

/** The automatic rule results of one application (credit, 限项, budget, completeness), run now. */
function ChecklistView({ applicationId }: { applicationId: string }) {
  const { t, bi, lang } = useI18n();
  const { data, error, isLoading } = useChecklist(applicationId, true);
  if (error) return <Alert type="error" showIcon title={errorText(error, lang)} />;
  return (
    <Table
      data-testid="checklist"
      size="small"
      loading={isLoading}
      rowKey="rule"
      pagination={false}
      dataSource={data?.items ?? []}
      columns={[
        { title: t('officer.fc.rule'), render: (_, i) => bi(i.label) },
        {
          title: t('officer.fc.outcome'),
          render: (_, i) => (
            <StatusTag tone={i.outcome === 'pass' ? 'ok' : i.outcome === 'fail' ? 'bad' : 'todo'}>
              {t(`officer.outcome.${i.outcome}`)}
            </StatusTag>
          ),
        },
        { title: t('officer.fc.reasons'), render: (_, i) => i.reasons.map((r) => bi(r)).join('；') || '—' },
      ]}
    />
  );
}

interface DecisionForm {
  decision: 'pass' | 'return' | 'reject';
  reason?: string;
}

/**
 * The formal-check queue of a call: each application's checklist on demand, and one decision for
 * the selected ones (pass / return with reasons / reject); each result is shown per application.
 */
export function FormalCheckPage() {
  const { id = '' } = useParams();
  const { t, bi, lang } = useI18n();
  const call = useCall(id);
  const actions = useCallActions(id);
  const [status, setStatus] = useState<CallApplication['status'] | undefined>('submitted');
  const [selected, setSelected] = useState<string[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const [results, setResults] = useState<BatchResult[] | null>(null);
  const [published, setPublished] = useState(false);
  const [form] = Form.useForm<DecisionForm>();
  const decision = Form.useWatch('decision', form);

  const decide = async (values: DecisionForm) => {
    setBusy(true);
    setErrors([]);
    setResults(null);
    try {
      const res = await actions.decide.mutateAsync({
        decisions: selected.map((applicationId) => ({
          applicationId,
          decision: values.decision,
          ...(values.reason ? { reason: values.reason } : {}),
        })),
      });
      setResults(res.results);
      setSelected([]);
    } catch (err) {
      // A per-item field ("decisions.0.reason") is the form's reason.
      const fieldErrs = applyApiErrors(form, err, lang);
      const reasonErr = fieldErrs.find((m) => /reason/.test(m));
      if (reasonErr) form.setFields([{ name: 'reason', errors: [reasonErr.replace(/^[^:]+: /, '')] }]);
      setErrors(fieldErrs.filter((m) => m !== reasonErr));
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    setErrors([]);
    try {
      await actions.publishPassedList.mutateAsync();
      setPublished(true);
    } catch (err) {
      setErrors([errorText(err, lang)]);
    }
  };

  const title = call.data?.title ?? '';
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1}>{t('officer.fc.title', { call: title })}</Typography.Title>
      {call.data && call.data.status !== 'closed' && (
        <Alert type="warning" showIcon title={t('officer.fc.notClosed')} />
      )}
      <Space wrap>
        <Link to={`/work/calls/${id}/rounds/new`}>{t('officer.call.newRound')}</Link>
        <Link to={`/public/calls/${id}/passed-list`}>{t('menu.passedList')}</Link>
      </Space>
      <Card>
        <Space style={{ marginBottom: 12 }}>
          <label htmlFor="fc-status">{t('officer.fc.filter')}</label>
          <Select
            id="fc-status"
            style={{ width: 200 }}
            value={status ?? ''}
            onChange={(v) => setStatus((v || undefined) as CallApplication['status'] | undefined)}
            options={[
              { value: '', label: t('officer.fc.all') },
              ...STATUSES.map((s) => ({ value: s, label: t(`officer.appStatus.${s}`) })),
            ]}
          />
        </Space>
        <CursorTable<CallApplication>
          queryKey={['officer', 'call-applications', id, status ?? '']}
          fetchPage={callApplications(id, status)}
          rowKey="id"
          rowSelection={{
            selectedRowKeys: selected,
            onChange: (keys) => setSelected(keys as string[]),
            getCheckboxProps: (a) => ({
              disabled: a.status !== 'submitted',
              'aria-label': a.title,
            }),
          }}
          expandable={{
            expandedRowKeys: open ? [open] : [],
            onExpand: (expanded, a) => setOpen(expanded ? a.id : null),
            expandedRowRender: (a) => <ChecklistView applicationId={a.id} />,
          }}
          columns={[
            { title: t('application.title'), render: (_, a) => a.title },
            { title: t('application.applicant'), dataIndex: 'applicantName' },
            { title: t('officer.award.requested'), render: (_, a) => fenToYuan(a.requestedFen) },
            {
              title: t('application.status'),
              render: (_, a) => (
                <StatusTag
                  tone={
                    a.status === 'submitted' ? 'todo' : a.status === 'formal_check_passed' ? 'ok' : 'info'
                  }
                >
                  {bi(a.statusLabel)}
                </StatusTag>
              ),
            },
            {
              title: t('officer.fc.checklist'),
              render: (_, a) => (
                <Button size="small" onClick={() => setOpen(open === a.id ? null : a.id)}>
                  {t('officer.fc.showChecklist')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('officer.fc.decision')}>
        <Form form={form} layout="vertical" initialValues={{ decision: 'pass' }} onFinish={decide}>
          <Typography.Paragraph>{t('officer.fc.selected', { n: selected.length })}</Typography.Paragraph>
          <Form.Item name="decision" label={t('officer.fc.decision')}>
            <Radio.Group
              options={[
                { value: 'pass', label: t('officer.fc.pass') },
                { value: 'return', label: t('officer.fc.return') },
                { value: 'reject', label: t('officer.fc.reject') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('officer.fc.reason')}
            rules={decision && decision !== 'pass' ? [{ required: true, message: t('form.required') }] : []}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
          {busy && (
            <Progress
              percent={99}
              status="active"
              showInfo={false}
              aria-label={t('officer.fc.progress', { n: selected.length })}
            />
          )}
          {busy && <Typography.Text>{t('officer.fc.progress', { n: selected.length })}</Typography.Text>}
          {errors.map((e) => (
            <Alert key={e} type="error" showIcon title={e} style={{ marginBottom: 8 }} />
          ))}
          <Button type="primary" htmlType="submit" disabled={!selected.length} loading={busy}>
            {t('officer.fc.apply')}
          </Button>
        </Form>
        {results && (
          <div data-testid="batch-results" style={{ marginTop: 16 }}>
            <Alert
              type={results.every((r) => r.ok) ? 'success' : 'warning'}
              showIcon
              title={t('officer.fc.done', {
                ok: results.filter((r) => r.ok).length,
                failed: results.filter((r) => !r.ok).length,
              })}
            />
            <ul>
              {results
                .filter((r) => !r.ok)
                .map((r) => (
                  <li key={r.applicationId}>
                    {r.applicationId.slice(0, 8)}:{' '}
                    {r.error ? bi(r.error.message) : t('officer.fc.resultFailed')}
                  </li>
                ))}
            </ul>
          </div>
        )}
        <Button style={{ marginTop: 16 }} onClick={publish} disabled={published}>
          {published ? t('officer.fc.published') : t('officer.fc.publishPassed')}
        </Button>
      </Card>
    </Space>
  );
}
