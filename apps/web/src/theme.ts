import type { ThemeConfig } from 'antd';

/** The bureau's blue; the dark header menu's texts at full white, for contrast (WCAG AA). */
export const HEADER_BG = '#123d6e';

export const THEME: ThemeConfig = {
  token: {
    colorPrimary: '#1d4f91',
    // antd's grey texts (0.45 black) fall below the 4.5:1 contrast WCAG AA asks for small text.
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    // antd's link blue (#1677ff) and error red (#ff4d4f) are below 4.5:1 on white.
    colorLink: '#1d4f91',
    colorError: '#c41d1d',
  },
  components: {
    Menu: {
      darkItemBg: HEADER_BG,
      darkItemColor: '#ffffff',
      darkItemHoverColor: '#ffffff',
      darkItemSelectedBg: '#1d4f91',
    },
  },
};
