import { ApplicationContent } from './application';
import { blindContent, contentForExpert } from './review-round';

const content = {
  title: '赤泥综合利用关键技术研究',
  summary: '围绕赤泥综合利用开展关键技术攻关。',
  requestedFen: 30_000_000,
  pi: {
    name: '李明',
    title: '教授',
    titleLevel: 'full',
    phone: '0776-2848000',
    email: 'liming@example.cn',
    idNumber: '11010519491231002X',
    effortPercent: 60,
  },
  team: [{ name: '韦芳', role: '技术骨干', organisation: '百色学院', effortPercent: 30 }],
  cooperators: [],
} as unknown as ApplicationContent;

describe('contentForExpert (privacy: what an expert reads)', () => {
  it('never shows the PI identity number, phone or e-mail when the review is not blind', () => {
    const shown = contentForExpert(content, false);
    expect(shown.pi).toEqual({ name: '李明', title: '教授', titleLevel: 'full', effortPercent: 60 });
    const text = JSON.stringify(shown);
    for (const secret of ['11010519491231002X', '002X', '0776-2848000', 'liming@example.cn'])
      expect(text).not.toContain(secret);
    expect(shown.team?.[0].name).toBe('韦芳');
    expect(shown.title).toBe(content.title);
    // The stored content is not changed.
    expect(content.pi?.idNumber).toBe('11010519491231002X');
  });

  it('shows neither who proposes it nor their identity or contacts under blind review', () => {
    const shown = contentForExpert(content, true);
    expect(shown).toEqual(blindContent(content));
    expect(shown.pi).toBeUndefined();
    expect(JSON.stringify(shown)).not.toMatch(/李明|0776-2848000|liming@|11010519491231002X/);
  });

  it('passes a draft without a PI through', () => {
    const noPi = { ...content, pi: null } as unknown as ApplicationContent;
    expect(contentForExpert(noPi, false).pi).toBeNull();
  });
});
