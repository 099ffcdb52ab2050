import type { IncomingMessage, ServerResponse } from 'node:http';
import { newGuid } from './ids.js';

/** Bodies larger than this are refused: the real API takes at most 1,000 topics, a few tens of KB. */
const MAX_BODY_BYTES = 1_000_000;

export class BodyTooLargeError extends Error {}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  // Set one by one rather than passed to writeHead, so the journal can read them back (Retry-After).
  const all: Record<string, string> = {
    ...(text ? { 'content-type': 'application/json; charset=UTF-8' } : {}),
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  };
  for (const [name, value] of Object.entries(all)) response.setHeader(name, value);
  response.writeHead(status);
  response.end(response.req.method === 'HEAD' ? undefined : text);
}

/** The Platform API's error body: `message`, `code`, `status`, plus the fields every error carries. */
export function genesysError(status: number, code: string, message: string): Record<string, unknown> {
  return { message, code, status, messageParams: {}, contextId: newGuid(), details: [], errors: [] };
}

export function sendGenesysError(
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  sendJson(response, status, genesysError(status, code, message), headers);
}
