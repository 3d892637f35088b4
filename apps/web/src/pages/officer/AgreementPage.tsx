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
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  useAgreement,
  useAgreementActions,
  type AgreementDetail,
  type Installment,
} from '../../api/hooks/officer-execution';
import { useAuth } from '../../auth/AuthContext';
import { StatusTag, type Tone } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { applyApiErrors, errorText } from '../../lib/form-errors';
import { fenToYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { AGREEMENT_TONES } from './execution-tones';

const INSTALLMENT_TONES: Record<Installment['status'], Tone> = {
  planned: 'info',
  approved: 'todo',
  paid: 'ok',
};

/** The parts of the terms (the agreement's `content`) this page shows. */
interface Terms {
  title?: string;
  objectives?: string;
  indicators?: Array<{ name: string; unit: string; target: number; assessment?: string }>;
  milestones?: Array<{ title: string; start: string; end: string; deliverable: string }>;
  /** 揭榜挂帅: the winner's 军令状 with the bureau's terms. */
  performancePledge?: {
    goals?: string;
    milestones?: Array<{ title: string; due: string; indicator: string }>;
    consequences?: string;
    bureauTerms?: { zh: string; en: string };
  } | null;
}

interface CheckForm {
  outcome: 'passed' | 'failed';
  opinion: string;
}

/** 里程碑考核: the checks so far, and the form for the next one while funding runs. */
function MilestoneChecks({
  a,
  milestones,
  staff,
}: {
  a: AgreementDetail;
  milestones: number;
  staff: boolean;
}) {
  const { t, bi, lang } = useI18n();
  const { message } = App.useApp();
  const actions = useAgreementActions(a.id);
  const [form] = Form.useForm<CheckForm>();
  const [errors, setErrors] = useState<string[]>([]);
  const next = a.milestoneChecks.length + 1;
  const open =
    staff &&
    a.status === 'signed' &&
    next <= milestones &&
    a.milestoneChecks.every((c) => c.outcome === 'passed');
  return (
    <Card title={t('officer.agreement.checks')}>
      <Table
        size="small"
        rowKey="milestone"
        pagination={false}
        dataSource={a.milestoneChecks}
        locale={{ emptyText: <Typography.Text type="secondary">{t('common.none')}</Typography.Text> }}
        columns={[
          {
            title: t('officer.agreement.milestone'),
            render: (_, c) => t('officer.agreement.checkN', { n: c.milestone }),
          },
          {
            title: t('officer.agreement.outcome'),
            render: (_, c) => (
              <StatusTag tone={c.outcome === 'passed' ? 'ok' : 'bad'}>{bi(c.outcomeLabel)}</StatusTag>
            ),
          },
          { title: t('officer.agreement.opinion'), dataIndex: 'opinion' },
          { title: t('officer.agreement.checkedAt'), dataIndex: 'checkedAtLocal' },
        ]}
      />
      {open && (
        <Form
          form={form}
          layout="vertical"
          style={{ marginTop: 16 }}
          initialValues={{ outcome: 'passed' }}
          onFinish={async (v) => {
            setErrors([]);
            try {
              await actions.checkMilestone.mutateAsync({ n: next, ...v });
              form.resetFields();
              message.success(t('officer.exec.done'));
            } catch (err) {
              setErrors(applyApiErrors(form, err, lang));
            }
          }}
        >
          <Form.Item name="outcome" label={t('officer.agreement.outcome')}>
            <Radio.Group
              options={[
                { value: 'passed', label: t('officer.agreement.passed') },
                { value: 'failed', label: t('officer.agreement.failed') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="opinion"
            label={t('officer.agreement.opinion')}
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Input.TextArea rows={2} maxLength={5000} />
          </Form.Item>
          {errors.map((e) => (
            <Alert key={e} type="error" showIcon title={e} style={{ marginBottom: 8 }} />
          ))}
          <Button type="primary" htmlType="submit" loading={actions.checkMilestone.isPending}>
            {t('officer.agreement.recordCheck', { n: next })}
          </Button>
        </Form>
      )}
    </Card>
  );
}

/**
 * One agreement (任务书) as the bureau handles it: the terms, the 军令状 of a challenge, who has
 * signed (and the bureau's signature), the milestone checks, and the installments with their
 * approval and payment (a different staff member pays: the API says so when it refuses).
 */
export function AgreementPage() {
  const { id = '' } = useParams();
  const { t, bi, lang } = useI18n();
  const { message } = App.useApp();
  const { user } = useAuth();
  const agreement = useAgreement(id);
  const actions = useAgreementActions(id);
  const [actionError, setActionError] = useState<string | null>(null);

  if (agreement.isLoading) return <Spin />;
  if (agreement.error || !agreement.data)
    return <Alert type="error" showIcon title={errorText(agreement.error, lang)} />;
  const a = agreement.data;
  const terms = a.content as Terms;
  const pledge = terms.performancePledge ?? null;
  const staff = Boolean(user?.roles.some((r) => r === 'officer' || r === 'admin'));
  const paidFen = a.installments.filter((i) => i.status === 'paid').reduce((s, i) => s + i.amountFen, 0);
  const bureauSigned = a.signatures.some((s) => s.party === 'bureau');

  const run = async (fn: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await fn();
      message.success(t('officer.exec.done'));
    } catch (err) {
      setActionError(errorText(err, lang));
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1}>
        {t('officer.agreement.title', { title: terms.title ?? '' })}
      </Typography.Title>
      {actionError && <Alert type="error" showIcon title={actionError} />}
      <Card>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            {
              key: 'status',
              label: t('officer.agreements.status'),
              children: (
                <StatusTag tone={AGREEMENT_TONES[a.status]}>
                  <span data-testid="agreement-status">{bi(a.statusLabel)}</span>
                </StatusTag>
              ),
            },
            { key: 'amount', label: t('officer.agreements.amount'), children: fenToYuan(a.amountFen) },
            {
              key: 'paid',
              label: t('officer.agreements.paid'),
              children: <span data-testid="agreement-paid">{fenToYuan(paidFen)}</span>,
            },
            { key: 'signBy', label: t('officer.agreements.signBy'), children: a.signByLocal },
            { key: 'signedAt', label: t('officer.agreement.signedAt'), children: formatTime(a.signedAt) },
            { key: 'version', label: t('officer.agreement.version'), children: a.version },
            {
              key: 'project',
              label: t('officer.agreement.project'),
              children: a.projectId ? (
                <Link to={`/work/officer/projects/${a.projectId}`}>{t('officer.agreement.openProject')}</Link>
              ) : (
                '—'
              ),
            },
          ]}
        />
      </Card>

      <Card title={t('officer.agreement.terms')}>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {t('officer.agreement.objectives')}
        </Typography.Title>
        <Typography.Paragraph>{terms.objectives || '—'}</Typography.Paragraph>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {t('officer.agreement.indicators')}
        </Typography.Title>
        <Table
          size="small"
          rowKey="name"
          pagination={false}
          dataSource={terms.indicators ?? []}
          columns={[
            { title: t('officer.agreement.indicator'), dataIndex: 'name' },
            { title: t('officer.agreement.target'), render: (_, i) => `${i.target} ${i.unit}` },
            { title: t('officer.agreement.assessment'), render: (_, i) => i.assessment ?? '—' },
          ]}
        />
        <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
          {t('officer.agreement.milestones')}
        </Typography.Title>
        <Table
          size="small"
          rowKey="title"
          pagination={false}
          dataSource={terms.milestones ?? []}
          columns={[
            { title: t('officer.agreement.milestone'), dataIndex: 'title' },
            { title: t('officer.agreement.period'), render: (_, m) => `${m.start} – ${m.end}` },
            { title: t('officer.agreement.deliverable'), dataIndex: 'deliverable' },
          ]}
        />
      </Card>

      {pledge && (
        <Card title={t('officer.agreement.pledge')} data-testid="pledge">
          <Descriptions
            column={1}
            items={[
              { key: 'goals', label: t('officer.agreement.pledgeGoals'), children: pledge.goals ?? '—' },
              {
                key: 'consequences',
                label: t('officer.agreement.pledgeConsequences'),
                children: pledge.consequences ?? '—',
              },
              {
                key: 'bureau',
                label: t('officer.agreement.bureauTerms'),
                children: bi(pledge.bureauTerms) || '—',
              },
            ]}
          />
          <Table
            size="small"
            rowKey="title"
            pagination={false}
            dataSource={pledge.milestones ?? []}
            columns={[
              { title: t('officer.agreement.pledgeMilestones'), dataIndex: 'title' },
              { title: t('officer.agreement.pledgeDue'), dataIndex: 'due' },
              { title: t('officer.agreement.indicator'), dataIndex: 'indicator' },
            ]}
          />
        </Card>
      )}

      <Card title={t('officer.agreement.signatures')}>
        <Table
          size="small"
          rowKey="party"
          pagination={false}
          dataSource={a.signatures}
          locale={{
            emptyText: (
              <Typography.Text type="secondary">{t('officer.agreement.noSignature')}</Typography.Text>
            ),
          }}
          columns={[
            { title: t('officer.agreement.party'), render: (_, s) => bi(s.partyLabel) },
            { title: t('officer.agreement.signer'), dataIndex: 'signedByName' },
            { title: t('officer.agreement.signedAt'), dataIndex: 'signedAtLocal' },
            ...(pledge
              ? [
                  {
                    title: t('officer.agreement.pledgeAccepted'),
                    render: (_: unknown, s: AgreementDetail['signatures'][number]) =>
                      s.party === 'pi'
                        ? t(s.performancePledgeAccepted ? 'officer.exec.yes' : 'officer.exec.no')
                        : '—',
                  },
                ]
              : []),
          ]}
        />
        {staff && a.status === 'draft' && !bureauSigned && (
          <Button
            type="primary"
            style={{ marginTop: 12 }}
            loading={actions.sign.isPending}
            onClick={() => run(() => actions.sign.mutateAsync(undefined))}
          >
            {t('officer.agreement.sign')}
          </Button>
        )}
      </Card>

      {a.status === 'signed' && (
        <MilestoneChecks
          a={a}
          staff={staff}
          milestones={(pledge?.milestones ?? terms.milestones ?? []).length}
        />
      )}

      <Card title={t('officer.agreement.installments')}>
        <Table<Installment>
          data-testid="installments"
          size="small"
          rowKey="seq"
          pagination={false}
          dataSource={a.installments}
          locale={{ emptyText: <Typography.Text type="secondary">{t('common.none')}</Typography.Text> }}
          columns={[
            { title: t('officer.installment.seq'), dataIndex: 'seq' },
            { title: t('officer.installment.share'), render: (_, i) => `${i.sharePercent}%` },
            { title: t('officer.installment.amount'), render: (_, i) => fenToYuan(i.amountFen) },
            { title: t('officer.installment.releasedBy'), render: (_, i) => bi(i.releasedByLabel) },
            {
              title: t('officer.installment.dueBy'),
              render: (_, i) => (
                <>
                  {i.dueByLocal ?? '—'}{' '}
                  {i.overdue && <StatusTag tone="bad">{t('officer.installment.overdue')}</StatusTag>}
                </>
              ),
            },
            {
              title: t('officer.installment.status'),
              render: (_, i) => (
                <StatusTag tone={INSTALLMENT_TONES[i.status]}>
                  {t(`officer.installment.status.${i.status}`)}
                </StatusTag>
              ),
            },
            { title: t('officer.installment.approvedAt'), render: (_, i) => formatTime(i.approvedAt) },
            { title: t('officer.installment.paidAt'), render: (_, i) => formatTime(i.paidAt) },
            {
              title: t('officer.exec.action'),
              render: (_, i) =>
                !staff ? null : i.status === 'planned' ? (
                  <Button
                    size="small"
                    type="primary"
                    loading={actions.approve.isPending}
                    onClick={() => run(() => actions.approve.mutateAsync(i.seq))}
                  >
                    {t('officer.installment.approve', { n: i.seq })}
                  </Button>
                ) : i.status === 'approved' ? (
                  <Button
                    size="small"
                    loading={actions.pay.isPending}
                    onClick={() => run(() => actions.pay.mutateAsync(i.seq))}
                  >
                    {t('officer.installment.pay', { n: i.seq })}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
    </Space>
  );
}
