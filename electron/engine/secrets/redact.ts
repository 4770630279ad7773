/** Hides secret values in text bound for a log line or an error message. */

export const REDACTED = '***';

/**
 * Replaces every occurrence of each secret with `***`, also in the forms a secret takes inside a
 * URL or a form body (percent-encoded) and inside JSON (escaped). Longer secrets go first so a
 * secret containing another is hidden whole. Empty and missing values are ignored.
 */
export function redact(text: string, secrets: Iterable<string | undefined>): string {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    needles.add(secret);
    needles.add(JSON.stringify(secret).slice(1, -1));
    try {
      needles.add(encodeURIComponent(secret));
    } catch {
      // A lone surrogate has no percent-encoding; the raw form is still redacted.
    }
  }
  let result = text;
  for (const needle of [...needles].sort((a, b) => b.length - a.length)) {
    result = result.split(needle).join(REDACTED);
  }
  return result;
}
