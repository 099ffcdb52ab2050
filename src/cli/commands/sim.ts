import { IdleprobeError } from '../../errors.js';
import { EXIT_CODES } from '../../exit-codes.js';
import { TRIGGER_PATH } from '../../sim/control-route.js';
import { parsePublicUrl } from '../../sim/public-url.js';
import { type RunningSimulator, type SimRecord, startSimulator } from '../../sim/simulator.js';
import type { CliIo } from '../cli-io.js';
import { isLoopback } from '../credential-destination.js';
import { ENV } from '../env-names.js';
import { writeJournalFile } from '../sim-journal-file.js';
import { keyAction, keyLegend } from '../sim-keys.js';
import { LiveJournalView } from '../sim-live-line.js';
import { parseCardFormat } from './grade.js';
import { collectForGrade } from './sim-grade.js';

export interface SimFlags {
  port?: string;
  host?: string;
  scenario?: string;
  timeScale?: string;
  publicUrl?: string;
  tls?: boolean;
  journal?: string;
  /** Print the report card of every client when the simulator stops. */
  grade?: boolean;
  /** The report card's format. */
  format?: string;
}

/**
 * `idleprobe sim`: the simulator on its own, for a probe in another terminal or for another client
 * (the official SDKs, a browser app) to be tested against, directly or behind a front. Runs until Ctrl-C.
 */
export async function simCommand(flags: SimFlags, io: CliIo): Promise<number> {
  const port = flags.port === undefined ? 0 : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_USAGE',
      `--port "${flags.port}" must be a port number from 0 to 65535 (0 picks a free one).`,
    );
  }
  const timeScale = flags.timeScale === undefined ? 1 : Number(flags.timeScale);
  if (!Number.isFinite(timeScale) || timeScale < 1) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_USAGE',
      `--time-scale "${flags.timeScale}" must be a number of at least 1.`,
    );
  }
  if (flags.format !== undefined && !flags.grade)
    throw new IdleprobeError('IDLEPROBE_ERR_USAGE', "--format is the report card's format: add --grade.");
  const cardFormat = flags.grade ? parseCardFormat(flags.format) : null;
  if (flags.publicUrl !== undefined) {
    const parsed = parsePublicUrl(flags.publicUrl);
    if (!parsed.ok)
      throw new IdleprobeError('IDLEPROBE_ERR_USAGE', `--public-url "${flags.publicUrl}" ${parsed.problem}.`);
  }
  const sim = await startSimulator({
    port,
    timeScale,
    clock: io.clock,
    ...(flags.host ? { host: flags.host } : {}),
    ...(flags.scenario ? { scenario: flags.scenario } : {}),
    ...(flags.publicUrl === undefined ? {} : { publicUrl: flags.publicUrl }),
    ...(flags.tls ? { tls: true } : {}),
  });
  const grading = cardFormat === null ? null : collectForGrade(sim.journal, sim.scenario.heartbeatIntervalMs);
  // With --grade, standard output carries the card alone (`sim --grade --format junit > card.xml`): the banner,
  // the live lines and the key legend go to standard error.
  const screen = grading ? io.stderr : io.stdout;
  let journalFile: ReturnType<typeof writeJournalFile> | null = null;
  let releaseKeys: (() => void) | null = null;
  try {
    // The file first, so a record is on disk before it is shown.
    if (flags.journal !== undefined)
      journalFile = writeJournalFile(flags.journal, sim.journal, { clock: io.clock, owner: io.self });
    const view = new LiveJournalView();
    await new Promise<void>((resolve) => {
      // Ctrl-C is handled before the banner says it stops the simulator: one pressed (or sent by a script)
      // the moment the banner shows must close it cleanly, not kill the process.
      const release = io.onStopSignal(() => stop());
      function stop(): void {
        release();
        resolve();
      }
      screen.write(banner(sim, timeScale));
      sim.journal.on('record', (record: SimRecord) => {
        const line = view.line(record, io.clock.wallNow(), screen.columns);
        if (line !== null) screen.write(`${line}\n`);
      });
      releaseKeys =
        io.readKeys?.((key) => {
          const action = keyAction(key);
          if (action === 'quit') stop();
          else if (action !== null) sim.trigger(action, 'key');
        }) ?? null;
      if (releaseKeys !== null) screen.write(keyLegend(screen.columns));
    });
  } finally {
    (releaseKeys as (() => void) | null)?.();
    await sim.close();
    journalFile?.close();
  }
  const failure = journalFile?.failure();
  if (failure) {
    io.stderr.write(`idleprobe: ${failure.message}\n`);
    return EXIT_CODES.failed;
  }
  // The card goes out once every socket is closed, so it holds the last close too.
  return grading && cardFormat ? grading.finish(cardFormat, io) : EXIT_CODES.ok;
}

function banner(sim: RunningSimulator, timeScale: number): string {
  const c = sim.credentials;
  const scale = timeScale === 1 ? '' : ` --time-scale ${timeScale}`;
  const ca = sim.tls ? ` --ca ${sim.tls.caFile}` : '';
  // Reached from another machine, the simulator may be plain http:// off loopback: a run sends credentials
  // there only when told to (credential-destination.ts), and these are throwaway ones.
  const trust = isLoopback(new URL(sim.apiBase).hostname) ? '' : `${ENV.trustBase}=${new URL(sim.apiBase).origin} `;
  const front =
    sim.apiBase === sim.localBase
      ? []
      : [
          `  Advertised at ${sim.apiBase}: every connectUri and base below points there; forward it to ${sim.localBase}`,
        ];
  const tls = sim.tls
    ? [
        `  TLS: a private CA made for this run signed the certificate for ${sim.tls.hosts.join(', ')}`,
        `  Trust it with --ca ${sim.tls.caFile} (removed when the simulator stops)`,
      ]
    : [];
  return [
    `Simulator listening on ${sim.localBase}: scenario "${sim.scenario.name}" (${sim.scenario.summary}), time scale ${timeScale}x`,
    ...front,
    ...tls,
    `  --api-base ${sim.apiBase} --login-base ${sim.loginBase}`,
    '  Throwaway credentials of this simulator (not secrets of any real org):',
    `  OAuth client: --client-id ${c.clientId} --client-secret ${c.clientSecret}`,
    `  Agent token (user ${c.userId}): --token ${c.userToken}`,
    '',
    `  ${trust}idleprobe run --api-base ${sim.apiBase} --login-base ${sim.loginBase} --client-id ${c.clientId} --client-secret ${c.clientSecret}${ca}${scale}`,
    '',
    `  Triggers (docs/test-bench.md): curl -X POST ${sim.localBase}${TRIGGER_PATH} -d '{"action": "maintenance", "channel": "*"}'`,
    'Ctrl-C stops it.',
    '',
  ].join('\n');
}
