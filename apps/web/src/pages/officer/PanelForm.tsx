import {
  Alert,
  Button,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useRecordPanel } from '../../api/hooks/officer';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { applyApiErrors } from '../../lib/form-errors';
import {
  EMPTY_PANEL,
  toPanelBody,
  type PanelFormValues,
  type PanelOutcomeView,
  type Vote,
} from './panel-form';

const VOTES: Vote[] = ['fund', 'not_fund', 'abstain'];

/** A recorded panel: how it decided, its score or tally, and whether it recommends funding. */
export function PanelOutcomeCell({ panel }: { panel: PanelOutcomeView }) {
  const { t, bi } = useI18n();
  const detail =
    panel.mode === 'consensus'
      ? t('officer.panel.agreedScore', { score: panel.score?.toFixed(2) ?? '—' })
      : t('officer.panel.tally', {
          fund: panel.tally?.fund ?? 0,
          notFund: panel.tally?.notFund ?? 0,
          abstain: panel.tally?.abstain ?? 0,
        });
  return (
    <Space orientation="vertical" size={0} data-testid="panel-outcome">
      <span>
        {t(`officer.panel.mode.${panel.mode}`)}：{detail}
      </span>
      {panel.recommended !== null && (
        <StatusTag tone={panel.recommended ? 'ok' : 'bad'}>
          {t(panel.recommended ? 'officer.panel.recommended' : 'officer.panel.notRecommended')}
        </StatusTag>
      )}
      <Typography.Text type="secondary">{bi(panel.explanation)}</Typography.Text>
    </Space>
  );
}

/**
 * 会评 / 答辩: the officer records the panel held on an application the experts disagreed on —
 * who sat on it, when, an agreed score or each member's vote, and the minutes. The API's
 * refusals land on their fields; the values typed stay.
 */
export function PanelForm(props: { roundId: string; applicationId: string; title: string }) {
  const { roundId, applicationId, title } = props;
  const { t, lang } = useI18n();
  const record = useRecordPanel(roundId);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<PanelFormValues>();
  const mode = Form.useWatch('mode', form);
  const [errors, setErrors] = useState<string[]>([]);

  const save = async (v: PanelFormValues) => {
    setErrors([]);
    try {
      await record.mutateAsync({ applicationId, body: toPanelBody(v) });
      setOpen(false);
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    }
  };

  return (
    <>
      <Button size="small" onClick={() => setOpen(true)}>
        {t('officer.panel.record')}
      </Button>
      <Modal
        open={open}
        title={t('officer.panel.title', { title })}
        onCancel={() => setOpen(false)}
        footer={null}
        width={720}
        // The values typed survive closing and opening again, until they are recorded.
        forceRender
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={EMPTY_PANEL}
          onFinish={save}
          aria-label={t('officer.panel.title', { title })}
        >
          <Form.Item name="mode" label={t('officer.panel.mode')}>
            <Radio.Group
              options={(['consensus', 'vote'] as const).map((m) => ({
                value: m,
                label: t(`officer.panel.mode.${m}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="heldAt" label={t('officer.panel.heldAt')}>
            <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: 220 }} />
          </Form.Item>
          <Form.List name="members">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Typography.Text strong>{t('officer.panel.members')}</Typography.Text>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" wrap>
                    <Form.Item
                      name={[f.name, 'name']}
                      label={t('officer.panel.memberName', { n: i + 1 })}
                      style={{ marginBottom: 8 }}
                    >
                      <Input style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'role']}
                      label={t('officer.panel.memberRole', { n: i + 1 })}
                      style={{ marginBottom: 8 }}
                    >
                      <Input style={{ width: 160 }} />
                    </Form.Item>
                    {mode === 'vote' && (
                      <Form.Item
                        name={[f.name, 'vote']}
                        label={t('officer.panel.memberVote', { n: i + 1 })}
                        style={{ marginBottom: 8 }}
                      >
                        <Select
                          style={{ width: 130 }}
                          options={VOTES.map((v) => ({ value: v, label: t(`officer.panel.vote.${v}`) }))}
                        />
                      </Form.Item>
                    )}
                    {fields.length > 3 && (
                      <Button type="link" onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                        {t('officer.panel.removeMember', { n: i + 1 })}
                      </Button>
                    )}
                  </Space>
                ))}
                <Button onClick={() => add({})}>{t('officer.panel.addMember')}</Button>
              </Space>
            )}
          </Form.List>
          {mode !== 'vote' && (
            <Form.Item
              name="consensusScore"
              label={t('officer.panel.consensusScore')}
              style={{ marginTop: 16 }}
            >
              <InputNumber min={0} max={100} precision={2} style={{ width: 160 }} />
            </Form.Item>
          )}
          <Form.Item name="minutes" label={t('officer.panel.minutes')} style={{ marginTop: 16 }}>
            <Input.TextArea rows={4} />
          </Form.Item>
          {errors.map((e) => (
            <Alert key={e} type="error" showIcon title={e} style={{ marginBottom: 8 }} />
          ))}
          <Button type="primary" htmlType="submit" loading={record.isPending}>
            {t('officer.panel.save')}
          </Button>
        </Form>
      </Modal>
    </>
  );
}
