import { Card, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../auth/AuthContext';
import {
  outcomesList,
  useOutcomeActions,
  type OutcomeFilter,
  type OutcomeView,
} from '../../api/hooks/outcomes';
import { useReference } from '../../api/hooks/reference';
import { CursorTable } from '../../components/CursorTable';
import { ChoiceAndText, StepForm } from '../../components/StepForm';
import { useI18n } from '../../i18n';
import { formatTime } from '../../lib/time';
import { OutcomeDetails, OutcomeStatusTag } from '../outcomes/ProjectOutcomes';

const STATUSES: NonNullable<OutcomeFilter['status']>[] = ['submitted', 'returned', 'verified', 'rejected'];

/**
 * 成果核实: the outcomes awaiting the bureau's verification first, across projects; each opens with
 * what was registered and its evidence, and staff verify, return with comments, or reject with
 * reasons. Only verified outcomes count toward the plan's indicators. Auditors read the same list.
 */
export function OutcomesPage() {
  const { t, tCode, lang } = useI18n();
  const { user } = useAuth();
  const staff = Boolean(user?.roles.some((r) => r === 'officer' || r === 'admin'));
  const reference = useReference().data;
  const [filter, setFilter] = useState<OutcomeFilter>({ status: 'submitted' });
  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{t('menu.officer.outcomes')}</h1>}
      extra={
        <Space wrap>
          <Select
            allowClear
            aria-label={t('application.status')}
            placeholder={t('application.status')}
            style={{ width: 160 }}
            value={filter.status}
            options={STATUSES.map((s) => ({ value: s, label: tCode('exec.outcomeStatus', s) }))}
            onChange={(status) => setFilter(({ status: _, ...f }) => (status ? { ...f, status } : f))}
          />
          <Select
            allowClear
            aria-label={t('exec.outcomes.type')}
            placeholder={t('exec.outcomes.type')}
            style={{ width: 200 }}
            value={filter.type}
            options={(reference?.outcomeTypes ?? []).map((o) => ({ value: o.code, label: o[lang] }))}
            onChange={(type) => setFilter(({ type: _, ...f }) => (type ? { ...f, type } : f))}
          />
        </Space>
      }
    >
      <OutcomesTable filter={filter} acts={staff} />
    </Card>
  );
}

/**
 * Outcomes as the bureau reads them, newest first: each opens with what was registered and its
 * evidence, and (`acts`: staff) the verification of one awaiting it. The queue and a project's page.
 */
export function OutcomesTable({ filter, acts }: { filter: OutcomeFilter; acts: boolean }) {
  const { t, bi } = useI18n();
  return (
    <CursorTable<OutcomeView>
      key={JSON.stringify(filter)}
      queryKey={['outcomes', 'list', filter]}
      fetchPage={outcomesList(filter)}
      rowKey="id"
      size="small"
      locale={{ emptyText: <Typography.Text>{t('outcome.noneToVerify')}</Typography.Text> }}
      expandable={{
        expandedRowRender: (o) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <OutcomeDetails outcome={o} />
            {acts && o.status === 'submitted' && <Verification outcome={o} />}
          </Space>
        ),
      }}
      columns={[
        {
          title: t('outcome.project'),
          render: (_, o) => <Link to={`/work/officer/projects/${o.projectId}`}>{o.projectTitle}</Link>,
        },
        { title: t('exec.outcomes.type'), render: (_, o) => bi(o.typeLabel) },
        { title: t('exec.outcomes.title'), dataIndex: 'title' },
        { title: t('exec.outcomes.occurredOn'), dataIndex: 'occurredOn' },
        { title: t('outcome.submitted'), render: (_, o) => formatTime(o.submittedAt) },
        { title: t('application.status'), render: (_, o) => <OutcomeStatusTag status={o.status} /> },
      ]}
    />
  );
}

/** 核实: verify, or return (to be corrected) or reject, each of the latter two with its reasons. */
function Verification({ outcome }: { outcome: OutcomeView }) {
  const { t } = useI18n();
  const { verify } = useOutcomeActions();
  return (
    <StepForm<{ decision: 'verify' | 'return' | 'reject'; comment?: string }>
      title={t('outcome.verifyTitle')}
      submit={t('outcome.decide')}
      heading={3}
      testId={`verify-${outcome.id}`}
      initialValues={{ decision: 'verify' }}
      confirm={(v) => (v.decision === 'reject' ? t('outcome.confirmReject') : null)}
      onSend={(v) =>
        verify.mutateAsync({ id: outcome.id, decision: v.decision, comment: v.comment?.trim() || null })
      }
    >
      <ChoiceAndText
        options={(['verify', 'return', 'reject'] as const).map((d) => ({
          value: d,
          label: t(`outcome.decision.${d}`),
        }))}
        textLabel={t('outcome.comment')}
      />
    </StepForm>
  );
}
