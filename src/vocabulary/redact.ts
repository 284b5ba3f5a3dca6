// Credentials never leave the engine: every surface shows URLs through redactUrl (url-rules R7).

/** `scheme://user:secret@host/…` → `scheme://user:***@host/…`; a userinfo without `:` is kept. */
export function redactUrl(url: string): string {
  const sep = url.indexOf('://');
  if (sep < 0) return url;
  const authStart = sep + 3;
  let authEnd = url.length;
  for (const c of ['/', '?', '#']) {
    const i = url.indexOf(c, authStart);
    if (i >= 0 && i < authEnd) authEnd = i;
  }
  const at = url.lastIndexOf('@', authEnd - 1);
  if (at < authStart) return url;
  const colon = url.indexOf(':', authStart);
  if (colon < 0 || colon > at) return url;
  return url.slice(0, colon + 1) + '***' + url.slice(at);
}

/** Redacts every URL-looking token inside a free-text message (error strings can echo URLs). */
export function redactText(text: string): string {
  // The lookbehind starts a scheme only at the start of a run: without it a long run of letters is quadratic.
  return text.replace(/(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, (u) => redactUrl(u));
}

/** Input that should have been a URL but may not be one (no scheme, `postgres//…`): user:password@ is masked anyway. */
export function redactLoose(text: string): string {
  return redactText(text).replace(/(^|[\s/])([^\s:/@]*):(?!\*\*\*@)[^\s/@]*@/g, '$1$2:***@');
}
