import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { dayjs } from '../lib/time';
import { en } from './en';
import { zh, type MessageKey } from './zh';

export type Lang = 'zh' | 'en';
export type { MessageKey };
const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { zh, en };
const STORAGE_KEY = 'kjflow.lang';

/** Chinese unless the user chose English (remembered in localStorage). */
function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

/** `{name}` placeholders filled from vars. */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = DICTIONARIES[lang][key];
  return vars ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`)) : text;
}

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** A label for an API code (`tCode('severity', 'minor')`); the code itself when no text exists. */
  tCode: (group: string, code: string) => string;
  /** The user's half of a bilingual value from the API ({ zh, en }). */
  bi: (value: { zh: string; en: string } | null | undefined) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* private mode: the choice lasts for this page */
    }
  }, []);
  useEffect(() => {
    dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const value = useMemo<I18n>(() => {
    return {
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      tCode: (group, code) => (DICTIONARIES[lang] as Record<string, string>)[`${group}.${code}`] ?? code,
      bi: (v) => (v ? (lang === 'zh' ? v.zh : v.en) : ''),
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside <I18nProvider>');
  return ctx;
}
