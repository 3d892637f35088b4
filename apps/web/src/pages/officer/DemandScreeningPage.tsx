import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Spin,
  Table,
  Timeline,
  Typography,
} from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { similarDemands, useDemand, useScreenDemand, type SimilarDemand } from '../../api/hooks/intake';
import { useKeyFieldLabel } from '../../api/hooks/reference';
import type { Body } from '../../api/hooks/ok';
import { CursorTable } from '../../components/CursorTable';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { applyApiErrors, errorText } from '../../lib/form-errors';
import { fenToYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';

type Screening = Body<'/demands/{id}/screening', 'post'>;
const DECISIONS: Screening['decision'][] = ['accept', 'return', 'reject', 'merge'];

/**
 * 需求筛选: one submitted demand as the officer screens it — its content, the demands of the
 * campaign that read alike (possible duplicates, to merge into), its history, and the decision.
 */
export function DemandScreeningPage() {
  const { id = '' } = useParams();
  const { t, bi, lang } = useI18n();
  const keyFieldLabel = useKeyFieldLabel();
  const queryClient = useQueryClient();
  const demand = useDemand(id);
  const screening = useScreenDemand(id);
  const [form] = Form.useForm<Screening>();
  const decision = Form.useWatch('decision', form);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  // A target picked from the full similarity list, beyond the few the demand's page names.
  const [picked, setPicked] = useState<SimilarDemand | null>(null);

  if (demand.isLoading) return <Spin />;
  if (demand.error || !demand.data)
    return <Alert type="error" showIcon title={errorText(demand.error, lang)} />;
  const d = demand.data;
  const c = d.content;
  const targets = [...d.similar, ...(picked && !d.similar.some((s) => s.id === picked.id) ? [picked] : [])];

  const screen = async (values: Screening) => {
    setBusy(true);
    setErrors([]);
    try {
      const body: Screening = {
        decision: values.decision,
        ...(values.reason ? { reason: values.reason } : {}),
        ...(values.decision === 'merge' && values.mergeIntoId ? { mergeIntoId: values.mergeIntoId } : {}),
      };
      queryClient.setQueryData(['demand', id], await screening.mutateAsync(body));
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    } finally {
      setBusy(false);
    }
  };

  const mergeInto = (s: SimilarDemand) => {
    setPicked(s);
    form.setFieldsValue({ decision: 'merge', mergeIntoId: s.id });
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {c.title}{' '}
        <StatusTag tone={d.status === 'submitted' ? 'todo' : d.status === 'accepted' ? 'ok' : 'info'}>
          <span data-testid="demand-status">{bi(d.statusLabel)}</span>
        </StatusTag>
      </Typography.Title>
      <Card>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          items={[
            {
              key: 'campaign',
              label: t('demandForm.campaign'),
              children: <Link to={`/work/demand-campaigns/${d.campaignId}`}>{t('intake.demand.queue')}</Link>,
            },
            {
              key: 'submitter',
              label: t('intake.demand.submitter'),
              children: [d.submitterName, d.institutionName].filter(Boolean).join(' · '),
            },
            { key: 'field', label: t('guide.keyField'), children: keyFieldLabel(c.keyField, lang) },
            { key: 'county', label: t('demandForm.county'), children: c.county ?? '—' },
            { key: 'urgency', label: t('demandForm.urgency'), children: t(`urgency.${c.urgency}`) },
            { key: 'submitted', label: t('intake.demand.submittedAt'), children: formatTime(d.submittedAt) },
            {
              key: 'cofunding',
              label: t('intake.demand.coFunding'),
              children: c.coFunding.willing
                ? fenToYuan(c.coFunding.amountFen)
                : t('intake.demand.noCoFunding'),
            },
            {
              key: 'contact',
              label: t('demandForm.contactName'),
              children: c.contact ? `${c.contact.name} ${c.contact.phone}` : '—',
            },
            ...(d.mergedIntoId
              ? [
                  {
                    key: 'merged',
                    label: t('intake.demand.mergedInto'),
                    children: (
                      <Link to={`/work/demands/${d.mergedIntoId}`} data-testid="merged-into">
                        {t('intake.demand.openTarget')}
                      </Link>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
          {t('guide.problem')}
        </Typography.Title>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{c.problem || '—'}</Typography.Paragraph>
        <Table
          size="small"
          rowKey={(_, i) => String(i)}
          pagination={false}
          dataSource={c.indicators}
          columns={[
            { title: t('intake.demand.indicator'), dataIndex: 'name' },
            { title: t('intake.demand.target'), render: (_, i) => `${i.value} ${i.unit}` },
          ]}
        />
        {c.deliverables.length > 0 && (
          <Typography.Paragraph style={{ marginTop: 8 }}>
            {t('intake.demand.deliverables')}：{c.deliverables.join('；')}
          </Typography.Paragraph>
        )}
      </Card>

      {d.status !== 'draft' && (
        <Card title={t('intake.demand.similar')}>
          <CursorTable<SimilarDemand>
            data-testid="similar"
            queryKey={['intake', 'demand', id, 'similar']}
            fetchPage={similarDemands(id)}
            rowKey="id"
            locale={{ emptyText: t('intake.demand.noSimilar') }}
            columns={[
              {
                title: t('demand.title'),
                render: (_, s) => <Link to={`/work/demands/${s.id}`}>{s.title}</Link>,
              },
              {
                title: t('intake.demand.similarity'),
                render: (_, s) => `${Math.round(s.similarity * 100)}%`,
              },
              {
                title: t('demand.status'),
                render: (_, s) => bi(s.statusLabel),
              },
              ...(d.status === 'submitted'
                ? [
                    {
                      title: '',
                      render: (_: unknown, s: SimilarDemand) => (
                        <Button
                          size="small"
                          onClick={() => mergeInto(s)}
                          aria-label={t('intake.screen.mergeInto', { title: s.title })}
                        >
                          {t('intake.screen.mergeHere')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}

      {d.status === 'submitted' && (
        <Card title={t('intake.screen.title')}>
          <Form form={form} layout="vertical" initialValues={{ decision: 'accept' }} onFinish={screen}>
            <Form.Item name="decision" label={t('intake.screen.decision')}>
              <Radio.Group options={DECISIONS.map((v) => ({ value: v, label: t(`intake.screen.${v}`) }))} />
            </Form.Item>
            {decision === 'merge' && (
              <Form.Item name="mergeIntoId" label={t('intake.screen.target')}>
                <Select
                  allowClear
                  options={targets.map((s) => ({
                    value: s.id,
                    label: `${s.title}（${Math.round(s.similarity * 100)}%）`,
                  }))}
                />
              </Form.Item>
            )}
            <Form.Item name="reason" label={t('intake.screen.reason')}>
              <Input.TextArea rows={3} />
            </Form.Item>
            {errors.map((e) => (
              <Alert key={e} type="error" showIcon title={e} style={{ marginBottom: 8 }} />
            ))}
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('intake.screen.submit')}
            </Button>
          </Form>
        </Card>
      )}

      <Card title={t('intake.history')}>
        <Timeline
          items={d.history.map((h, k) => ({
            key: k,
            content: (
              <>
                <Typography.Text strong>{bi(h.statusLabel)}</Typography.Text> · {h.atLocal}
                {h.reason && <Typography.Paragraph type="secondary">{h.reason}</Typography.Paragraph>}
              </>
            ),
          }))}
        />
      </Card>
    </Space>
  );
}
