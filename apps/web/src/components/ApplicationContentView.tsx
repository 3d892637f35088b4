import { Descriptions, Table, Typography } from 'antd';
import { useI18n } from '../i18n';
import { fenToYuan } from '../lib/money';

/** The parts of an application's content the readers' pages show (all optional: drafts, blind views). */
export interface ContentLike {
  title?: string;
  summary?: string;
  requestedFen?: number;
  objectives?: string;
  technicalRoute?: string;
  pi?: { name?: string; title?: string } | null;
  team?: Array<{
    name?: string;
    role?: string;
    organisation?: string;
    title?: string;
    effortPercent?: number;
  }>;
  cooperators?: Array<{ name?: string; region?: string; division?: string }>;
  indicators?: Array<{ name: string; unit: string; target: number; assessment: string }>;
  schedule?: Array<{ title: string; start: string; end: string; deliverable: string }>;
  budget?: {
    equipment?: Array<{ amountFen?: number }>;
    business?: Array<{ amountFen?: number }>;
    labour?: Array<{ amountFen?: number }>;
    indirectFen?: number;
    selfFundingFen?: number;
    coFundingFen?: number;
  };
}

type TeamRow = NonNullable<ContentLike['team']>[number] & { key: string };

const sum = (lines?: Array<{ amountFen?: number }>) =>
  (lines ?? []).reduce((s, l) => s + (l.amountFen ?? 0), 0);

function Text({ value }: { value?: string }) {
  return (
    <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{value || '—'}</Typography.Paragraph>
  );
}

/**
 * An application's content for a reader (an institution endorsing it, an expert scoring it).
 * It shows what the API sends: under blind review the API has already withheld who applied, and
 * `showPeople` false keeps the team section to roles and titles.
 */
export function ApplicationContentView({
  content,
  showPeople,
}: {
  content: ContentLike;
  showPeople: boolean;
}) {
  const { t } = useI18n();
  const b = content.budget;
  return (
    <div data-testid="application-content">
      <Descriptions column={1} bordered size="small">
        <Descriptions.Item label={t('application.title')}>{content.title ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('application.requested')}>
          {fenToYuan(content.requestedFen)}
        </Descriptions.Item>
        {showPeople && content.pi && (
          <Descriptions.Item label={t('content.pi')}>
            {content.pi.name} {content.pi.title}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('content.summary')}>
          <Text value={content.summary} />
        </Descriptions.Item>
        <Descriptions.Item label={t('content.objectives')}>
          <Text value={content.objectives} />
        </Descriptions.Item>
        <Descriptions.Item label={t('content.technicalRoute')}>
          <Text value={content.technicalRoute} />
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        {t('content.indicators')}
      </Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey={(r) => r.name}
        dataSource={content.indicators ?? []}
        columns={[
          { title: t('content.indicator'), dataIndex: 'name' },
          { title: t('content.target'), render: (_, r) => `${r.target} ${r.unit}` },
          { title: t('content.assessment'), dataIndex: 'assessment' },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        {t('content.schedule')}
      </Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey={(r) => `${r.title}${r.start}`}
        dataSource={content.schedule ?? []}
        columns={[
          { title: t('content.milestone'), dataIndex: 'title' },
          { title: t('content.period'), render: (_, r) => `${r.start} – ${r.end}` },
          { title: t('content.deliverable'), dataIndex: 'deliverable' },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        {t('content.budget')}
      </Typography.Title>
      <Descriptions column={2} bordered size="small">
        <Descriptions.Item label={t('content.equipment')}>{fenToYuan(sum(b?.equipment))}</Descriptions.Item>
        <Descriptions.Item label={t('content.business')}>{fenToYuan(sum(b?.business))}</Descriptions.Item>
        <Descriptions.Item label={t('content.labour')}>{fenToYuan(sum(b?.labour))}</Descriptions.Item>
        <Descriptions.Item label={t('content.indirect')}>{fenToYuan(b?.indirectFen ?? 0)}</Descriptions.Item>
        <Descriptions.Item label={t('content.selfFunding')}>
          {fenToYuan(b?.selfFundingFen ?? 0)}
        </Descriptions.Item>
        <Descriptions.Item label={t('content.coFunding')}>
          {fenToYuan(b?.coFundingFen ?? 0)}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        {t('content.team')}
      </Typography.Title>
      <Table<TeamRow>
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={(content.team ?? []).map((m, i) => ({ ...m, key: String(i) }))}
        columns={[
          ...(showPeople
            ? [
                { title: t('content.memberName'), dataIndex: 'name' },
                { title: t('content.organisation'), dataIndex: 'organisation' },
              ]
            : []),
          { title: t('content.role'), dataIndex: 'role' },
          { title: t('content.memberTitle'), render: (_: unknown, m: TeamRow) => m.title ?? '—' },
          {
            title: t('content.effort'),
            render: (_: unknown, m: TeamRow) => (m.effortPercent === undefined ? '—' : `${m.effortPercent}%`),
          },
        ]}
      />
      <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
        {t('content.cooperators')}
      </Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={(content.cooperators ?? []).map((c, i) => ({ ...c, key: String(i) }))}
        columns={[
          ...(showPeople ? [{ title: t('content.organisation'), dataIndex: 'name' }] : []),
          { title: t('content.region'), dataIndex: 'region' },
          { title: t('content.division'), dataIndex: 'division' },
        ]}
      />
    </div>
  );
}
