/**
 * Authentication: `Authorization: Bearer bwk_…` for API clients, or the UI's HttpOnly session cookie. Cookie
 * sessions must also send the CSRF token on every unsafe method (bearer tokens are not sent by browsers on
 * their own, so they need none). Scopes nest: admin ⊃ scan ⊃ read.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { allows, sessionFor, verifyToken, type Scope } from '../store/index.js';
import type { AppDeps, Guard } from './context.js';

export const SESSION_COOKIE = 'bulwark_session';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Verified bearer tokens for a moment: a hundred concurrent readers need not each re-read the token row. A
// revocation through this server clears it at once (clearVerifiedTokens); one made elsewhere (the CLI, another
// server) takes effect within TOKEN_TTL_MS.
const TOKEN_TTL_MS = 2000;
const verified = new Map<string, { id: string; scope: Scope; at: number }>();
export function clearVerifiedTokens(): void { verified.clear(); }

async function verifyCached(deps: AppDeps, token: string): Promise<{ id: string; scope: Scope } | undefined> {
  const hit = verified.get(token);
  if (hit && Date.now() - hit.at < TOKEN_TTL_MS) return hit;
  const t = await verifyToken(deps.db, token);
  if (t) {
    if (verified.size > 1000) verified.clear();
    verified.set(token, { ...t, at: Date.now() });
  } else verified.delete(token);
  return t;
}

export function makeGuard(app: FastifyInstance, deps: AppDeps): Guard {
  return (scope: Scope) => async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.auth) {
      const h = req.headers.authorization;
      if (h) {
        const m = /^Bearer\s+(\S+)$/i.exec(h);
        const t = m ? await verifyCached(deps, m[1]!) : undefined;
        if (!t) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message: 'invalid or revoked token' });
        req.auth = { tokenId: t.id, scope: t.scope, via: 'token' };
      } else {
        const raw = req.cookies[SESSION_COOKIE];
        const unsigned = raw ? req.unsignCookie(raw) : undefined;
        const s = unsigned?.valid && unsigned.value ? await sessionFor(deps.db, unsigned.value) : undefined;
        if (!s) return reply.code(401).header('www-authenticate', 'Bearer').send({ error: 'unauthorized', message: 'a token or a session is required' });
        req.auth = { tokenId: s.tokenId, scope: s.scope, via: 'session' };
        if (UNSAFE.has(req.method)) {
          // @fastify/csrf-protection reads the token from the x-csrf-token header; on failure it sends the 403 itself.
          let ok = false;
          app.csrfProtection(req, reply, () => { ok = true; });
          if (!ok) return reply;
        }
      }
    }
    if (!allows(req.auth.scope, scope)) return reply.code(403).send({ error: 'forbidden', message: `this needs a ${scope} token` });
  };
}
