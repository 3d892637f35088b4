import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { AgreementPdfInput, renderAgreementPdf } from './agreement-pdf';

/** The text a reader of the PDF sees, page by page, read back with pdf.js (tools/pdf-text.mjs). */
const PDF_TEXT = path.resolve(__dirname, '../../../../tools/pdf-text.mjs');

function pagesOf(pdf: Buffer): string[] {
  const out = execFileSync(process.execPath, [PDF_TEXT], {
    input: pdf,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out);
}

/** Line breaks (wrapping) and spacing are layout, not content: compare without whitespace. */
const flat = (text: string) => text.replace(/\s+/g, '');

function textOf(pdf: Buffer): string {
  return flat(pagesOf(pdf).join('\n'));
}

/** An agreement as AgreementsService.view() and the application content give it. */
function agreement(overrides: Partial<AgreementPdfInput> = {}): AgreementPdfInput {
  return {
    id: '0b6f5d2e-8c1a-4f3e-9d7b-2a4c6e8f0a1b',
    title: '右江河谷芒果低碳栽培关键技术研究与示范',
    callTitle: '2026年度百色市科技计划项目（第一批）',
    institution: '百色学院',
    piName: '韦海燕',
    amountFen: 30_000_000,
    objectives:
      '围绕右江河谷芒果产业的低碳转型，研究水肥一体化与有机替代技术，建立示范基地 500 亩。\n形成可复制推广的技术规程 1 套。',
    indicators: [
      { name: '示范基地面积', unit: '亩', target: 500, assessment: '现场核验示范基地面积' },
      { name: '化肥减量', unit: '%', target: 20, assessment: '对比基线年度施肥记录' },
    ],
    milestones: [
      {
        title: '完成土壤与水肥现状调查',
        start: '2026-01-01',
        end: '2026-06-30',
        deliverable: '调查报告 1 份',
      },
      {
        title: '建成示范基地并完成技术规程',
        start: '2026-07-01',
        end: '2027-12-31',
        deliverable: '技术规程 1 套，示范基地 500 亩',
      },
    ],
    installments: [
      {
        seq: 1,
        sharePercent: 60,
        amountFen: 18_000_000,
        releasedByLabel: { zh: '任务书签订后', en: 'On signing the agreement' },
      },
      {
        seq: 2,
        sharePercent: 40,
        amountFen: 12_000_000,
        releasedByLabel: { zh: '验收通过后', en: 'After passing acceptance' },
      },
    ],
    performancePledge: null,
    race: null,
    version: 2,
    signatures: [
      {
        partyLabel: { zh: '项目负责人', en: 'PI' },
        signerName: '韦海燕',
        signedAtLocal: '2026-12-01 09:30:00',
      },
      {
        partyLabel: { zh: '依托单位', en: 'host institution' },
        signerName: '黄志强',
        signedAtLocal: '2026-12-02 14:05:00',
      },
      {
        partyLabel: { zh: '市科技局', en: 'the bureau' },
        signerName: '李明',
        signedAtLocal: '2026-12-03 10:00:00',
      },
    ],
    signedAtLocal: '2026-12-03 10:00:00',
    ...overrides,
  };
}

describe('renderAgreementPdf', () => {
  it('shows the terms, milestones, installments and signatures of the agreement', async () => {
    const input = agreement();
    const pdf = await renderAgreementPdf(input);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = textOf(pdf);

    for (const shown of [
      '百色市科技计划项目任务书',
      input.id,
      '第2版',
      '项目名称',
      input.title,
      input.callTitle,
      '依托单位',
      '百色学院',
      '项目负责人',
      '资助金额',
      '¥300,000.00',
      '示范基地面积',
      '500亩',
      '化肥减量',
      '第1期',
      '¥180,000.00',
      '任务书签订后',
      '¥120,000.00',
      '验收通过后',
      '签署时间（北京时间）',
      '北京时间（UTC+8）',
    ])
      expect(text).toContain(flat(shown));
    for (const m of input.milestones) {
      expect(text).toContain(flat(m.title!));
      expect(text).toContain(m.start);
      expect(text).toContain(m.end);
    }
    for (const s of input.signatures) {
      expect(text).toContain(s.signerName);
      expect(text).toContain(flat(s.signedAtLocal));
      expect(text).toContain(s.partyLabel.zh);
    }
    expect(text).not.toContain('军令状');
    expect(text).not.toContain('赛马');
    expect(text).not.toMatch(/undefined|null|NaN|\[objectObject\]/);
  });

  it('embeds a subset of the CJK font, so the file prints the same everywhere', async () => {
    const pdf = await renderAgreementPdf(agreement());
    const raw = pdf.toString('latin1');
    // A subset font carries a six-letter tag before its name; the full font file is 8 MB.
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
    expect(raw).toMatch(/\/FontFile3/);
    expect(pdf.length).toBeLessThan(400_000);
  });

  it('adds the 军令状 only when the agreement has a performance pledge, and the 赛马 teams', async () => {
    const input = agreement({
      performancePledge: {
        goals: '三年内突破芒果采后保鲜关键技术，货架期延长至 30 天以上。',
        milestones: [
          { title: '保鲜工艺中试', due: '2027-06-30', indicator: '货架期不少于 20 天' },
          { title: '规模化应用', due: '2028-12-31', indicator: '应用企业不少于 3 家' },
        ],
        consequences: '未按期完成节点目标的，停止后续拨款并按规定追回已拨经费。',
      },
      race: { midpointDate: '2027-06-30', teams: ['芒果保鲜技术路线甲', '芒果保鲜技术路线乙'] },
    });
    const text = textOf(await renderAgreementPdf(input));
    expect(text).toContain('军令状');
    expect(text).toContain(flat(input.performancePledge!.goals));
    for (const m of input.performancePledge!.milestones) {
      expect(text).toContain(flat(m.title));
      expect(text).toContain(m.due);
      expect(text).toContain(flat(m.indicator));
    }
    expect(text).toContain(flat(input.performancePledge!.consequences));
    expect(text).toContain('赛马');
    expect(text).toContain('芒果保鲜技术路线甲');
    expect(text).toContain('芒果保鲜技术路线乙');
  });

  it('adds the dispatch (科技特派员) with where the commissioner serves and the service term', async () => {
    const input = agreement({
      dispatch: {
        targetKindLabel: '企业、合作社',
        targetName: '田东县祥周镇芒果种植专业合作社',
        county: '田东县',
        expertise: '芒果绿色高效栽培技术指导',
        term: 'P1Y6M',
      },
    });
    const text = textOf(await renderAgreementPdf(input));
    expect(text).toContain('派驻服务');
    expect(text).toContain(flat('田东县祥周镇芒果种植专业合作社'));
    expect(text).toContain(flat('芒果绿色高效栽培技术指导'));
    expect(text).toContain(flat('自任务书签订之日起 1年6个月'));
    expect(textOf(await renderAgreementPdf(agreement({})))).not.toContain('派驻服务');
  });

  it('flows long objectives over pages without losing text', async () => {
    const sentence = '本项目针对右江河谷干热气候条件下芒果园土壤退化、化肥施用过量等问题开展系统研究。';
    const objectives = Array.from({ length: 12 }, (_, p) => `第${p + 1}段。` + sentence.repeat(8)).join('\n');
    const pages = pagesOf(await renderAgreementPdf(agreement({ objectives }))).map(flat);
    expect(pages.length).toBeGreaterThan(1);
    // The page footers sit between the end of one page's text and the start of the next.
    const footer = /任务书编号[0-9a-f-]+·第\d+版|第\d+页\/共\d+页|本任务书中的时间均为北京时间（UTC\+8）。/g;
    const all = pages.map((page) => page.replace(footer, '')).join('');
    for (let p = 1; p <= 12; p++) expect(all).toContain(`第${p}段。`);
    expect(all.split(flat(sentence)).length - 1).toBe(12 * 8);
    // The signatures come after the objectives, on a later page, with the footer on each page.
    expect(pages[0]).not.toContain('签署时间');
    pages.forEach((page, i) => {
      expect(page).toContain(`第${i + 1}页/共${pages.length}页`);
      expect(page).toContain('北京时间（UTC+8）');
    });
  });

  it('renders unknown and missing fields gracefully', async () => {
    const text = textOf(
      await renderAgreementPdf(
        agreement({
          institution: null,
          objectives: '',
          indicators: [
            { name: '发表论文', unit: '篇', target: 3, value: 1, level: 'SCI', source: { db: 'CNKI' } },
            { name: '培养人才', target: undefined, note: undefined },
          ],
          milestones: [
            { title: '中期报告', due: '2027-03-31' },
            { due: '2027-09-30', extra: ['甲', '乙'] },
          ],
          installments: [],
          signatures: [],
          signedAtLocal: null,
        }),
      ),
    );
    expect(text).toContain('发表论文');
    expect(text).toContain('3篇');
    expect(text).toContain('完成值：1篇');
    expect(text).toContain('level：SCI');
    expect(text).toContain('source：db：CNKI');
    expect(text).toContain('2027-03-31');
    expect(text).toContain('2027-09-30');
    expect(text).toContain('extra：甲、乙');
    expect(text).toContain('（未填写）');
    expect(text).toContain('尚无签署');
    expect(text).toContain('待签署');
    expect(text).not.toMatch(/undefined|null|NaN|\[objectObject\]/);
  });
});
