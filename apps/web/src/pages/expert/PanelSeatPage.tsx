import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import {
  useMyPanelSeat,
  usePanelActions,
  type PanelOpinionBody,
  type PanelSeat,
} from '../../api/hooks/expert';
import { useI18n, type MessageKey } from '../../i18n';
import { applyApiErrors, errorText } from '../../lib/form-errors';
import { fenToYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { InvitationAnswer } from './InvitationAnswer';

const RECOMMENDATIONS: Record<PanelSeat['stage'], string[]> = {
  midterm: ['continue', 'rectify', 'adjust', 'terminate', 'revoke'],
  acceptance: ['pass', 'conditional', 'fail', 'closure'],
};

/** What the seat's stage put before the panel (the mid-term material or the acceptance dossier). */
function Materials({ seat }: { seat: PanelSeat }) {
  const { t, lang } = useI18n();
  const stage = useQuery({
    queryKey: ['expert', 'panel', seat.id, 'materials'],
    queryFn: (): Promise<Record<string, unknown>> =>
      seat.stage === 'midterm'
        ? unwrap(api.GET('/projects/{id}/midterm', { params: { path: { id: seat.projectId } } }))
        : unwrap(api.GET('/projects/{id}/acceptance', { params: { path: { id: seat.projectId } } })),
  });
  if (stage.isLoading) return <Spin />;
  if (stage.error) return <Alert type="error" showIcon title={errorText(stage.error, lang)} />;
  const v = stage.data ?? {};
  const material = (seat.stage === 'midterm' ? v.submission : v.dossier) as Record<string, unknown> | null;
  const confirmation = v.confirmation as { opinion?: string } | null;
  const entries = Object.entries(material ?? {}).filter(
    ([k, x]) => (typeof x === 'string' || typeof x === 'number') && !/By$|Id$/.test(k),
  );
  return (
    <Descriptions column={1} bordered size="small">
      {entries.map(([k, x]) => (
        <Descriptions.Item key={k} label={k}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{/Fen$/.test(k) ? fenToYuan(Number(x)) : String(x)}</span>
        </Descriptions.Item>
      ))}
      {entries.length === 0 && <Descriptions.Item label={t('panel.materials')}>—</Descriptions.Item>}
      <Descriptions.Item label={t('panel.hostOpinion')}>{confirmation?.opinion ?? '—'}</Descriptions.Item>
    </Descriptions>
  );
}

function OpinionForm({ seat }: { seat: PanelSeat }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PanelOpinionBody>();
  const actions = usePanelActions(seat.id);
  const [errors, setErrors] = useState<string[]>([]);
  const send = async (values: PanelOpinionBody) => {
    setErrors([]);
    try {
      await actions.opinion.mutateAsync(values);
      message.success(t('panel.opinionSent'));
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={send}
      initialValues={{ falseMaterial: false, spendingIssues: false }}
    >
      {errors.length > 0 && (
        <Alert type="error" showIcon title={errors.join('；')} style={{ marginBottom: 12 }} />
      )}
      <Form.Item
        name="recommendation"
        label={t('panel.recommendation')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Select
          options={RECOMMENDATIONS[seat.stage].map((r) => ({
            value: r,
            label: t(`recommendation.${r}` as MessageKey),
          }))}
        />
      </Form.Item>
      {seat.stage === 'acceptance' && (
        <>
          <Form.Item name="falseMaterial" valuePropName="checked">
            <Checkbox>{t('panel.falseMaterial')}</Checkbox>
          </Form.Item>
          <Form.Item name="spendingIssues" valuePropName="checked">
            <Checkbox>{t('panel.spendingIssues')}</Checkbox>
          </Form.Item>
        </>
      )}
      <Form.Item
        name="score"
        label={t('panel.score')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <InputNumber min={0} max={100} precision={0} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item
        name="opinion"
        label={t('panel.opinion')}
        rules={[{ required: true, message: t('form.required') }]}
      >
        <Input.TextArea rows={6} maxLength={20000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={actions.opinion.isPending}>
        {t('panel.sendOpinion')}
      </Button>
    </Form>
  );
}

/** A seat on a mid-term or acceptance panel: answer the invitation, read the material, give the opinion. */
export function PanelSeatPage() {
  const { id = '' } = useParams();
  const { t, lang } = useI18n();
  const seat = useMyPanelSeat(id);
  const actions = usePanelActions(id);
  const s = seat.data;
  if (seat.isLoading) return <Spin />;
  if (seat.error) return <Alert type="error" showIcon title={errorText(seat.error, lang)} />;
  if (!s) return <Alert type="warning" showIcon title={t('review.notFound')} />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('panel.pageTitle', { stage: t(`panelStage.${s.stage}`), title: s.projectTitle })}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('application.status')}>
          <Tag color="blue">{t(`seatStatus.${s.status}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('review.deadline')}>{formatTime(s.deadline)}</Descriptions.Item>
        <Descriptions.Item label={t('panel.round')}>{s.round}</Descriptions.Item>
      </Descriptions>
      {s.status === 'invited' && (
        <Card title={t('invitation.title')} style={{ marginBottom: 16 }}>
          <InvitationAnswer respond={actions.respond} recuse={actions.recuse} canAnswer />
        </Card>
      )}
      {(s.status === 'invited' || s.status === 'accepted' || s.status === 'submitted') && (
        <Card title={t('panel.materials')} style={{ marginBottom: 16 }}>
          <Materials seat={s} />
        </Card>
      )}
      {s.status === 'accepted' && (
        <Card title={t('panel.opinionTitle')}>
          <OpinionForm seat={s} />
          <div style={{ marginTop: 16 }}>
            <InvitationAnswer respond={actions.respond} recuse={actions.recuse} canAnswer={false} />
          </div>
        </Card>
      )}
      {s.status === 'submitted' && (
        <Alert
          type="success"
          showIcon
          title={t('panel.given', {
            recommendation: s.recommendation ? t(`recommendation.${s.recommendation}` as MessageKey) : '—',
            score: s.score ?? '—',
          })}
        />
      )}
    </>
  );
}
