import { IdleprobeError } from '../errors.js';
import { isRecord } from '../protocol/json-record.js';
import { type HttpCall, type HttpClientOptions, sendHttp, unexpectedReply } from './http.js';

export interface TokenGrant {
  accessToken: string;
  /** Lifetime the login service granted; null when the reply did not say. */
  expiresInMs: number | null;
  tokenType: string;
}

export interface ClientCredentialsOptions extends HttpClientOptions {
  /** `https://login.{env}`, or the simulator's http:// origin. */
  loginBase: string;
  clientId: string;
  clientSecret: string;
}

const CREDENTIAL_ADVICE =
  'The login service rejected the OAuth client id and secret: check GENESYSCLOUD_OAUTHCLIENT_ID and ' +
  'GENESYSCLOUD_OAUTHCLIENT_SECRET, and that the region is the one the OAuth client was created in ' +
  '(a client exists in one region only).';

const GRANT_ADVICE =
  'The login service refused the grant: the OAuth client must use the Client Credentials grant type ' +
  '(Admin > Integrations > OAuth), and its id and secret must belong to this region.';

/**
 * Client-credentials grant (protocol.md, OAuth): `POST {loginBase}/oauth/token` with
 * `Authorization: Basic base64(id:secret)` and the form body `grant_type=client_credentials`.
 * The reply's `expires_in` is in seconds; the OAuth client decides it (5 min to 48 h, 24 h by default).
 */
export async function requestClientCredentialsToken(opts: ClientCredentialsOptions): Promise<TokenGrant> {
  const { loginBase, clientId, clientSecret, ...http } = opts;
  if (clientId.trim() === '' || clientSecret.trim() === '') {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_CONFIG',
      'An OAuth client id and secret are both needed for the client-credentials grant: set ' +
        'GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET, or pass a token instead.',
    );
  }
  const basic = Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64');
  const call: HttpCall = {
    method: 'POST',
    base: loginBase,
    path: '/oauth/token',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    secrets: [clientSecret, basic],
    advice: { 400: GRANT_ADVICE, 401: CREDENTIAL_ADVICE },
  };
  const reply = await sendHttp(call, http);
  const json = reply.json;
  // The body of a successful grant holds the token: never quote it, whatever shape it has.
  if (!isRecord(json) || typeof json.access_token !== 'string' || json.access_token === '') {
    throw unexpectedReply(call, reply, 'a token grant ({"access_token","token_type","expires_in"})', false);
  }
  const expiresIn = Number(json.expires_in ?? Number.NaN);
  const tokenType = json.token_type;
  return {
    accessToken: json.access_token,
    expiresInMs: Number.isFinite(expiresIn) && expiresIn > 0 ? Math.round(expiresIn * 1000) : null,
    tokenType: typeof tokenType === 'string' && tokenType !== '' ? tokenType : 'bearer',
  };
}
