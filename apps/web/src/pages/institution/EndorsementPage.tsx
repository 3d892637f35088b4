import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Radio,
  Space,
  Spin,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { useApplication, useEndorsementActions } from '../../api/hooks/institution';
import { ApplicationContentView, type ContentLike } from '../../components/ApplicationContentView';
import { useI18n } from '../../i18n';
import { applyApiErrors, errorText } from '../../lib/form-errors';
import { formatTime } from '../../lib/time';

interface Decision {
  decision: 'endorse' | 'return';
  comments?: string;
}

/** The institution's pledge (科研诚信承诺) of one application: signed or to sign. */
function PledgeCard({ id, signedAt, canSign }: { id: string; signedAt: string | null; canSign: boolean }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { signPledge } = useEndorsementActions(id);
  return (
    <Card title={t('institution.pledge.title')} size="small" style={{ marginBottom: 16 }}>
      <Typography.Paragraph>{t('institution.pledge.text')}</Typography.Paragraph>
      {signedAt ? (
        <Tag color="blue" data-testid="pledge-signed">
          {t('institution.pledge.signedAt', { at: formatTime(signedAt) })}
        </Tag>
      ) : (
        <Space orientation="vertical">
          {signPledge.error && <Alert type="error" showIcon title={errorText(signPledge.error, lang)} />}
          <Button
            disabled={!canSign}
            loading={signPledge.isPending}
            onClick={async () => {
              await signPledge.mutateAsync();
              message.success(t('institution.pledge.signed'));
            }}
          >
            {t('institution.pledge.sign')}
          </Button>
        </Space>
      )}
    </Card>
  );
}

/** One application of the institution: read it, sign the pledge, endorse or return it with comments. */
export function EndorsementPage() {
  const { id = '' } = useParams();
  const { t, bi, lang } = useI18n();
  const { message } = App.useApp();
  const app = useApplication(id);
  const { decide } = useEndorsementActions(id);
  const [form] = Form.useForm<Decision>();
  const decision = Form.useWatch('decision', form);
  const [errors, setErrors] = useState<string[]>([]);

  if (app.isLoading) return <Spin />;
  if (app.error) return <Alert type="error" showIcon title={errorText(app.error, lang)} />;
  const a = app.data!;
  const waiting = a.status === 'awaiting_endorsement';
  const send = async (values: Decision) => {
    setErrors([]);
    try {
      await decide.mutateAsync(values.decision === 'endorse' ? { decision: 'endorse' } : values);
      message.success(t(values.decision === 'endorse' ? 'institution.endorsed' : 'institution.returned'));
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    }
  };
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {a.content.title}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('application.applicant')}>{a.applicantName}</Descriptions.Item>
        <Descriptions.Item label={t('application.call')}>{a.callTitle}</Descriptions.Item>
        <Descriptions.Item label={t('application.status')}>
          <Tag color={waiting ? 'red' : 'blue'} data-testid="application-status">
            {bi(a.statusLabel)}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('institution.submittedAt')}>
          {formatTime(a.submittedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('institution.piPledge')}>
          {a.pledges.pi ? formatTime(a.pledges.pi.signedAt) : t('institution.notSigned')}
        </Descriptions.Item>
      </Descriptions>
      {waiting && (
        <Card
          title={
            <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
              {t('institution.decision')}
            </Typography.Title>
          }
          style={{ marginBottom: 16 }}
        >
          <Form form={form} layout="vertical" onFinish={send} initialValues={{ decision: 'endorse' }}>
            {errors.length > 0 && (
              <Alert type="error" showIcon title={errors.join('；')} style={{ marginBottom: 12 }} />
            )}
            <Form.Item name="decision" label={t('institution.decision')}>
              <Radio.Group
                options={[
                  { value: 'endorse', label: t('institution.endorse') },
                  { value: 'return', label: t('institution.return') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="comments"
              label={t('institution.comments')}
              rules={[{ required: decision === 'return', message: t('institution.commentsRequired') }]}
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Typography.Paragraph type="secondary">{t('institution.endorseSigns')}</Typography.Paragraph>
            <Button type="primary" htmlType="submit" loading={decide.isPending}>
              {t(decision === 'return' ? 'institution.confirmReturn' : 'institution.confirmEndorse')}
            </Button>
          </Form>
        </Card>
      )}
      <PledgeCard id={a.id} signedAt={a.pledges.institution?.signedAt ?? null} canSign={waiting} />
      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {t('institution.content')}
          </Typography.Title>
        }
        style={{ marginBottom: 16 }}
      >
        <ApplicationContentView content={a.content as ContentLike} showPeople />
      </Card>
      <Card
        title={
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {t('institution.history')}
          </Typography.Title>
        }
      >
        <Timeline
          items={a.history.map((h) => ({
            content: `${h.atLocal} · ${h.event}${h.reason ? ` · ${h.reason}` : ''}`,
          }))}
        />
      </Card>
    </>
  );
}
