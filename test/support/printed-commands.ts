/**
 * The idleprobe commands a user is shown, read from where they are shown: README.md's ```sh blocks, the
 * EXAMPLES of --help, the banner of `idleprobe sim`. Each is kept as printed, to be run through a shell.
 */
export interface PrintedCommand {
  /** Where it was printed, for failure messages. */
  readonly source: string;
  readonly line: string;
  /** Why it is not run here, or null. */
  readonly skip: string | null;
}

/** An idleprobe invocation at the start of a line or after `&&`, after optional VAR=value assignments. */
const INVOKES = /(?:^|&&\s*)(?:[A-Z_][A-Z0-9_]*=\S*\s+)*idleprobe(?:\s|$)/;

/**
 * The rule for what cannot run on a test machine: a command that names something only its reader has.
 * That is a placeholder to fill in (`...`, `<user id>`), the reader's own Genesys org (a GENESYSCLOUD_
 * variable on the line, or after an `export GENESYSCLOUD_...` earlier in the same block), or the reader's
 * corporate proxy and its CA file (`proxy.corp`, `corp-root.pem`).
 */
export function skipReason(line: string, block: readonly string[]): string | null {
  if (/\.\.\.|<[a-z][^>]*>/.test(line)) return 'a placeholder the reader fills in';
  if (/GENESYSCLOUD_/.test(line)) return "the reader's own Genesys Cloud org";
  if (block.some((earlier) => /^export GENESYSCLOUD_/.test(earlier))) return "the reader's own Genesys Cloud org";
  if (/\bcorp\b/.test(line)) return "the reader's corporate proxy";
  return null;
}

/** The lines of README.md's ```sh blocks, one array per block, comments and blank lines left out. */
export function shellBlocks(markdown: string): string[][] {
  const blocks: string[][] = [];
  let current: string[] | null = null;
  for (const raw of markdown.split('\n')) {
    if (current === null) {
      if (/^```(sh|bash|shell)\s*$/.test(raw.trim())) current = [];
    } else if (raw.trim().startsWith('```')) {
      blocks.push(current);
      current = null;
    } else {
      const line = raw.trim();
      if (line && !line.startsWith('#')) current.push(line);
    }
  }
  return blocks;
}

/** Every line of README.md's shell blocks that runs idleprobe, with the rule's verdict. */
export function readmeCommands(markdown: string): PrintedCommand[] {
  return shellBlocks(markdown).flatMap((block, index) =>
    block.flatMap((line, at) =>
      INVOKES.test(line)
        ? [{ source: `README.md, shell block ${index + 1}`, line, skip: skipReason(line, block.slice(0, at)) }]
        : [],
    ),
  );
}

/** The `$ ` lines of a --help's EXAMPLES section. */
export function helpExamples(help: string, source: string): PrintedCommand[] {
  return help
    .split('\n')
    .filter((line) => line.startsWith('  $ '))
    .map((line) => line.slice(4).trim())
    .map((line) => ({ source, line, skip: skipReason(line, []) }));
}

/** The lines of `idleprobe sim`'s banner that run idleprobe. */
export function bannerCommands(banner: string): PrintedCommand[] {
  return banner
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => INVOKES.test(line))
    .map((line) => ({ source: "idleprobe sim's banner", line, skip: skipReason(line, []) }));
}
