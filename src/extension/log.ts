// The "Connection Doctor" output channel. Every line passes through redaction — ours and the language
// client's (it writes the server's console here) — because a URL with a password can reach a message from
// anywhere: an error string, a setting, a server's redirect.
import * as vscode from 'vscode';
import { redactText } from '../vocabulary/redact';

const KEPT = 2000;

export class Log implements vscode.Disposable {
  private readonly real = vscode.window.createOutputChannel('Connection Doctor');
  /** The last lines written, as written (redacted): what the tests grep for secrets. */
  readonly lines: string[] = [];
  /** Hand this to the language client: it redacts too. */
  readonly channel: vscode.OutputChannel;

  constructor() {
    const write = (text: string, newline: boolean): void => {
      const safe = redactText(text);
      this.lines.push(safe);
      if (this.lines.length > KEPT) this.lines.splice(0, this.lines.length - KEPT);
      if (newline) this.real.appendLine(safe);
      else this.real.append(safe);
    };
    const real = this.real;
    this.channel = {
      name: real.name,
      append: (v) => write(v, false),
      appendLine: (v) => write(v, true),
      replace: (v) => real.replace(redactText(v)),
      clear: () => real.clear(),
      show: (a?: unknown, b?: boolean) => real.show(typeof a === 'boolean' ? a : b),
      hide: () => real.hide(),
      dispose: () => undefined, // the client must not close our channel on restart
    } as vscode.OutputChannel;
  }

  info(msg: string): void {
    this.channel.appendLine(`${new Date().toISOString().slice(11, 23)} ${msg}`);
  }

  error(msg: string, e?: unknown): void {
    this.info(`ERROR ${msg}${e === undefined ? '' : ': ' + (e instanceof Error ? e.message : String(e))}`);
  }

  show(): void {
    this.real.show(true);
  }

  dispose(): void {
    this.real.dispose();
  }
}
