/**
 * Reads a password for a command-line tool. On a terminal: a prompt on stderr, nothing echoed
 * (raw mode), Ctrl-C aborts. From a pipe (automation, tests): one line per call from stdin, so
 * `printf 'pw\npw\n' | npm run admin:create …` answers the prompt and its confirmation.
 */
import readline from 'node:readline';

let pipedLines: AsyncIterator<string> | null = null;

async function readPipedLine(): Promise<string> {
  pipedLines ??= readline.createInterface({ input: process.stdin, terminal: false })[Symbol.asyncIterator]();
  const next = await pipedLines.next();
  if (next.done) throw new Error('no password on standard input');
  return next.value;
}

function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    let value = '';
    const done = (err: Error | null) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err); else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003') return done(new Error('aborted'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

export async function readPassword(prompt: string): Promise<string> {
  if (process.stdin.isTTY) return readHidden(prompt);
  process.stderr.write(prompt + '\n');
  return readPipedLine();
}

/** Releases stdin so the process can exit after the last prompt. */
export function closePasswordInput(): void {
  pipedLines?.return?.();
  process.stdin.pause();
}
