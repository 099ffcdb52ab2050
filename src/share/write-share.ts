import { basename, join } from 'node:path';
import { summarizeLogs } from '../analysis/summarize-logs.js';
import { TimelineCollector } from '../analysis/timeline.js';
import { sniffLogFormat } from '../har/detect-log-format.js';
import { readHar } from '../har/read-har.js';
import { openLog } from '../log/open-log.js';
import { readLines } from '../log/read-lines.js';
import { renderMarkdown } from '../report/render-markdown.js';
import { renderSvg } from '../report/render-svg.js';
import { Redactor } from './redactor.js';
import { type ShareFile, ShareFolder } from './share-folder.js';

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
  const folder = new ShareFolder(outDir);
  try {
    const redactor = new Redactor(options.salt);
    const copies: string[] = [];
    const used = new Set<string>();
    for (const file of files) {
      const copy = await folder.create(join(outDir, uniqueName(file, used)));
      await writeRedactedCopy(file, copy, redactor);
      copies.push(copy.path);
    }
    const timelines = new TimelineCollector();
    const summary = await summarizeLogs(copies, {
      sourceName: (path) => basename(path),
      timelines,
      onWarning: options.onWarning,
    });
    await writeText(await folder.create(join(outDir, 'summary.md')), renderMarkdown(summary));
    const drawn = timelines.result();
    await writeText(
      await folder.create(join(outDir, 'timeline.svg')),
      renderSvg(summary, drawn.timelines, drawn.notDrawn),
    );
    return { written: folder.files() };
  } catch (error) {
    folder.discard();
    throw error;
  }
}

/** `run.ndjson` -> `run.redacted.ndjson`; a second `run.ndjson` from another folder gets `run-2.redacted.ndjson`. */
function uniqueName(file: string, used: Set<string>): string {
  const stem = basename(file).replace(/\.(ndjson|jsonl|json|log|har)$/i, '');
  let name = `${stem}.redacted.ndjson`;
  for (let n = 2; used.has(name); n += 1) name = `${stem}-${n}.redacted.ndjson`;
  used.add(name);
  return name;
}

/**
 * A log streams line by line through the redactor, in constant memory whatever its size. A HAR is one JSON
 * document (a browser saves it pretty-printed): its notification socket is shared as the events it stands
 * for, redacted, since the rest of a HAR is the whole browsing session.
 */
async function writeRedactedCopy(file: string, copy: ShareFile, redactor: Redactor): Promise<void> {
  const input = await openLog(file);
  try {
    const { format, chunks } = await sniffLogFormat(input.stream);
    if (format === 'har') {
      for (const event of await readHar(chunks, input.name))
        await copy.write(`${JSON.stringify(redactor.value(event))}\n`);
    } else {
      for await (const batch of readLines(chunks))
        for (const line of batch) await copy.write(`${'tooLong' in line ? '' : redactLine(line.text, redactor)}\n`);
    }
    await copy.close();
  } catch (error) {
    await copy.abandon();
    throw error;
  } finally {
    input.stream.destroy();
  }
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

async function writeText(file: ShareFile, text: string): Promise<void> {
  try {
    await file.write(text);
    await file.close();
  } catch (error) {
    await file.abandon();
    throw error;
  }
}
