import { Alert, App, Button, Card, Checkbox, Descriptions, Form, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Role } from '../../auth/AuthContext';
import { useAuth } from '../../auth/AuthContext';
import {
  agreementPdf,
  useAgreement,
  useAgreementActions,
  type AgreementView,
} from '../../api/hooks/execution';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { BUDGET_CATEGORIES } from '../../lib/budget';
import { applyApiErrors, errorText } from '../../lib/form-errors';
import { fenToYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { installmentRows, plannedFen, terms, type InstallmentRow } from './execution-forms';

type Party = AgreementView['signatures'][number]['party'];

/**
 * Which signature the page offers the user: the API decides the party from the account (and
 * refuses anyone else); the page only hides the button from a party that has signed.
 */
const PARTY_OF_ROLE: Partial<Record<Role, Party>> = {
  applicant: 'pi',
  institution_admin: 'institution',
  officer: 'bureau',
  admin: 'bureau',
};
const STAFF: Role[] = ['officer', 'admin'];

/**
 * 任务书签订: the agreement's terms (objectives, indicators, milestones, budget), the installments
 * in yuan, the 军令状 of a challenge, the signatures so far and the user's own signature; once
 * signed, the printable agreement and the project it started. The inbox's agreement items open it.
 */
export function AgreementPage() {
  const { id = '' } = useParams();
  const { t, tCode, bi, lang } = useI18n();
  const { user } = useAuth();
  const { message } = App.useApp();
  const agreement = useAgreement(id);
  const actions = useAgreementActions(id);
  const [form] = Form.useForm<{ performancePledge?: boolean }>();
  const [errors, setErrors] = useState<string[]>([]);
  const [actionError, setActionError] = useState<string | null>(null);

  if (agreement.isLoading) return <Spin />;
  if (agreement.error || !agreement.data)
    return <Alert type="error" showIcon title={errorText(agreement.error, lang)} />;
  const a = agreement.data;
  const c = terms(a.content);
  const pledge = c.performancePledge ?? null;
  const signed = new Set(a.signatures.map((s) => s.party));
  const myParties = new Set((user?.roles ?? []).map((r) => PARTY_OF_ROLE[r]).filter(Boolean));
  const toSign = a.status === 'draft' && [...myParties].some((p) => p && !signed.has(p));
  const isStaff = (user?.roles ?? []).some((r) => STAFF.includes(r));
  const isPi = myParties.has('pi');

  const sign = async (v: { performancePledge?: boolean }) => {
    setErrors([]);
    try {
      // The 军令状 goes with the PI's signature; the API asks for it (and says so on the field).
      await actions.sign.mutateAsync(pledge && isPi ? Boolean(v.performancePledge) : undefined);
      message.success(t('exec.agreement.signedOk'));
    } catch (err) {
      setErrors(applyApiErrors(form, err, lang));
    }
  };
  const step = async (fn: () => Promise<unknown>) => {
    setActionError(null);
    try {
      await fn();
      message.success(t('host.confirmed'));
    } catch (err) {
      setActionError(errorText(err, lang));
    }
  };
  const openPdf = async () => {
    setActionError(null);
    try {
      const url = URL.createObjectURL(await agreementPdf(id));
      window.open(url, '_blank', 'noopener');
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setActionError(errorText(err, lang));
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('exec.agreement.title', { title: c.title ?? '' })}
        </Typography.Title>
        <Space wrap>
          <StatusTag tone={a.status === 'signed' ? 'ok' : a.status === 'draft' ? 'todo' : 'bad'}>
            <span data-testid="agreement-status">{bi(a.statusLabel)}</span>
          </StatusTag>
          {a.projectId && <Link to={`/work/projects/${a.projectId}`}>{t('exec.agreement.openProject')}</Link>}
          {a.status === 'signed' && <Button onClick={openPdf}>{t('exec.agreement.pdf')}</Button>}
        </Space>
      </div>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('exec.agreement.amount')}>
          <span data-testid="agreement-amount">{fenToYuan(a.amountFen)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('exec.agreement.signBy')}>{a.signByLocal}</Descriptions.Item>
        <Descriptions.Item label={t('exec.agreement.version')}>{a.version}</Descriptions.Item>
        <Descriptions.Item label={t('exec.agreement.signedAt')}>{formatTime(a.signedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('exec.agreement.objectives')} span={2}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {c.objectives || '—'}
          </Typography.Paragraph>
        </Descriptions.Item>
      </Descriptions>

      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('exec.agreement.indicators')}</h2>}>
        <Table
          size="small"
          pagination={false}
          rowKey={(_, i) => String(i)}
          dataSource={c.indicators ?? []}
          columns={[
            { title: t('exec.indicator.name'), dataIndex: 'name' },
            { title: t('exec.indicator.unit'), dataIndex: 'unit' },
            { title: t('exec.indicator.target'), dataIndex: 'target' },
            { title: t('exec.indicator.assessment'), dataIndex: 'assessment' },
          ]}
        />
      </Card>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('exec.agreement.milestones')}</h2>}>
        <Table
          size="small"
          pagination={false}
          rowKey={(_, i) => String(i)}
          dataSource={c.milestones ?? []}
          columns={[
            { title: t('exec.milestone.title'), dataIndex: 'title' },
            { title: t('exec.milestone.start'), dataIndex: 'start' },
            { title: t('exec.milestone.end'), dataIndex: 'end' },
            { title: t('exec.milestone.deliverable'), dataIndex: 'deliverable' },
          ]}
        />
      </Card>
      {c.budget && (
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('exec.agreement.budget')}</h2>}>
          <Descriptions size="small" column={{ xs: 1, md: 4 }}>
            {BUDGET_CATEGORIES.map((cat) => (
              <Descriptions.Item key={cat} label={t(`budget.${cat}`)}>
                {fenToYuan(plannedFen(c, cat))}
              </Descriptions.Item>
            ))}
            <Descriptions.Item label={t('exec.agreement.indirect')}>
              {fenToYuan(c.budget.indirectFen ?? 0)}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('exec.agreement.installments')}</h2>}>
        {actionError && <Alert type="error" showIcon title={actionError} style={{ marginBottom: 12 }} />}
        <Table<InstallmentRow>
          size="small"
          pagination={false}
          rowKey="seq"
          dataSource={installmentRows(a.installments, c)}
          data-testid="installments"
          columns={[
            { title: t('exec.installment.seq'), dataIndex: 'seq' },
            { title: t('exec.installment.share'), render: (_, i) => `${i.sharePercent}%` },
            { title: t('exec.installment.amount'), render: (_, i) => fenToYuan(i.amountFen) },
            {
              title: t('exec.installment.releasedBy'),
              render: (_, i) => (i.releasedByLabel ? bi(i.releasedByLabel) : tCode('release', i.releasedBy)),
            },
            {
              title: t('exec.installment.status'),
              render: (_, i) => (
                <Space size={4}>
                  <StatusTag tone={i.status === 'paid' ? 'ok' : 'info'}>
                    {t(`exec.installmentStatus.${i.status}`)}
                  </StatusTag>
                  {i.overdue && <StatusTag tone="bad">{t('exec.installment.overdue')}</StatusTag>}
                </Space>
              ),
            },
            { title: t('exec.installment.dueBy'), render: (_, i) => i.dueByLocal ?? '—' },
            ...(isStaff && a.status === 'signed'
              ? [
                  {
                    title: t('inbox.action'),
                    render: (_: unknown, i: InstallmentRow) =>
                      i.status === 'planned' ? (
                        <Button size="small" onClick={() => step(() => actions.approve.mutateAsync(i.seq))}>
                          {t('exec.installment.approve')}
                        </Button>
                      ) : i.status === 'approved' ? (
                        <Button size="small" onClick={() => step(() => actions.pay.mutateAsync(i.seq))}>
                          {t('exec.installment.pay')}
                        </Button>
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {a.milestoneChecks.length > 0 && (
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('exec.agreement.milestoneChecks')}</h2>}>
          <Table
            size="small"
            pagination={false}
            rowKey="milestone"
            dataSource={a.milestoneChecks}
            columns={[
              { title: t('exec.installment.seq'), dataIndex: 'milestone' },
              { title: t('exec.agreement.outcome'), render: (_, m) => bi(m.outcomeLabel) },
              { title: t('exec.agreement.opinion'), dataIndex: 'opinion' },
              { title: t('exec.agreement.checkedAt'), dataIndex: 'checkedAtLocal' },
            ]}
          />
        </Card>
      )}
      {pledge && (
        <Card
          title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('exec.pledge.title')}</h2>}
          data-testid="performance-pledge"
        >
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('exec.pledge.goals')}>{pledge.goals}</Descriptions.Item>
            <Descriptions.Item label={t('exec.pledge.consequences')}>{pledge.consequences}</Descriptions.Item>
            <Descriptions.Item label={t('exec.pledge.bureauTerms')}>
              {bi(pledge.bureauTerms)}
            </Descriptions.Item>
          </Descriptions>
          <Table
            style={{ marginTop: 12 }}
            size="small"
            pagination={false}
            rowKey={(_, i) => String(i)}
            dataSource={pledge.milestones ?? []}
            columns={[
              { title: t('exec.milestone.title'), dataIndex: 'title' },
              { title: t('exec.pledge.due'), dataIndex: 'due' },
              { title: t('exec.pledge.indicator'), dataIndex: 'indicator' },
            ]}
          />
        </Card>
      )}
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('exec.agreement.signatures')}</h2>}>
        <Table
          size="small"
          pagination={false}
          rowKey="party"
          dataSource={a.signatures}
          data-testid="signatures"
          // A text of its own: the table's placeholder colour is too faint to read (WCAG AA).
          locale={{ emptyText: <Typography.Text>{t('exec.agreement.noSignatures')}</Typography.Text> }}
          columns={[
            { title: t('exec.agreement.party'), render: (_, s) => bi(s.partyLabel) },
            { title: t('exec.agreement.signer'), dataIndex: 'signedByName' },
            { title: t('exec.agreement.signedAt'), dataIndex: 'signedAtLocal' },
            ...(pledge
              ? [
                  {
                    title: t('exec.pledge.title'),
                    render: (_: unknown, s: AgreementView['signatures'][number]) =>
                      s.party === 'pi' ? (s.performancePledgeAccepted ? '✓' : '—') : '',
                  },
                ]
              : []),
          ]}
        />
        {toSign && (
          <Form form={form} layout="vertical" onFinish={sign} style={{ marginTop: 16 }}>
            {errors.length > 0 && (
              <Alert type="error" showIcon title={errors.join('；')} style={{ marginBottom: 12 }} />
            )}
            <Typography.Paragraph>{t('exec.agreement.signNote', { at: a.signByLocal })}</Typography.Paragraph>
            {pledge && isPi && (
              <Form.Item name="performancePledge" valuePropName="checked">
                <Checkbox>{t('exec.pledge.accept')}</Checkbox>
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" loading={actions.sign.isPending}>
              {t('exec.agreement.sign')}
            </Button>
          </Form>
        )}
      </Card>
    </Space>
  );
}
