import { Column } from '@ant-design/plots';
import { Alert, Card, Col, Empty, Row, Spin } from 'antd';
import { usePortfolioRollup, type PortfolioRollup } from '../../api/hooks/officer-execution';
import { useI18n } from '../../i18n';
import { errorText } from '../../lib/form-errors';
import { useKeyFieldLabel } from '../../api/hooks/reference';

/**
 * 项目分布: the portfolio by key field and by county (GET /projects/rollup), each bar split by the
 * projects' status; the figure's label gives screen readers the totals the bars show.
 */
export function PortfolioCharts({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const { t, lang } = useI18n();
  const byField = usePortfolioRollup('keyField');
  const byCounty = usePortfolioRollup('county');
  const keyFieldLabel = useKeyFieldLabel();
  const error = byField.error ?? byCounty.error;
  if (error) return <Alert type="error" showIcon title={errorText(error, lang)} />;
  if (!byField.data || !byCounty.data) return <Spin style={{ margin: 24 }} />;

  const fieldName = (code: string) => keyFieldLabel(code, lang);
  const keyName = (by: PortfolioRollup['by'], key: string | null) =>
    key === null ? t('officer.portfolio.noKey') : by === 'keyField' ? fieldName(key) : key;
  const Heading = `h${headingLevel}` as const;

  return (
    <Row gutter={[16, 16]}>
      {(
        [
          ['officer.portfolio.byField', byField.data],
          ['officer.portfolio.byCounty', byCounty.data],
        ] as const
      ).map(([title, rollup]) => {
        const data = rollup.items.flatMap((i) =>
          i.statuses.map((s) => ({
            key: keyName(rollup.by, i.key),
            status: t(`projectStatus.${s.status}`),
            projects: s.projects,
          })),
        );
        const summary = rollup.items
          .map((i) => `${keyName(rollup.by, i.key)} ${t('officer.portfolio.projects')} ${i.projects}`)
          .join('；');
        return (
          <Col xs={24} lg={12} key={title}>
            <Card title={<Heading style={{ fontSize: 16, margin: 0 }}>{t(title)}</Heading>}>
              {data.length ? (
                <div role="img" aria-label={summary} data-testid={`portfolio-${rollup.by}`}>
                  <Column
                    data={data}
                    xField="key"
                    yField="projects"
                    colorField="status"
                    stack
                    height={300}
                    axis={{ y: { title: t('officer.portfolio.projects') } }}
                  />
                </div>
              ) : (
                <Empty description={t('officer.portfolio.noProjects')} />
              )}
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
