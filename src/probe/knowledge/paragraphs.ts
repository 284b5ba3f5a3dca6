// Knowledge text is written in paragraphs separated by a blank line; every surface renders them one by one.

/** The paragraphs of a knowledge text, trimmed, empty ones dropped. */
export function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map((p) => p.trim()).filter((p) => p !== '');
}
