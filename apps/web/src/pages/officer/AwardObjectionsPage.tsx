import { Alert, Button, Card, Form, Input, InputNumber, Radio, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  awardObjections,
  useAward,
  useAwardActions,
  type AwardObjection as Objection,
  type AwardView,
  type ObjectionOutcome as Outcome,
} from '../../api/hooks/officer';
import { CursorTable } from '../../components/CursorTable';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { applyApiErrors, errorText } from '../../lib/form-errors';
import { fenToYuan, yuanToFen } from '../../lib/money';

const OUTCOMES: Outcome['outcome'][] = ['maintain', 'adjust', 'cancel'];

interface OutcomeForm {
  outcome: Outcome['outcome'];
  answer?: string;
  /** Typed in yuan; the API's field (and its messages) is adjustedAmountFen. */
  adjustedAmountFen?: number | null;
}

/** The answer to one open objection: maintain, adjust the amount or cancel, with the reply to the objector. */
function AnswerForm(props: {
  awardId: string;
  objection: Objection;
  item?: AwardView['items'][number];
  onDone: () => void;
}) {
  const { awardId, objection, item, onDone } = props;
  const { t, lang } = useI18n();
  const { answerObjection } = useAwardActions(awardId);
  const [form] = Form.useForm<OutcomeForm>();
  const outcome = Form.useWatch('outcome', form);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const answer = async (v: OutcomeForm) => {
    setBusy(true);
    setErrors([]);
    try {
      const body: Outcome = {
        outcome: v.outcome,
        answer: v.answer ?? '',
        ...(v.outcome === 'adjust' && v.adjustedAmountFen != null
          ? { adjustedAmountFen: yuanToFen(v.adjustedAmountFen) }
          : {}),
      };
      await answerObjection.mutateAsync({ objectionId: objection.id, body });
      onDone();
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ outcome: 'maintain' }}
      onFinish={answer}
      aria-label={t('intake.objection.answerFor', { title: item?.title ?? '' })}
    >
      <Form.Item name="outcome" label={t('officer.award.outcome')}>
        <Radio.Group options={OUTCOMES.map((o) => ({ value: o, label: t(`officer.award.${o}`) }))} />
      </Form.Item>
      {outcome === 'adjust' && (
        <Form.Item
          name="adjustedAmountFen"
          label={t('officer.award.newAmount')}
          extra={
            item ? t('intake.objection.currentAmount', { amount: fenToYuan(item.amountFen) }) : undefined
          }
        >
          <InputNumber min={0} precision={2} style={{ width: 220 }} />
        </Form.Item>
      )}
      <Form.Item name="answer" label={t('officer.award.answer')}>
        <Input.TextArea rows={3} />
      </Form.Item>
      {errors.map((e) => (
        <Alert key={e} type="error" showIcon title={e} style={{ marginBottom: 8 }} />
      ))}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('officer.award.sendAnswer')}
      </Button>
    </Form>
  );
}

/**
 * 异议处理: the objections to an award's notice, in the order filed — who objected, the facts and
 * evidence — and for each open one the answer form; a decided one shows its outcome and reply, as
 * the objector reads them.
 */
export function AwardObjectionsPage() {
  const { id = '' } = useParams();
  const { t, bi, lang } = useI18n();
  const award = useAward(id);
  const [open, setOpen] = useState<string | null>(null);

  if (award.isLoading) return <Spin />;
  if (award.error || !award.data) return <Alert type="error" showIcon title={errorText(award.error, lang)} />;
  const a = award.data;
  const itemOf = (applicationId: string) => a.items.find((i) => i.applicationId === applicationId);

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('intake.objection.title')}
      </Typography.Title>
      <Card>
        <Space orientation="vertical">
          <span>
            {t('officer.award.status')}：<span data-testid="award-status">{bi(a.statusLabel)}</span>
          </span>
          {a.notice && (
            <span>
              {t('officer.award.noticePeriod', {
                start: a.notice.startLocal,
                end: a.notice.endLocal,
                days: a.notice.workingDays,
              })}
            </span>
          )}
          <Link to={`/work/awards/${id}`}>{t('intake.objection.backToAward')}</Link>
        </Space>
      </Card>
      <Card>
        <CursorTable<Objection>
          queryKey={['award', id, 'objections']}
          fetchPage={awardObjections(id)}
          rowKey="id"
          expandable={{
            expandedRowKeys: open ? [open] : [],
            showExpandColumn: false,
            expandedRowRender: (o) => (
              <AnswerForm
                awardId={id}
                objection={o}
                item={itemOf(o.applicationId)}
                onDone={() => setOpen(null)}
              />
            ),
          }}
          columns={[
            { title: t('officer.award.item'), render: (_, o) => itemOf(o.applicationId)?.title ?? '—' },
            {
              title: t('officer.award.objector'),
              render: (_, o) => String((o.objector as { name?: unknown }).name ?? '—'),
            },
            { title: t('intake.objection.filedAt'), dataIndex: 'filedAtLocal' },
            {
              title: t('officer.award.facts'),
              render: (_, o) => (
                <>
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
                    {o.facts}
                  </Typography.Paragraph>
                  {o.evidence.length > 0 && (
                    <Typography.Text type="secondary">
                      {t('intake.objection.evidence')}：
                      {o.evidence.map((e) => e.file?.name ?? e.ref).join('；')}
                    </Typography.Text>
                  )}
                </>
              ),
            },
            {
              title: t('officer.award.outcome'),
              render: (_, o) => (
                <Space orientation="vertical" size={2}>
                  <StatusTag tone={o.status === 'open' ? 'todo' : o.status === 'cancel' ? 'bad' : 'ok'}>
                    <span data-testid="objection-status">{bi(o.statusLabel)}</span>
                  </StatusTag>
                  {o.answer && <Typography.Text>{o.answer}</Typography.Text>}
                  {o.decidedAtLocal && <Typography.Text type="secondary">{o.decidedAtLocal}</Typography.Text>}
                </Space>
              ),
            },
            {
              title: '',
              render: (_, o) =>
                o.status === 'open' ? (
                  <Button onClick={() => setOpen(open === o.id ? null : o.id)}>
                    {t('intake.objection.answer')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
