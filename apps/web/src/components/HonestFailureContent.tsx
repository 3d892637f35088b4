import { Alert, Button, Descriptions, Space, Timeline, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useProjectAttachments } from '../api/hooks/execution';
import {
  projectAttachmentFile,
  useHonestFailureRecord,
  type HonestFailureView,
} from '../api/hooks/honest-failure';
import { useI18n } from '../i18n';
import { errorText } from '../lib/form-errors';
import { formatDate, formatTime } from '../lib/time';
import { StatusTag, type Tone } from './StatusTag';

const PHASE_TONES: Record<NonNullable<HonestFailureView['phase']>, Tone> = {
  requested: 'todo',
  institution_confirmed: 'todo',
  closed: 'ok',
  refused: 'bad',
};

/** The request's step as a tag, with its round after a refusal. */
export function HonestFailurePhase({ view }: { view: HonestFailureView }) {
  const { t } = useI18n();
  return (
    <Space size={4}>
      <StatusTag tone={view.phase ? PHASE_TONES[view.phase] : 'info'}>
        <span data-testid="honest-phase">
          {view.phase ? t(`honestPhase.${view.phase}`) : t('honest.phase.none')}
        </span>
      </StatusTag>
      {view.round > 1 && <StatusTag tone="info">{t('honest.round', { n: view.round })}</StatusTag>}
    </Space>
  );
}

/**
 * The original records a request cites, by name, each downloadable: the project's files as listed
 * to its readers; a file of the application (also citable) by its id.
 */
function OriginalRecords({ projectId, ids }: { projectId: string; ids: string[] }) {
  const { t, lang } = useI18n();
  const files = useProjectAttachments(projectId);
  const [error, setError] = useState<string | null>(null);
  const open = async (id: string) => {
    setError(null);
    try {
      const url = URL.createObjectURL(await projectAttachmentFile(projectId, id));
      window.open(url, '_blank', 'noopener');
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (err) {
      setError(errorText(err, lang));
    }
  };
  return (
    <Space orientation="vertical" size={2} data-testid="honest-records">
      {ids.map((id) => {
        const file = files.data?.items.find((f) => f.id === id);
        const name = file ? file.name : t('honest.record.other', { id: id.slice(0, 8) });
        return (
          <Space key={id} size={8}>
            <Typography.Text>{name}</Typography.Text>
            <Button
              size="small"
              type="link"
              onClick={() => void open(id)}
              aria-label={`${t('honest.download')} ${name}`}
            >
              {t('honest.download')}
            </Button>
          </Space>
        );
      })}
      {error && <Alert type="error" showIcon title={error} />}
    </Space>
  );
}

/** One step of the history: what happened, and its text lines. */
function Entry({ testId, head, lines }: { testId: string; head: string; lines: string[] }) {
  return (
    <div data-testid={testId}>
      <Typography.Text strong>{head}</Typography.Text>
      {lines.map((line) => (
        <Typography.Paragraph key={line} style={{ margin: 0 }}>
          {line}
        </Typography.Paragraph>
      ))}
    </div>
  );
}

/**
 * A project's 容错 as every party reads it: its step and the project's risk flag, then the history
 * in order — the PI's request (statement and original records), the host institution's opinion,
 * the experts' confirmation (who, their opinion) and, once closed, the neutral honest_failure
 * record. `readsRecord`: the reader may list the PI's credit records (the PI, staff, auditors).
 */
export function HonestFailureContent({
  view,
  readsRecord,
}: {
  view: HonestFailureView;
  readsRecord: boolean;
}) {
  const { t, bi } = useI18n();
  const record = useHonestFailureRecord(view, readsRecord);
  const { request, confirmation, expertConfirmation: experts } = view;
  const items = [
    request && {
      key: 'request',
      color: 'blue',
      title: formatTime(request.requestedAt),
      content: (
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Typography.Text strong>{t('honest.requested')}</Typography.Text>
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('honest.statement')}>
              <span data-testid="honest-statement">{request.diligenceStatement}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('honest.records')}>
              <OriginalRecords projectId={view.projectId} ids={request.originalRecordIds} />
            </Descriptions.Item>
          </Descriptions>
        </Space>
      ),
    },
    confirmation && {
      key: 'confirmation',
      color: confirmation.confirmed ? 'blue' : 'red',
      title: formatTime(confirmation.confirmedAt),
      content: (
        <Entry
          testId="honest-host-opinion"
          head={t(confirmation.confirmed ? 'honest.hostConfirmed' : 'honest.hostRefused')}
          lines={[`${t('host.opinion')}：${confirmation.opinion}`]}
        />
      ),
    },
    experts && {
      key: 'experts',
      color: experts.diligenceConfirmed ? 'green' : 'red',
      title: formatTime(experts.recordedAt),
      content: (
        <Entry
          testId="honest-experts"
          head={t(experts.diligenceConfirmed ? 'honest.expertsConfirmed' : 'honest.expertsRefused')}
          lines={[
            `${t('honest.experts')}：${experts.experts.map((e) => e.name).join('、')}`,
            `${t('honest.decide.opinion')}：${experts.opinion}`,
          ]}
        />
      ),
    },
    view.creditRecordId && {
      key: 'record',
      color: 'green',
      title: record.data ? formatDate(record.data.effectiveFrom) : undefined,
      content: (
        <div data-testid="honest-record">
          <Space size={4} wrap>
            <Typography.Text strong>
              {record.data ? bi(record.data.kindLabel) : t('honest.creditRecord')}
            </Typography.Text>
            <StatusTag tone="info">
              {record.data ? bi(record.data.severityLabel) : t('severity.neutral')}
            </StatusTag>
          </Space>
          <Typography.Paragraph style={{ margin: 0 }}>
            {t('honest.creditRecord.meaning')}
          </Typography.Paragraph>
          {record.data?.facts && (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {record.data.facts}
            </Typography.Paragraph>
          )}
        </div>
      ),
    },
  ].filter((i) => Boolean(i)) as { key: string; color: string; title?: string; content: ReactNode }[];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('honest.phase')}>
          <HonestFailurePhase view={view} />
        </Descriptions.Item>
        <Descriptions.Item label={t('honest.riskProfile')}>
          <span data-testid="honest-risk">
            {view.riskProfile ? t(`riskProfile.${view.riskProfile}`) : t('riskProfile.none')}
          </span>
        </Descriptions.Item>
      </Descriptions>
      {items.length > 0 && (
        <>
          <Typography.Title level={3} style={{ fontSize: 15, margin: 0 }}>
            {t('honest.history')}
          </Typography.Title>
          <Timeline data-testid="honest-history" items={items} />
        </>
      )}
    </Space>
  );
}
