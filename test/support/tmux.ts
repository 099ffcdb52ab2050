import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BoxKind, boxSkipReason, requireExecutable } from './box-process.js';
import { within } from './deadline.js';
import { cleanEnv } from './spawn-cli.js';

const TMUX: BoxKind = { name: 'tmux', binaries: ['/usr/bin/tmux', '/usr/local/bin/tmux'], debianPackage: 'tmux' };

/** Why the terminal tests cannot run here (tmux missing outside CI), or false. */
export const tmuxSkipReason = (): string | false => boxSkipReason(TMUX);

/** Longer than any command a test runs in the pane; a command still running then is hung. */
const COMMAND_WAIT_MS = 60_000;

/**
 * A real terminal: a tmux server of its own (its own socket, no user config) with one pane of a fixed size,
 * in which a test runs one command, then reads the screen as a person would see it (`capture-pane`) and,
 * when asked, every byte the command wrote to it (`pipe-pane`).
 */
export class TmuxPane {
  private readonly socket: string;
  private readonly rawFile: string;
  private readonly exitFile: string;
  private readonly tmux: string;

  private constructor(
    readonly dir: string,
    readonly columns: number,
  ) {
    this.tmux = requireExecutable(TMUX);
    this.socket = join(dir, 'tmux.sock');
    this.rawFile = join(dir, 'pane.raw');
    this.exitFile = join(dir, 'exit-code');
  }

  /**
   * Runs `command` (a shell command line) in a fresh pane of `columns` x `rows`, its output also recorded
   * raw from its first byte, and resolves with its exit code once it ended. `env` is the pane's environment
   * on top of the test's clean one; COLUMNS and LINES are left to the terminal.
   */
  static async run(
    command: string,
    options: { columns: number; rows?: number; env?: Record<string, string> },
  ): Promise<{ pane: TmuxPane; code: number }> {
    const pane = new TmuxPane(mkdtempSync(join(tmpdir(), 'idleprobe-tmux-')), options.columns);
    try {
      const code = await pane.start(command, options.rows ?? 50, options.env ?? {});
      return { pane, code };
    } catch (error) {
      // A pane that failed is not the caller's to close: its server and folder go now.
      pane.close();
      throw error;
    }
  }

  private async start(command: string, rows: number, extraEnv: Record<string, string>): Promise<number> {
    const config = join(this.dir, 'tmux.conf');
    // A dead pane stays readable; the history holds every line the command prints.
    writeFileSync(config, 'set -g remain-on-exit on\nset -g history-limit 10000\nset -g default-terminal screen\n');
    const env = cleanEnv(extraEnv);
    for (const key of ['TMUX', 'TMUX_PANE', 'LINES']) delete env[key];
    const quiet = { env, cwd: this.dir, stdio: 'ignore' } as const;
    // The command waits for the raw recording to be in place before it starts, and says when it is done.
    const script = [
      `${this.tmux} -S ${quote(this.socket)} wait-for go`,
      command,
      `echo $? > ${quote(this.exitFile)}`,
      `${this.tmux} -S ${quote(this.socket)} wait-for -S done`,
    ].join('; ');
    execFileSync(
      this.tmux,
      ['-S', this.socket, '-f', config, 'new-session', '-d', '-x', String(this.columns), '-y', String(rows), script],
      quiet,
    );
    execFileSync(this.tmux, ['-S', this.socket, 'pipe-pane', '-o', `cat >> ${quote(this.rawFile)}`], quiet);
    execFileSync(this.tmux, ['-S', this.socket, 'wait-for', '-S', 'go'], quiet);
    const waiter = spawn(this.tmux, ['-S', this.socket, 'wait-for', 'done'], quiet);
    const done = new Promise<void>((resolve, reject) => {
      waiter.once('error', reject);
      waiter.once('close', () => resolve());
    });
    await within(done, `the command in the tmux pane to end: ${command}`, COMMAND_WAIT_MS).catch((error: Error) => {
      waiter.kill();
      throw new Error(`${error.message}\nscreen:\n${this.screen()}`);
    });
    if (!existsSync(this.exitFile)) throw new Error(`no exit code from: ${command}`);
    return Number(readFileSync(this.exitFile, 'utf8').trim());
  }

  /**
   * The pane's lines from the top of its history, as a person scrolling back would read them: lines the
   * terminal wrapped are joined again (so one too wide shows as wider than the pane), trailing blanks cut.
   * `escapes` keeps the colour codes tmux shows.
   */
  screen(options: { escapes?: boolean } = {}): string[] {
    const args = ['-S', this.socket, 'capture-pane', '-p', '-J', '-S', '-', ...(options.escapes ? ['-e'] : [])];
    const text = execFileSync(this.tmux, args, { encoding: 'utf8' });
    const lines = text.split('\n').map((line) => line.replace(/\s+$/, ''));
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines;
  }

  /** Every byte the command wrote to the terminal, escapes and carriage returns included. */
  raw(): string {
    return existsSync(this.rawFile) ? readFileSync(this.rawFile, 'utf8') : '';
  }

  close(): void {
    try {
      execFileSync(this.tmux, ['-S', this.socket, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // already gone
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A word for `sh`, quoted. */
export function quote(word: string): string {
  return `'${word.replaceAll("'", "'\\''")}'`;
}
