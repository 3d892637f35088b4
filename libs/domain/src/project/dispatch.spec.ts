import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  agreementDispatch,
  assertDispatchGiven,
  dispatchView,
  parseReportContent,
  serviceLogSchema,
  serviceTotals,
} from './dispatch';
import { commissionerIndicatorCodes, indicatorBasis, outcomeContributions } from './outcome';
import { validateTemplate } from '../guide/program-template';
import { caught } from '../kernel/spec-helpers';

const seeded = JSON.parse(
  fs.readFileSync(path.resolve(__dirname, '../../../../seeds/programs/sci-tech-commissioner.json'), 'utf8'),
);

const dispatch = {
  targetKind: 'enterprise',
  targetName: '田东县祥周镇芒果种植专业合作社',
  county: '田东县',
  expertise: '芒果病虫害绿色防控与高接换种技术指导',
};

const log = {
  summary: '本期赴合作社开展芒果花期管理技术指导与培训。',
  visits: [
    { date: '2027-03-02', place: '祥周镇百笔村', served: '芒果种植专业合作社社员' },
    { date: '2027-03-16', place: '祥周镇中平村', served: '种植大户 5 户' },
  ],
  trainings: [
    { topic: '芒果花期病虫害绿色防控', sessions: 2, peopleTrained: 85 },
    { topic: '高接换种技术', sessions: 1, peopleTrained: 40 },
  ],
  technologies: [{ name: '芒果高接换种技术' }],
  problemsSolved: [{ problem: '花期炭疽病高发', solution: '推广花前预防性喷药方案' }],
};

describe('the commissioner program as template data', () => {
  it('declares its projects dispatches and its reports service logs', () => {
    const t = validateTemplate(seeded);
    expect([t.projectKind, t.reportKind]).toEqual(['dispatch', 'service_log']);
  });

  it('leaves other programs research projects with progress reports (both keys optional)', () => {
    const { projectKind: _p, reportKind: _r, ...plain } = seeded;
    const t = validateTemplate(plain);
    expect([t.projectKind, t.reportKind]).toEqual([undefined, undefined]);
    const bad = caught(() => validateTemplate({ ...seeded, reportKind: 'diary' }));
    expect(bad.fields.map((f) => f.path)).toContain('reportKind');
  });
});

describe('the dispatch target (派驻对象)', () => {
  it('is required by a dispatch program, with each missing part named on its field', () => {
    expect(() => assertDispatchGiven('dispatch', dispatch)).not.toThrow();
    const missing = caught(() => assertDispatchGiven('dispatch', undefined));
    expect(missing.code).toBe('validation_failed');
    expect(missing.fields.map((f) => f.path)).toEqual(['dispatch']);
    expect(missing.bilingual.zh).toContain('派驻对象');
    const bad = caught(() =>
      assertDispatchGiven('dispatch', { ...dispatch, county: '南宁市', targetName: 'x' }),
    );
    expect(bad.fields.map((f) => f.path).sort()).toEqual(['dispatch.county', 'dispatch.targetName']);
  });

  it('is ignored by other programs', () => {
    expect(() => assertDispatchGiven(undefined, undefined)).not.toThrow();
    expect(() => assertDispatchGiven('research', null)).not.toThrow();
    expect(agreementDispatch('research', dispatch, 'P1Y')).toBeNull();
  });

  it('serving a county, names that county', () => {
    const bad = caught(() =>
      assertDispatchGiven('dispatch', { ...dispatch, targetKind: 'county', targetName: '田阳区' }),
    );
    expect(bad.fields.map((f) => f.path)).toEqual(['dispatch.targetName']);
    expect(bad.fields[0].message.zh).toContain('田东县');
  });

  it('goes into the agreement with the program’s service term, and the project shows it', () => {
    const a = agreementDispatch('dispatch', dispatch, 'P1Y')!;
    expect(a).toEqual({ ...dispatch, term: 'P1Y' });
    expect(dispatchView(a)).toMatchObject({
      targetKind: 'enterprise',
      targetKindLabel: { zh: '企业、合作社', en: 'Enterprise or cooperative' },
      county: '田东县',
      term: 'P1Y',
    });
  });
});

describe('service logs (服务日志)', () => {
  it('are the report of a service_log program; progress reports stay the default', () => {
    expect(parseReportContent('service_log', log)).toMatchObject({ visits: [{ note: '' }, { note: '' }] });
    const asProgress = caught(() => parseReportContent(undefined, log));
    expect(asProgress.fields.map((f) => f.path)).toContain('progress');
    const asLog = caught(() =>
      parseReportContent('service_log', { progress: '本期完成了工艺研究。', spending: [] }),
    );
    // The log's own field is missing, and the progress report's is refused as unknown.
    expect(asLog.fields.map((f) => f.path)).toContain('summary');
    expect(JSON.stringify(asLog.fields)).toContain('progress');
  });

  it('record at least one service, with whole counts and real dates', () => {
    const empty = caught(() => parseReportContent('service_log', { summary: '本期无服务记录。' }));
    expect(empty.fields.map((f) => f.path)).toEqual(['visits']);
    expect(empty.fields[0].message.zh).toContain('至少记录');
    const bad = caught(() =>
      parseReportContent('service_log', {
        ...log,
        visits: [{ date: '2027-02-30', place: '百笔村', served: '社员' }],
        trainings: [{ topic: '培训', sessions: 0, peopleTrained: 1.5 }],
      }),
    );
    expect(bad.fields.map((f) => f.path).sort()).toEqual([
      'trainings.0.peopleTrained',
      'trainings.0.sessions',
      'visits.0.date',
    ]);
  });

  it('sum to what the roll-up counts: visits, sessions, people trained, technologies, problems', () => {
    const parsed = serviceLogSchema.parse(log);
    const second = serviceLogSchema.parse({
      summary: '第二期服务。',
      visits: [{ date: '2027-04-01', place: '百笔村', served: '社员' }],
      trainings: [{ topic: '修剪', sessions: 3, peopleTrained: 60 }],
    });
    expect(serviceTotals([parsed, second])).toEqual({
      visits: 3,
      trainingSessions: 6,
      peopleTrained: 185,
      technologies: 1,
      problemsSolved: 1,
    });
  });
});

describe('the commissioner indicators', () => {
  it('count dispatches and people trained, not outcomes', () => {
    expect(commissionerIndicatorCodes('dispatches')).toEqual([
      'commissioners_dispatched_2022',
      'commissioners_dispatched_2021_2023',
      'commissioners_dispatched_2021_2025',
    ]);
    expect(commissionerIndicatorCodes('people_trained')).toEqual(['commissioner_people_trained_2021_2025']);
    expect(indicatorBasis('commissioners_dispatched_2022')).toMatchObject({
      measure: 'count',
      countedFrom: 'dispatches',
      outcomeTypes: [],
    });
    expect(indicatorBasis('commissioner_people_trained_2021_2025')?.countedFrom).toBe('service_logs');
    expect(indicatorBasis('rd_intensity')).toBeNull();
    // A talent outcome (培养人才) adds nothing to them: they are the commissioners' own numbers.
    const codes = outcomeContributions({
      type: 'talent_trained',
      details: { count: 9, highLevel: true },
    }).map((c) => c.indicatorCode);
    expect(codes.filter((c) => c.startsWith('commissioner'))).toEqual([]);
  });
});
