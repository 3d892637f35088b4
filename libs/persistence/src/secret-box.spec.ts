import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const key = Buffer.alloc(32, 3).toString('base64');

  it('seals a secret so that it reads nowhere in clear, and opens it again', () => {
    const box = new SecretBox({ KJ_SECRETS_KEY: key });
    const sealed = box.seal('whsec-0123456789abcdef');
    expect(sealed).toMatch(/^sealed:v1:/);
    expect(sealed).not.toContain('whsec');
    expect(box.seal('whsec-0123456789abcdef')).not.toBe(sealed); // a fresh nonce each time
    expect(box.open(sealed)).toBe('whsec-0123456789abcdef');
  });

  it('refuses a sealed value under another key or edited, and reads a value stored before sealing as is', () => {
    const sealed = new SecretBox({ KJ_SECRETS_KEY: key }).seal('whsec-0123456789abcdef');
    expect(() => new SecretBox({}).open(sealed)).toThrow();
    const edited = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => new SecretBox({ KJ_SECRETS_KEY: key }).open(edited)).toThrow();
    expect(new SecretBox({}).open('whsec-plain-from-before')).toBe('whsec-plain-from-before');
  });

  it('needs its key in production, of 32 bytes', () => {
    expect(() => new SecretBox({ NODE_ENV: 'production' })).toThrow(/KJ_SECRETS_KEY must be set/);
    expect(() => new SecretBox({ KJ_SECRETS_KEY: 'c2hvcnQ=' })).toThrow(/exactly 32 bytes/);
    expect(new SecretBox({}).development).toBe(true);
  });
});
