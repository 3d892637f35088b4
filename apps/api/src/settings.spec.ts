import { loadSettings, SettingsError } from './settings';

describe('API settings', () => {
  it('runs on the development defaults, with the portal’s dev server allowed across origins', () => {
    const s = loadSettings({});
    expect(s).toMatchObject({ NODE_ENV: 'development', PORT: 3000, KJ_LOGIN_MAX_FAILURES: 5 });
    expect(s.KJ_CORS_ORIGINS).toEqual(['http://localhost:5173', 'http://127.0.0.1:5173']);
  });

  it('in production, names every missing or weak setting instead of starting', () => {
    expect(() => loadSettings({ NODE_ENV: 'production', JWT_SECRET: '' })).toThrow(SettingsError);
    expect(() => loadSettings({ NODE_ENV: 'production' })).toThrow(
      /DATABASE_URL: is required when NODE_ENV=production[\s\S]*JWT_SECRET: is required when NODE_ENV=production/,
    );
    expect(() =>
      loadSettings({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/kjflow', JWT_SECRET: 'short' }),
    ).toThrow(/JWT_SECRET: must be at least 32 characters long/);
    expect(() => loadSettings({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL: must be a postgres:\/\/ URL\n {2}PORT: /,
    );
  });

  it('in production, allows no other origin unless configured', () => {
    const prod = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/kjflow', JWT_SECRET: 'x'.repeat(32) };
    expect(loadSettings(prod).KJ_CORS_ORIGINS).toEqual([]);
    expect(
      loadSettings({ ...prod, KJ_CORS_ORIGINS: 'https://kj.baise.gov.cn, https://portal.example' })
        .KJ_CORS_ORIGINS,
    ).toEqual(['https://kj.baise.gov.cn', 'https://portal.example']);
  });
});
