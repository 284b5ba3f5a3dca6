// One cap on URL length for discovery and the engine alike: a longer "URL" (a 200 MB line of base64, say)
// is reported as too long, never probed or copied around whole.
export const MAX_URL_BYTES = 8192;

/** Marks a URL cut at the cap (the text after it was not kept). */
export const CUT_MARK = '…';

/** The URL, or its first MAX_URL_BYTES characters and the cut mark. */
export function capUrl(url: string): string {
  return url.length > MAX_URL_BYTES ? `${url.slice(0, MAX_URL_BYTES)}${CUT_MARK}` : url;
}
