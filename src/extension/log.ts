// The "Connection Doctor" output channel. Every line passes through redaction — ours and the language
// client's (it writes the server's console here) — because a URL with a password can reach a message from
// anywhere: an error string, a setting, a server's redirect.
import * as vscode from 'vscode';
import { redactText } from '../vocabulary/redact';

const KEPT = 2000;

export class Log implements vscode.Disposable {
  /** A log channel: levels, timestamps, and the user's Set Log Level apply (Developer: Set Log Level…). */
  private readonly real = vscode.window.createOutputChannel('Connection Doctor', { log: true });
  /** The last lines written, as written (redacted): what the tests grep for secrets. */
  readonly lines: string[] = [];
  /** Hand this to the language client: it redacts too. */
  readonly channel: vscode.OutputChannel;

  constructor() {
    const keep = (safe: string): void => {
      this.lines.push(safe);
      if (this.lines.length > KEPT) this.lines.splice(0, this.lines.length - KEPT);
    };
    this.keep = keep;
    // The language client writes the server's console here (already leveled and timed by the server's lines).
    const write = (text: string, newline: boolean): void => {
      const safe = redactText(text);
      keep(safe);
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

  private readonly keep: (safe: string) => void;

  info(msg: string): void {
    const safe = redactText(msg);
    this.keep(safe);
    this.real.info(safe);
  }

  debug(msg: string): void {
    const safe = redactText(msg);
    this.keep(safe);
    this.real.debug(safe);
  }

  error(msg: string, e?: unknown): void {
    const safe = redactText(`${msg}${e === undefined ? '' : ': ' + (e instanceof Error ? e.message : String(e))}`);
    this.keep(safe);
    this.real.error(safe);
  }

  /** The channel's log level (a LogOutputChannel has one; the user sets it with Developer: Set Log Level…). */
  get level(): vscode.LogLevel {
    return this.real.logLevel;
  }

  show(): void {
    this.real.show(true);
  }

  dispose(): void {
    this.real.dispose();
  }
}
