import { Column, Bar } from '@ant-design/plots';
import { Alert, Card, Col, Empty, Row, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { charts } from '../../api/hooks/admin';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { PortfolioCharts } from './PortfolioCharts';

/** A chart with its text alternative: screen readers get the numbers the picture shows. */
function Figure({ label, rows, children }: { label: string; rows: number; children: ReactNode }) {
  return (
    <div role="img" aria-label={label} data-rows={rows}>
      {children}
    </div>
  );
}

/**
 * 统计图表: the plan's indicators against their targets, and verified outcomes by key field and by
 * county, from GET /outcomes/rollup; then the portfolio of projects by key field and by county
 * (GET /projects/rollup). Staff and auditors.
 */
export function ChartsPage() {
  const { t, lang } = useI18n();
  const byIndicator = useQuery({
    queryKey: ['charts', 'indicator'],
    queryFn: () => charts.rollup('indicator'),
  });
  const byField = useQuery({ queryKey: ['charts', 'field'], queryFn: () => charts.rollup('field') });
  const byCounty = useQuery({ queryKey: ['charts', 'county'], queryFn: () => charts.rollup('county') });
  const error = byIndicator.error ?? byField.error ?? byCounty.error;
  if (error) return <Alert type="error" showIcon title={errorText(error, lang)} />;
  if (!byIndicator.data || !byField.data || !byCounty.data) return <Spin style={{ margin: 48 }} />;

  const indicators = byIndicator.data.indicators.map((r) => ({
    indicator: r.indicator,
    percent: r.percentOfTarget ?? 0,
  }));
  // Outcomes of every type per key (a key field or county; "—" where none was recorded).
  const perKey = (rows: { key: string | null; outcomes: number }[]) => {
    const sums = new Map<string, number>();
    for (const r of rows) sums.set(r.key ?? '—', (sums.get(r.key ?? '—') ?? 0) + r.outcomes);
    return [...sums].map(([key, outcomes]) => ({ key, outcomes }));
  };
  const fields = perKey(byField.data.types);
  const counties = perKey(byCounty.data.types);
  const summary = (rows: { key: string; outcomes: number }[]) =>
    rows.map((r) => `${r.key} ${r.outcomes}`).join('；');

  return (
    <Row gutter={[16, 16]}>
      <Col span={24}>
        <Card title={<h1 style={{ fontSize: 20, margin: 0 }}>{t('charts.indicators')}</h1>}>
          {indicators.length ? (
            <Figure
              label={indicators.map((r) => `${r.indicator} ${r.percent}%`).join('；')}
              rows={indicators.length}
            >
              <Bar
                data={indicators}
                xField="indicator"
                yField="percent"
                height={Math.max(240, indicators.length * 28)}
                axis={{ y: { title: t('charts.percentOfTarget') } }}
                annotations={[{ type: 'lineY', data: [100], style: { stroke: '#cf1322', lineDash: [4, 4] } }]}
              />
            </Figure>
          ) : (
            <Empty />
          )}
        </Card>
      </Col>
      {(
        [
          ['charts.byField', fields],
          ['charts.byCounty', counties],
        ] as const
      ).map(([title, rows]) => (
        <Col span={12} key={title}>
          <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{t(title)}</h2>}>
            {rows.length ? (
              <Figure label={summary(rows)} rows={rows.length}>
                <Column data={rows} xField="key" yField="outcomes" height={280} />
              </Figure>
            ) : (
              <Empty description={t('charts.noOutcomes')} />
            )}
          </Card>
        </Col>
      ))}
      <Col span={24}>
        <PortfolioCharts />
      </Col>
    </Row>
  );
}
