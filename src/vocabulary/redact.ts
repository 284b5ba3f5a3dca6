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

/** Query and fragment keys whose values are secrets (exact names, lower case). */
const SECRET_KEYS = new Set([
  'key', 'apikey', 'api_key', 'api-key', 'sig', 'sv', 'signature', 'auth', 'authorization',
  'password', 'passwd', 'pwd', 'secret', 'code', 'session', 'sessionid', 'jwt', 'bearer', 'hmac',
  'x-amz-signature', 'x-amz-credential', 'x-amz-security-token', 'x-goog-signature', 'x-goog-credential',
]);
/** …and any key that says what it is: access_token, client_secret, github_token, x-api-key, aws_credential. */
const SECRET_KEY_PART = /token|secret|passw|signature|credential|api[-_]?key|private/i;

export function isSecretKey(key: string): boolean {
  let k = key;
  try {
    k = decodeURIComponent(key);
  } catch {
    // a malformed escape: judge the key as written
  }
  k = k.trim().toLowerCase();
  return SECRET_KEYS.has(k) || SECRET_KEY_PART.test(k);
}

/** `a=1&token=xyz` → `a=1&token=***` (keys and order kept; only secret values replaced). */
function redactParams(params: string): string {
  return params.replace(/(^|[&;])([^=&;#]*)=([^&;#]*)/g, (m, sep: string, k: string, v: string) => (v && v !== '***' && isSecretKey(k) ? `${sep}${k}=***` : m));
}

/**
 * What every surface of the editor shows: redactUrl, plus the values of secret-looking query and fragment
 * parameters (`?token=…`, `&sig=…`, `#access_token=…`, `X-Amz-Signature=…`, SAS `sv`/`sig`) as `***`. The probe
 * still sends the URL as written; the discovery contract's `url` (url-rules R7) keeps its query.
 */
export function redactSecrets(url: string): string {
  const u = redactUrl(url);
  const q = u.indexOf('?');
  const h = u.indexOf('#');
  let out = u;
  if (h >= 0) out = out.slice(0, h + 1) + redactParams(out.slice(h + 1));
  if (q >= 0 && (h < 0 || q < h)) {
    const end = h >= 0 ? h : out.length;
    out = out.slice(0, q + 1) + redactParams(out.slice(q + 1, end)) + out.slice(end);
  }
  return out;
}

/** Redacts every URL-looking token inside a free-text message (error strings can echo URLs). */
export function redactText(text: string): string {
  // The lookbehind starts a scheme only at the start of a run: without it a long run of letters is quadratic.
  return text.replace(/(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, (u) => redactSecrets(u));
}

/** Input that should have been a URL but may not be one (no scheme, `postgres//…`): user:password@ is masked anyway. */
export function redactLoose(text: string): string {
  return redactText(text).replace(/(^|[\s/])([^\s:/@]*):(?!\*\*\*@)[^\s/@]*@/g, '$1$2:***@');
}
