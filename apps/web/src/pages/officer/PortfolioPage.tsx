import { Card, Checkbox, Select, Space, Spin, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Link } from 'react-router';
import { executionLists, type PortfolioProject, type ProjectFilter } from '../../api/hooks/officer-execution';
import { CursorTable } from '../../components/CursorTable';
import { StatusTag } from '../../components/StatusTag';
import { useI18n } from '../../i18n';
import { useReference } from '../../api/hooks/reference';
import { lazyNamed } from '../../lib/lazy-named';
import { PROJECT_TONES } from './execution-tones';

// The plotting library is loaded with the charts, not with the officer's pages.
const PortfolioCharts = lazyNamed(() => import('../charts/PortfolioCharts'), 'PortfolioCharts');

type Status = NonNullable<ProjectFilter['status']>;
type Mode = NonNullable<ProjectFilter['mode']>;
// The API's enums (tsc refuses a value it does not know); their words are the portal's.
const STATUSES: Status[] = ['ongoing', 'rectifying', 'terminated', 'revoked', 'accepted', 'closed', 'failed'];
const MODES: Mode[] = ['open_competition', 'challenge', 'directed', 'horse_race'];

/** A filter as a labelled select: "all" is the empty value. */
function FilterSelect<V extends string>({
  id,
  label,
  value,
  onChange,
  options,
}: {
  id: string;
  label: string;
  value: V | undefined;
  onChange: (v: V | undefined) => void;
  options: { value: V; label: string }[];
}) {
  const { t } = useI18n();
  return (
    <Space>
      <label htmlFor={id}>{label}</label>
      <Select
        id={id}
        style={{ width: 180 }}
        value={value ?? ''}
        onChange={(v) => onChange((v || undefined) as V | undefined)}
        options={[{ value: '', label: t('officer.exec.all') }, ...options]}
        showSearch={{ optionFilterProp: 'label' }}
      />
    </Space>
  );
}

/**
 * 项目执行: the portfolio by key field and by county (charts), then the projects filtered on the
 * server by status, key field, county, mode or overdue, each opening its execution page.
 */
export function PortfolioPage() {
  const { t, lang } = useI18n();
  const [filter, setFilter] = useState<ProjectFilter>({ status: 'ongoing' });
  const set =
    <K extends keyof ProjectFilter>(k: K) =>
    (v: ProjectFilter[K] | undefined) =>
      setFilter((f) => {
        const next = { ...f };
        if (v === undefined) delete next[k];
        else next[k] = v;
        return next;
      });
  const reference = useReference().data;
  const fieldName = (code: string | null) => {
    const f = reference?.keyFields.find((k) => k.code === code);
    return f ? f[lang] : (code ?? '—');
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Typography.Title level={1}>{t('officer.portfolio.title')}</Typography.Title>
      <Suspense fallback={<Spin />}>
        <PortfolioCharts />
      </Suspense>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('officer.portfolio.list')}</h2>}>
        <Space wrap style={{ marginBottom: 12 }}>
          <FilterSelect<Status>
            id="portfolio-status"
            label={t('officer.portfolio.status')}
            value={filter.status}
            onChange={set('status')}
            options={STATUSES.map((s) => ({ value: s, label: t(`projectStatus.${s}`) }))}
          />
          <FilterSelect<string>
            id="portfolio-key-field"
            label={t('officer.portfolio.keyField')}
            value={filter.keyField}
            onChange={set('keyField') as (v: string | undefined) => void}
            options={(reference?.keyFields ?? []).map((f) => ({ value: f.code, label: f[lang] }))}
          />
          <FilterSelect<string>
            id="portfolio-county"
            label={t('officer.portfolio.county')}
            value={filter.county}
            onChange={set('county') as (v: string | undefined) => void}
            options={(reference?.counties ?? []).map((c) => ({ value: c, label: c }))}
          />
          <FilterSelect<Mode>
            id="portfolio-mode"
            label={t('officer.portfolio.mode')}
            value={filter.mode}
            onChange={set('mode')}
            options={MODES.map((m) => ({ value: m, label: t(`mode.${m}`) }))}
          />
          <Checkbox
            checked={filter.overdue === 'true'}
            onChange={(e) => set('overdue')(e.target.checked ? 'true' : undefined)}
          >
            {t('officer.portfolio.overdueOnly')}
          </Checkbox>
        </Space>
        <CursorTable<PortfolioProject>
          queryKey={['execution', 'projects', filter]}
          fetchPage={executionLists.projects(filter)}
          rowKey="id"
          columns={[
            {
              title: t('project.title'),
              render: (_, p) => <Link to={`/work/officer/projects/${p.id}`}>{p.title}</Link>,
            },
            {
              title: t('officer.portfolio.mode'),
              render: (_, p) => (p.mode ? t(`mode.${p.mode}` as never) : '—'),
            },
            { title: t('officer.portfolio.keyField'), render: (_, p) => fieldName(p.keyField) },
            { title: t('officer.portfolio.county'), render: (_, p) => p.county ?? '—' },
            {
              title: t('officer.portfolio.status'),
              render: (_, p) => (
                <Space size={4}>
                  <StatusTag tone={PROJECT_TONES[p.status]}>{t(`projectStatus.${p.status}`)}</StatusTag>
                  {p.overdue && <StatusTag tone="bad">{t('officer.portfolio.overdue')}</StatusTag>}
                </Space>
              ),
            },
            { title: t('project.period'), render: (_, p) => `${p.startsOn} – ${p.endsOn}` },
          ]}
        />
      </Card>
    </Space>
  );
}
