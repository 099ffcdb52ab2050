/**
 * A command line as a POSIX shell splits it, for the simple lines idleprobe prints: words separated by
 * blanks, single and double quotes, and leading VAR=value assignments (the environment of the command).
 * Anything fancier (pipes, redirections, substitutions) is refused, so a test never reads one wrongly.
 */
export function shellWords(line: string): { env: Record<string, string>; words: string[] } {
  const words: string[] = [];
  let word: string | null = null;
  let quote: "'" | '"' | null = null;
  for (const char of line) {
    if (quote) {
      if (char === quote) quote = null;
      else word = (word ?? '') + char;
    } else if (char === "'" || char === '"') {
      quote = char;
      word = word ?? '';
    } else if (char === ' ' || char === '\t') {
      if (word !== null) words.push(word);
      word = null;
    } else if ('|&;<>`$\\'.includes(char)) {
      throw new Error(`shellWords reads plain command lines only, and this one has ${char}: ${line}`);
    } else {
      word = (word ?? '') + char;
    }
  }
  if (quote) throw new Error(`unclosed quote in: ${line}`);
  if (word !== null) words.push(word);
  const env: Record<string, string> = {};
  while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) {
    const [name, ...value] = words.shift()!.split('=');
    env[name!] = value.join('=');
  }
  return { env, words };
}
