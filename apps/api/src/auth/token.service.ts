import { createSecretKey, KeyObject } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { jwtVerify, SignJWT } from 'jose';
import { Actor, actorSchema } from '@kjflow/domain';
import { settings } from '../settings';

const DEV_SECRET = 'kjflow-dev-secret-change-me-in-production';

/** HS256 JWTs carrying the actor (id, roles, institution); no database hit per request. */
@Injectable()
export class TokenService {
  private readonly log = new Logger('TokenService');
  /** A KeyObject made once: given bytes, jose makes one on every sign and verify. */
  private readonly key: KeyObject;
  readonly ttlSeconds = settings().JWT_TTL_SECONDS;

  constructor() {
    // Outside development a missing secret has already stopped the process (settings.ts).
    const secret = settings().JWT_SECRET;
    if (!secret) this.log.warn('JWT_SECRET not set; using the development secret');
    this.key = createSecretKey(new TextEncoder().encode(secret || DEV_SECRET));
  }

  sign(actor: Actor): Promise<string> {
    return new SignJWT({ roles: actor.roles, inst: actor.institutionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(actor.id)
      .setIssuer('kjflow')
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  async verify(token: string): Promise<Actor | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: 'kjflow', algorithms: ['HS256'] });
      const parsed = actorSchema.safeParse({
        id: payload.sub,
        roles: payload.roles,
        institutionId: payload.inst ?? null,
      });
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
