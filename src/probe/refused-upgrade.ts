import { UpgradeRefusedError } from '../channel/socket-data.js';

/** What a HEAD of the channel said after its upgrade was refused; null when the HEAD itself failed. */
export type ChannelAfterRefusal = 'exists' | 'gone' | null;

/**
 * Whether a refused upgrade may hide a channel that still exists: a client error other than the ones that
 * name their own cause (a refused token, a proxy login, a rate limit). A proxy that strips the `Upgrade`
 * header (Squid does by default on any request it reads, so also behind TLS inspection) turns the upgrade
 * into a plain GET, which the service answers 404 or 400 whether the channel exists or not.
 */
export function mayHideStrippedUpgrade(refusal: UpgradeRefusedError): boolean {
  const { status } = refusal;
  return status >= 400 && status < 500 && ![401, 403, 407, 429].includes(status);
}

/**
 * The refused upgrade explained with the channel's fate: a channel that exists behind a refused upgrade
 * points at the path (the proxy named when one is in use, and whatever the answer's own headers say about
 * who gave it); only a channel the service says is gone is called gone.
 */
export function explainRefusedUpgrade(
  refusal: UpgradeRefusedError,
  channel: ChannelAfterRefusal,
  proxy: string | null,
): UpgradeRefusedError {
  const { status, via, server, retryAfterMs } = refusal;
  const explained = (message: string): UpgradeRefusedError =>
    new UpgradeRefusedError(status, via, server, retryAfterMs, message);
  if (channel === 'gone') {
    return explained(
      `the WebSocket upgrade was refused with ${status} and the channel no longer exists (HEAD 404): it expired, was evicted by a newer channel, or was deleted.`,
    );
  }
  const suspect = proxy ? `the proxy ${proxy}` : 'a proxy, gateway or TLS inspection';
  const answeredBy = via
    ? ` (the answer came through ${via}, says its Via header)`
    : server
      ? ` (the answer came from ${server}, says its Server header)`
      : '';
  if (channel === 'exists') {
    return explained(
      `the channel exists, but the upgrade was refused with ${status}: something in the path (${suspect}) strips the Upgrade header, ` +
        `so the service saw a plain GET${answeredBy}. Let WebSocket upgrades to the streaming host through it, or exempt that host from TLS inspection.`,
    );
  }
  return explained(
    `the WebSocket upgrade was refused with ${status}${answeredBy}, and whether the channel still exists could not be checked: ` +
      `either it is gone, or something in the path (${suspect}) strips the Upgrade header.`,
  );
}
