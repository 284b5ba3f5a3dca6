// Cheap, local guesses used before the language server has answered (pure: unit-tested). The server's
// discovery (url-rules.md) is the exact word; these only decide when to start it and what menus to show.

const SCHEMES = '(?:https?|wss?|postgres(?:ql)?|mysql|rediss?|amqps?|mongodb(?:\\+srv)?|nats)';

/** Does this text probably hold a URL the server would find? */
export const URL_HINT = new RegExp(`${SCHEMES}://`, 'i');

/** Is column `ch` of `line` inside something that looks like a URL? */
export function looksLikeUrlAt(line: string, ch: number): boolean {
  const re = new RegExp(`(?<![A-Za-z0-9+])${SCHEMES}://[^\\s"'<>\`\\\\^|{}]+`, 'gi');
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (ch >= m.index && ch <= m.index + m[0].length) return true;
    if (m.index > ch) break;
  }
  return false;
}
