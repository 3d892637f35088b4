import { Box, Column } from '@ant-design/plots';
import { Col, Empty, Row, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n';
import {
  scoreBoxes,
  scoreHistogram,
  submittedScores,
  type ScoredInvitation,
} from '../../lib/score-distribution';

/** A chart with its text alternative: screen readers get the numbers the picture shows. */
function Figure({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div role="img" aria-label={label} data-testid={testId}>
      {children}
    </div>
  );
}

/**
 * 评审得分分布: the experts' submitted weighted scores of the round (from the invitations the
 * round page has loaded), as a histogram over the round and a box per application, so an
 * officer sees the spread behind each headline score before reading the ranking.
 */
export function ScoreDistribution({ invitations }: { invitations: ScoredInvitation[] }) {
  const { t } = useI18n();
  const scores = submittedScores(invitations);
  if (!scores.length) return <Empty description={t('officer.round.noScores')} />;
  const bins = scoreHistogram(scores);
  const boxes = scoreBoxes(invitations);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Typography.Title level={3} style={{ fontSize: 15 }}>
          {t('officer.round.histogram', { n: scores.length })}
        </Typography.Title>
        <Figure
          testId="score-histogram"
          label={bins.map((b) => t('officer.round.binText', { range: b.range, count: b.count })).join('；')}
        >
          <Column
            data={bins}
            xField="range"
            yField="count"
            height={260}
            axis={{ x: { title: t('officer.round.scoreAxis') }, y: { title: t('officer.round.countAxis') } }}
          />
        </Figure>
      </Col>
      <Col xs={24} lg={14}>
        <Typography.Title level={3} style={{ fontSize: 15 }}>
          {t('officer.round.boxes')}
        </Typography.Title>
        <Figure
          testId="score-boxes"
          label={boxes
            .map((b) =>
              t('officer.round.boxText', {
                title: b.title,
                n: b.n,
                min: b.min,
                q1: b.q1,
                median: b.median,
                q3: b.q3,
                max: b.max,
              }),
            )
            .join('；')}
        >
          <Box
            data={boxes}
            boxType="box"
            xField="title"
            yField={['min', 'q1', 'median', 'q3', 'max']}
            height={Math.max(260, 40 + boxes.length * 8)}
            axis={{ y: { title: t('officer.round.scoreAxis') }, x: { title: false } }}
            style={{ stroke: '#1d4f91', fill: '#bae0ff', fillOpacity: 0.6 }}
          />
        </Figure>
      </Col>
    </Row>
  );
}
