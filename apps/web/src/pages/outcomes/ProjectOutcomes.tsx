import { Button, Descriptions, Space, Typography } from 'antd';
import { useState } from 'react';
import { projectOutcomes, type OutcomeItem } from '../../api/hooks/execution';
import type { OutcomeView } from '../../api/hooks/outcomes';
import { useKeyFieldLabel } from '../../api/hooks/reference';
import { AttachmentLinks } from '../../components/AttachmentLinks';
import { CursorTable } from '../../components/CursorTable';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { fenToYuan } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { OutcomeForm, useDetailFields } from './OutcomeForm';
import type { DetailField } from './outcome-form';

/**
 * The outcomes registered on a project (论文、专利、标准…) with their verification state; the PI
 * and the host institution register more and correct a returned one here.
 */
export function ProjectOutcomes({ projectId, mayRegister }: { projectId: string; mayRegister: boolean }) {
  const { t, bi } = useI18n();
  const [editing, setEditing] = useState<OutcomeView | 'new' | null>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {mayRegister && editing === null && (
        <Button type="primary" onClick={() => setEditing('new')}>
          {t('outcome.registerTitle')}
        </Button>
      )}
      {editing !== null && (
        <>
          <OutcomeForm
            key={editing === 'new' ? 'new' : editing.id}
            projectId={projectId}
            outcome={editing === 'new' ? undefined : editing}
            onDone={() => setEditing(null)}
          />
          <Button onClick={() => setEditing(null)}>{t('common.cancel')}</Button>
        </>
      )}
      <CursorTable<OutcomeItem>
        queryKey={['execution', 'project', projectId, 'outcomes']}
        fetchPage={projectOutcomes(projectId)}
        rowKey="id"
        size="small"
        // A text of its own: the table's placeholder colour is too faint to read (WCAG AA).
        locale={{ emptyText: <Typography.Text>{t('exec.outcomes.none')}</Typography.Text> }}
        expandable={{ expandedRowRender: (o) => <OutcomeDetails outcome={o} /> }}
        columns={[
          { title: t('exec.outcomes.type'), render: (_, o) => bi(o.typeLabel) },
          { title: t('exec.outcomes.title'), dataIndex: 'title' },
          { title: t('exec.outcomes.occurredOn'), dataIndex: 'occurredOn' },
          { title: t('application.status'), render: (_, o) => <OutcomeStatusTag status={o.status} /> },
          {
            title: t('outcome.comment'),
            render: (_, o) => o.decision?.comment ?? '—',
          },
          ...(mayRegister
            ? [
                {
                  title: t('outcome.actions'),
                  render: (_: unknown, o: OutcomeItem) =>
                    o.status === 'returned' ? (
                      <Button size="small" onClick={() => setEditing(o)}>
                        {t('outcome.correct')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <Typography.Text type="secondary">{t('outcome.countsWhenVerified')}</Typography.Text>
    </Space>
  );
}

export function OutcomeStatusTag({ status }: { status: OutcomeView['status'] }) {
  const { tCode } = useI18n();
  const tone = status === 'verified' ? 'ok' : status === 'returned' || status === 'rejected' ? 'bad' : 'info';
  return <StatusTag tone={tone}>{tCode('exec.outcomeStatus', status)}</StatusTag>;
}

/** What was registered: the type's details, the evidence (files to download), where it counts, the decision. */
export function OutcomeDetails({ outcome: o }: { outcome: OutcomeView }) {
  const { t, tCode, bi, lang } = useI18n();
  const keyFieldLabel = useKeyFieldLabel();
  const fields = useDetailFields()(o.type);
  const detail = (f: DetailField, value: unknown) => {
    if (f.kind === 'yuan') return fenToYuan(value as number);
    if (f.kind === 'flag') return value ? t('outcome.yes') : t('outcome.no');
    const option = f.options?.find((x) => x.code === value);
    return option ? option[lang] : String(value ?? '—');
  };
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} data-testid={`outcome-details-${o.id}`}>
      {fields.map((f) => (
        <Descriptions.Item key={f.name} label={bi(f.label)}>
          {detail(f, o.details[f.name])}
        </Descriptions.Item>
      ))}
      <Descriptions.Item label={t('outcome.reference')}>{o.evidence.reference ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('outcome.files')}>
        {o.evidence.attachmentIds.length ? (
          <AttachmentLinks projectId={o.projectId} ids={o.evidence.attachmentIds} />
        ) : (
          '—'
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('guide.keyField')}>
        {o.keyField ? keyFieldLabel(o.keyField, lang) : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('demandForm.county')}>{o.county ?? '—'}</Descriptions.Item>
      {o.placementNote && (
        <Descriptions.Item label={t('outcome.placementNote')} span={2}>
          {o.placementNote}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('outcome.submitted')}>
        {`${formatTime(o.submittedAt)} · ${t('outcome.version', { n: o.version })}`}
      </Descriptions.Item>
      <Descriptions.Item label={t('outcome.decision')}>
        {o.decision
          ? `${tCode('outcome.decision', o.decision.decision)} · ${formatTime(o.decision.decidedAt)}${
              o.decision.comment ? ` · ${o.decision.comment}` : ''
            }`
          : '—'}
      </Descriptions.Item>
    </Descriptions>
  );
}
