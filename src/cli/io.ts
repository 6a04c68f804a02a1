// What the CLI reads and writes, kept behind one interface: results go to stdout, progress and
// errors to stderr, passwords come from stdin or a prompt that does not echo.

export interface CliIo {
  /** A line of result (stdout). */
  out(text: string): void;
  /** A line of progress or an error (stderr). */
  err(text: string): void;
  /** All of stdin, for --password-stdin. */
  readStdin(): Promise<string>;
  /** Asks on the terminal without echoing what is typed. */
  promptSecret(question: string): Promise<string>;
  readonly stdinIsTerminal: boolean;
}

const withNewline = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);

export const processIo: CliIo = {
  out: (text) => process.stdout.write(withNewline(text)),
  err: (text) => process.stderr.write(withNewline(text)),
  async readStdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString('utf8');
  },
  promptSecret,
  get stdinIsTerminal() {
    return process.stdin.isTTY === true;
  },
};

function promptSecret(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (finish: () => void) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      finish();
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done(() => resolve(typed));
        if (ch === '\u0003') return done(() => reject(new Error('cancelled')));
        typed = ch === '\u007f' || ch === '\b' ? typed.slice(0, -1) : typed + ch;
      }
    };
    stdin.on('data', onData);
  });
}
