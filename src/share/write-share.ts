import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { summarizeLogs } from '../analysis/summarize-logs.js';
import { TimelineCollector } from '../analysis/timeline.js';
import { IdleprobeError } from '../errors.js';
import { detectLogFormat } from '../har/detect-log-format.js';
import { readHar } from '../har/read-har.js';
import { openLog } from '../log/open-log.js';
import { renderMarkdown } from '../report/render-markdown.js';
import { renderSvg } from '../report/render-svg.js';
import { Redactor } from './redactor.js';

export interface ShareOptions {
  /** Fixes the tags' salt (tests); by default every share gets a fresh random one. */
  salt?: string;
  onWarning?: (message: string) => void;
}

export interface ShareResult {
  /** Every file written, in the order written. */
  written: string[];
}

/**
 * `--share DIR`: what to attach to a support case or a forum post. A redacted copy of each log (tokens,
 * channel ids and connect URIs, user/org/queue/conversation GUIDs, emails and phone numbers replaced by
 * consistent tags), then the markdown summary and the SVG timeline made from those redacted copies, so the
 * summary and the logs name things the same way and nothing in the folder needs redacting again.
 */
export async function writeShare(
  files: readonly string[],
  outDir: string,
  options: ShareOptions = {},
): Promise<ShareResult> {
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new IdleprobeError(
      'IDLEPROBE_ERR_USAGE',
      `cannot create the share folder "${outDir}": ${(error as Error).message}. Give a folder you can write to.`,
      { cause: error },
    );
  }
  const redactor = new Redactor(options.salt);
  const written: string[] = [];
  const used = new Set<string>();
  for (const file of files) {
    const target = join(outDir, uniqueName(file, used));
    // A HAR is one JSON document (a browser saves it pretty-printed): its notification socket is shared
    // as the events it stands for, redacted, since the rest of a HAR is the whole browsing session.
    if ((await detectLogFormat(file)) === 'har') await redactHar(file, target, redactor);
    else await redactFile(file, target, redactor);
    written.push(target);
  }
  const timelines = new TimelineCollector();
  const summary = await summarizeLogs(written, {
    sourceName: (path) => basename(path),
    timelines,
    onWarning: options.onWarning,
  });
  const markdown = join(outDir, 'summary.md');
  await writeText(markdown, renderMarkdown(summary));
  const drawn = timelines.result();
  const svg = join(outDir, 'timeline.svg');
  await writeText(svg, renderSvg(summary, drawn.timelines, drawn.notDrawn));
  return { written: [...written, markdown, svg] };
}

/** `run.ndjson` -> `run.redacted.ndjson`; a second `run.ndjson` from another folder gets `run-2.redacted.ndjson`. */
function uniqueName(file: string, used: Set<string>): string {
  const stem = basename(file).replace(/\.(ndjson|jsonl|json|log|har)$/i, '');
  let name = `${stem}.redacted.ndjson`;
  for (let n = 2; used.has(name); n += 1) name = `${stem}-${n}.redacted.ndjson`;
  used.add(name);
  return name;
}

/** Streams a log line by line through the redactor: constant memory whatever its size. */
async function redactFile(file: string, target: string, redactor: Redactor): Promise<void> {
  const input = await openLog(file);
  const output = createWriteStream(target);
  const lines = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (!output.write(`${redactLine(line, redactor)}\n`)) await once(output, 'drain');
    }
  } finally {
    lines.close();
    input.destroy();
    output.end();
    await once(output, 'close');
  }
}

async function redactHar(file: string, target: string, redactor: Redactor): Promise<void> {
  const events = await readHar(file);
  await writeText(target, events.map((event) => `${JSON.stringify(redactor.value(event))}\n`).join(''));
}

function redactLine(line: string, redactor: Redactor): string {
  if (line.trim() === '') return line;
  try {
    return JSON.stringify(redactor.value(JSON.parse(line)));
  } catch {
    // Not JSON (a line cut off by a killed process): without its keys nobody can tell which part is a
    // secret, so none of it is kept. A blank line is what a reader skips.
    return '';
  }
}

async function writeText(path: string, text: string): Promise<void> {
  const output = createWriteStream(path);
  output.end(text);
  await once(output, 'close');
}
