import { isRecord } from '../protocol/json-record.js';
import { type HttpClientOptions, sendHttp } from './http.js';

/**
 * What the service says about a token's idle expiry. Genesys has an org-wide "idle token timeout"
 * (5 minutes to 8 hours; 15 minutes or less with HIPAA enabled): a user's token that makes no API call for
 * that long expires, whatever its socket receives. Heartbeats are server-to-client and never touch the
 * token, so this timer is a candidate for a closure at a fixed time after the last REST call.
 * `GET /api/v2/tokens/me` gives `dateTokenIdles`; `GET /api/v2/tokens/timeout` gives the org setting.
 * Either may be refused (permissions, client-credentials tokens): those facts stay unknown (null).
 */
export interface TokenIdleInfo {
  /** When the token will expire if it stays idle, as the service computed it at this call. */
  idlesAt: string | null;
  idleTimeoutMs: number | null;
  idleTimeoutEnabled: boolean | null;
}

export async function readTokenIdleInfo(
  apiBase: string,
  token: string,
  http: HttpClientOptions,
): Promise<TokenIdleInfo> {
  const get = async (path: string): Promise<Record<string, unknown> | null> => {
    try {
      const reply = await sendHttp(
        { method: 'GET', base: apiBase, path, headers: { authorization: `Bearer ${token}` }, secrets: [token] },
        http,
      );
      return isRecord(reply.json) ? reply.json : null;
    } catch {
      return null;
    }
  };
  const [me, timeout] = await Promise.all([get('/api/v2/tokens/me'), get('/api/v2/tokens/timeout')]);
  const idles = me?.dateTokenIdles;
  const seconds = timeout?.idleTokenTimeoutSeconds;
  const enabled = timeout?.enableIdleTokenTimeout;
  return {
    idlesAt: typeof idles === 'string' ? idles : null,
    idleTimeoutMs: typeof seconds === 'number' ? seconds * 1000 : null,
    idleTimeoutEnabled: typeof enabled === 'boolean' ? enabled : null,
  };
}
