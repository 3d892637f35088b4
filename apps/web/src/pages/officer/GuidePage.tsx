import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Radio,
  Space,
  Spin,
  Timeline,
  Typography,
} from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  useGuide,
  useGuideCommands,
  usePublishedVersions,
  useTopics,
  type Guide,
  type GuideCorrection as Correction,
  type GuideDecision as Decision,
} from '../../api/hooks/intake';
import { useAuth } from '../../auth/AuthContext';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { applyApiErrors, errorText } from '../../lib/form-errors';
import { fenToYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';

/** The approval decision of the chain's current step (approve: the last step publishes; return with comments). */
function ApprovalForm({ guide, onDone }: { guide: Guide; onDone: (g: Guide) => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Decision>();
  const { decide: approval } = useGuideCommands();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const decide = async (v: Decision) => {
    setBusy(true);
    setErrors([]);
    try {
      onDone(
        await approval.mutateAsync({
          id: guide.id,
          body: { decision: v.decision, ...(v.comments ? { comments: v.comments } : {}) },
        }),
      );
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" initialValues={{ decision: 'approve' }} onFinish={decide}>
      <Form.Item name="decision" label={t('intake.guide.decision')}>
        <Radio.Group
          options={[
            { value: 'approve', label: t('intake.guide.approve') },
            { value: 'return', label: t('intake.guide.returnIt') },
          ]}
        />
      </Form.Item>
      <Form.Item name="comments" label={t('intake.guide.comments')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      {errors.map((e) => (
        <Alert key={e} type="error" showIcon title={e} style={{ marginBottom: 8 }} />
      ))}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('intake.guide.decide')}
      </Button>
    </Form>
  );
}

/** A correction of the published text: a new version with its change note (dates, budget and topics stay). */
function CorrectionForm({ guide, onDone }: { guide: Guide; onDone: (g: Guide) => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<Correction>();
  const { correct: correction } = useGuideCommands();
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);
  const correct = async (v: Correction) => {
    setBusy(true);
    setErrors([]);
    try {
      // Only the texts that changed; the API refuses a correction that changes none.
      const body: Correction = { changeNote: v.changeNote ?? '' };
      if (v.title !== guide.draft.title) body.title = v.title;
      if ((v.intro ?? '') !== guide.draft.intro) body.intro = v.intro ?? '';
      if ((v.eligibilityNotes ?? '') !== guide.draft.eligibilityNotes)
        body.eligibilityNotes = v.eligibilityNotes ?? '';
      onDone(await correction.mutateAsync({ id: guide.id, body }));
      form.resetFields(['changeNote']);
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
      onFinish={correct}
      initialValues={{
        title: guide.draft.title,
        intro: guide.draft.intro,
        eligibilityNotes: guide.draft.eligibilityNotes,
      }}
    >
      <Form.Item name="title" label={t('intake.guide.title')}>
        <Input />
      </Form.Item>
      <Form.Item name="intro" label={t('intake.guide.intro')}>
        <Input.TextArea rows={4} />
      </Form.Item>
      <Form.Item name="eligibilityNotes" label={t('guide.eligibility')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="changeNote" label={t('intake.guide.changeNote')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      {errors.map((e) => (
        <Alert key={e} type="error" showIcon title={e} style={{ marginBottom: 8 }} />
      ))}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('intake.guide.publishCorrection')}
      </Button>
    </Form>
  );
}

/**
 * A guide as the staff work on it: the draft, the approval chain and its progress (the drafter never
 * approves: four eyes; each step belongs to its role), its history and its published versions.
 */
export function GuidePage() {
  const { id = '' } = useParams();
  const { t, bi, lang } = useI18n();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const guide = useGuide(id);
  const commands = useGuideCommands();
  const g = guide.data;
  const published = Boolean(g?.publishedVersion);
  const versions = usePublishedVersions(id, published);
  const topics = useTopics(g?.draft.topicIds ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (guide.isLoading) return <Spin />;
  if (guide.error || !g) return <Alert type="error" showIcon title={errorText(guide.error, lang)} />;

  const updated = (next: Guide) => queryClient.setQueryData(['guide', id], next);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      updated(await commands.submit.mutateAsync(id));
    } catch (err) {
      setError(errorText(err, lang));
    } finally {
      setBusy(false);
    }
  };

  const editable = g.status === 'draft' || g.status === 'returned';
  const step = g.status === 'in_review' ? g.approvalChain[g.approvedSteps] : undefined;
  const stepLabel = step ? t(`role.${step}` as never) : '';
  const mine = g.createdBy === user?.id;
  const canDecide = Boolean(step) && !mine && Boolean(user?.roles.some((r) => r === step));

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {g.draft.title}{' '}
        <StatusTag tone={g.status === 'published' ? 'ok' : g.status === 'in_review' ? 'todo' : 'info'}>
          <span data-testid="guide-status">{bi(g.statusLabel)}</span>
        </StatusTag>
      </Typography.Title>
      <Card>
        <Descriptions
          size="small"
          bordered
          column={{ xs: 1, md: 2 }}
          items={[
            {
              key: 'template',
              label: t('intake.guides.template'),
              children: `${g.template.code} v${g.template.version}（${t(`mode.${g.template.mode}`)}）`,
            },
            {
              key: 'chain',
              label: t('intake.guides.approval'),
              children: (
                <span data-testid="guide-chain">
                  {g.approvalChain.map((r) => t(`role.${r}` as never)).join(' → ')}（
                  {t('intake.guides.steps', { done: g.approvedSteps, total: g.approvalChain.length })}）
                </span>
              ),
            },
            {
              key: 'window',
              label: t('guide.window'),
              children: `${formatTime(g.draft.windowStart)} – ${formatTime(g.draft.windowEnd)}`,
            },
            {
              key: 'budget',
              label: t('guide.budgetCap'),
              children: `${fenToYuan(g.draft.budgetCapFen)}（${t('guide.totalBudget')} ${fenToYuan(g.draft.totalBudgetFen)}）`,
            },
            {
              key: 'draftVersion',
              label: t('intake.guide.draftVersion'),
              children: <span data-testid="draft-version">{g.draftVersion}</span>,
            },
            {
              key: 'published',
              label: t('intake.guides.published'),
              children: g.publishedVersion ? `v${g.publishedVersion}` : '—',
            },
            ...(g.callId
              ? [
                  {
                    key: 'call',
                    label: t('intake.guide.call'),
                    children: (
                      <Link to={`/work/calls/${g.callId}/formal-check`}>{t('officer.call.open')}</Link>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
          {t('guide.topics')}
        </Typography.Title>
        <ul data-testid="guide-topics">
          {g.draft.topicIds.map((tid, k) => {
            const tp = topics[k]?.data;
            return <li key={tid}>{tp ? `${t(`topicKind.${tp.kind}`)}：${tp.title}` : tid}</li>;
          })}
        </ul>
        {g.draft.intro && (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{g.draft.intro}</Typography.Paragraph>
        )}
        {g.draft.eligibilityNotes && (
          <Alert type="info" title={t('guide.eligibility')} description={g.draft.eligibilityNotes} />
        )}
      </Card>

      {editable && (
        <Card title={t('intake.guide.drafting')}>
          <Space>
            <Link to={`/work/guides/${g.id}/edit`}>
              <Button>{t('intake.guide.edit')}</Button>
            </Link>
            <Button type="primary" loading={busy} onClick={submit}>
              {t('intake.guide.submit')}
            </Button>
          </Space>
          {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
        </Card>
      )}

      {g.status === 'in_review' && (
        <Card title={t('intake.guide.approvalTitle', { role: stepLabel })}>
          {canDecide ? (
            <ApprovalForm guide={g} onDone={updated} />
          ) : (
            <Alert
              type="info"
              showIcon
              title={
                mine ? t('intake.guide.notTheDrafter') : t('intake.guide.waitingFor', { role: stepLabel })
              }
            />
          )}
        </Card>
      )}

      {published && (
        <Card title={t('guide.versions')}>
          <div data-testid="guide-versions">
            <Timeline
              items={[...(versions.data?.versions ?? [])].reverse().map((v) => ({
                key: v.version,
                content: (
                  <>
                    <Typography.Text strong>v{v.version}</Typography.Text> · {v.publishedAtLocal} ·{' '}
                    {v.content.title}
                    {v.changeNote && (
                      <Typography.Paragraph type="secondary">{v.changeNote}</Typography.Paragraph>
                    )}
                  </>
                ),
              }))}
            />
          </div>
          <Link to={`/public/guides/${g.id}`}>{t('intake.guide.openPublic')}</Link>
        </Card>
      )}

      {g.status === 'published' && (
        <Card title={t('intake.guide.correction')}>
          <CorrectionForm guide={g} onDone={updated} />
        </Card>
      )}

      <Card title={t('intake.history')}>
        <Timeline
          items={g.history.map((h, k) => ({
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
