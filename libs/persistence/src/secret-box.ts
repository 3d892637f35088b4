import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const DEV_KEY = createHash('sha256').update('kjflow-dev-secrets-key-change-me').digest();
const PREFIX = 'sealed:v1:';

/**
 * Seals secrets the product must read back (a webhook's signing secret) with AES-256-GCM under
 * `KJ_SECRETS_KEY` (base64 of 32 bytes; a development key outside production). The API seals a
 * secret before it enters a Temporal update, so neither the workflow's history nor the database
 * holds it in clear; the activity that signs a delivery opens it.
 */
export class SecretBox {
  private readonly key: Buffer;
  readonly development: boolean;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    const configured = env.KJ_SECRETS_KEY;
    if (!configured && env.NODE_ENV === 'production')
      throw new Error('KJ_SECRETS_KEY must be set in production (base64 of 32 random bytes)');
    this.key = configured ? Buffer.from(configured, 'base64') : DEV_KEY;
    if (this.key.length !== 32) throw new Error('KJ_SECRETS_KEY must be base64 of exactly 32 bytes');
    this.development = !configured;
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64')).join(':');
  }

  /** The secret in clear; a value stored before sealing began is returned as it is. */
  open(stored: string): string {
    if (!stored.startsWith(PREFIX)) return stored;
    const [iv, tag, data] = stored
      .slice(PREFIX.length)
      .split(':')
      .map((p) => Buffer.from(p, 'base64'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
  }
}
