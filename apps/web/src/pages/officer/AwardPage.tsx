import { Alert, Button, Card, Descriptions, Form, Input, Radio, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useAward, useAwardActions } from '../../api/hooks/officer';
import { useAuth } from '../../auth/AuthContext';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { applyApiErrors, errorText } from '../../lib/form-errors';
import { fenToYuan } from '../../lib/money';

interface DecisionForm {
  decision: 'approve' | 'return';
  comments?: string;
}

/**
 * An award: its items, the approval chain (never the proposer: four eyes) with the decision form,
 * the public notice once approved, and the objections with their answers.
 */
export function AwardPage() {
  const { id = '' } = useParams();
  const { t, bi, lang } = useI18n();
  const { user } = useAuth();
  const award = useAward(id);
  const { decide: approval } = useAwardActions(id);
  const [form] = Form.useForm<DecisionForm>();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  if (award.isLoading) return <Spin />;
  if (award.error || !award.data) return <Alert type="error" showIcon title={errorText(award.error, lang)} />;
  const a = award.data;
  const canDecide = (a.status === 'proposed' || a.status === 'in_approval') && a.proposedBy !== user?.id;

  const decide = async (v: DecisionForm) => {
    setBusy(true);
    setErrors([]);
    try {
      await approval.mutateAsync(v);
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1}>{t('officer.award.title')}</Typography.Title>
      <Card>
        <Descriptions
          column={1}
          items={[
            {
              key: 'status',
              label: t('officer.award.status'),
              children: (
                <StatusTag tone={a.status === 'final' ? 'ok' : 'todo'}>
                  <span data-testid="award-status">{bi(a.statusLabel)}</span>
                </StatusTag>
              ),
            },
            {
              key: 'chain',
              label: t('officer.award.chain'),
              children: a.chain.map((r) => t(`role.${r}` as never)).join(' → '),
            },
            { key: 'note', label: t('officer.award.note'), children: a.note ?? '—' },
          ]}
        />
        <Table
          size="small"
          rowKey="applicationId"
          pagination={false}
          dataSource={a.items}
          columns={[
            { title: t('officer.award.item'), render: (_, i) => i.title ?? '—' },
            { title: t('officer.award.institution'), render: (_, i) => i.institution ?? '—' },
            { title: t('officer.award.amount'), render: (_, i) => fenToYuan(i.amountFen) },
          ]}
        />
      </Card>
      <Card title={t('officer.award.decisions')}>
        <ul>
          {a.decisions.map((d, k) => (
            <li key={k}>
              {d.atLocal ?? ''}{' '}
              {d.decision === 'approve' ? t('officer.award.approve') : t('officer.award.returnIt')}
              {d.comments ? `：${d.comments}` : ''}
            </li>
          ))}
        </ul>
        {canDecide && (
          <Form form={form} layout="vertical" initialValues={{ decision: 'approve' }} onFinish={decide}>
            <Form.Item name="decision" label={t('officer.award.decide')}>
              <Radio.Group
                options={[
                  { value: 'approve', label: t('officer.award.approve') },
                  { value: 'return', label: t('officer.award.returnIt') },
                ]}
              />
            </Form.Item>
            <Form.Item name="comments" label={t('officer.award.comments')}>
              <Input.TextArea rows={2} />
            </Form.Item>
            {errors.map((e) => (
              <Alert key={e} type="error" showIcon title={e} style={{ marginBottom: 8 }} />
            ))}
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('officer.award.decide')}
            </Button>
          </Form>
        )}
      </Card>
      {a.notice && (
        <Card title={t('officer.award.notice')}>
          <Typography.Paragraph data-testid="award-notice">
            {t('officer.award.noticePeriod', {
              start: a.notice.startLocal,
              end: a.notice.endLocal,
              days: a.notice.workingDays,
            })}
          </Typography.Paragraph>
          <Link to={`/public/awards/${a.id}`}>{t('officer.award.openNotice')}</Link>
        </Card>
      )}
      {a.notice && (
        <Card title={t('officer.award.objections')}>
          <Link to={`/work/awards/${a.id}/objections`}>{t('intake.objection.open')}</Link>
        </Card>
      )}
    </Space>
  );
}
