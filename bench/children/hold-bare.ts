// First: the V8 settings of a live run, before anything else loads (both clients alike).
import './run-heap.js';
import { WebSocket } from 'ws';
import { forwardGcPauses } from './gc-pauses.js';
import { answerSamples } from './holder-report.js';

/**
 * The bare client of bench/hold-channels.ts: creates its channels with one POST each, opens one `ws`
 * socket on each, and does nothing but count the frames. What any client must spend to hold the sockets.
 */
const { apiBase, token, channels, forward } = JSON.parse(process.argv[2] ?? '{}') as {
  apiBase: string;
  token: string;
  channels: number;
  /**
   * Send each frame's arrival to the parent (bench/timestamp-fidelity.ts): its channel and monotonic time,
   * and each garbage-collection pause.
   */
  forward?: boolean;
};
if (forward) forwardGcPauses(() => 0);
let opened = 0;
let frames = 0;
const sockets: WebSocket[] = [];
answerSamples(
  () => ({ opened, frames }),
  async () => {
    for (const socket of sockets) socket.terminate();
  },
);
process.send?.('ready');
await new Promise<void>((resolve) => process.once('message', () => resolve()));
await Promise.all(
  Array.from({ length: channels }, async () => {
    const response = await fetch(`${apiBase}/api/v2/notifications/channels`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    const { connectUri, id } = (await response.json()) as { connectUri: string; id: string };
    const socket = new WebSocket(connectUri, { perMessageDeflate: false });
    sockets.push(socket);
    socket.on('open', () => {
      opened += 1;
    });
    socket.on('message', () => {
      frames += 1;
      if (forward) process.send?.({ arrived: id, at: performance.now() });
    });
  }),
);
