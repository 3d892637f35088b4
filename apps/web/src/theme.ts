import type { ThemeConfig } from 'antd';

/** The bureau's blue; the dark header menu's texts at full white, for contrast (WCAG AA). */
export const HEADER_BG = '#123d6e';

export const THEME: ThemeConfig = {
  // Components take their styles from antd/dist/antd.css (imported in App.tsx) and the theme's
  // tokens as CSS variables, instead of generating every component's CSS in the browser on each
  // page load.
  zeroRuntime: true,
  token: {
    colorPrimary: '#1d4f91',
    // antd derives links from its info blue (4.2:1 on white): links in the bureau's blue instead.
    colorLink: '#1d4f91',
    colorLinkHover: '#2b6cc4',
    // antd's grey texts (0.45 black) fall below the 4.5:1 contrast WCAG AA asks for small text.
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
    // The error red of field messages, dark enough for small text on white.
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
