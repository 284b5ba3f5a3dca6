// Terminal colour: on a TTY only, never with NO_COLOR (https://no-color.org) or TERM=dumb.
import { styleText } from 'node:util';

export type Paint = (format: Parameters<typeof styleText>[0], text: string) => string;

export function wantsColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export function painter(color: boolean): Paint {
  return color ? (format, text) => styleText(format, text) : (_format, text) => text;
}
