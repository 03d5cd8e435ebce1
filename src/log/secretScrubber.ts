/**
 * The last line of defence for credentials in logs: every line is searched for the known
 * secrets (MQTT password, camera passwords, HTTP token) and they are replaced by ***. Code
 * is written not to log them in the first place; this catches what slips through, e.g. a
 * library's error message quoting a URL.
 */

/** Shorter literals would strike ordinary words all over the log. */
const MIN_SECRET_CHARS = 4;

export type LineFilter = (line: string) => string;

export function secretScrubber(secrets: readonly string[]): LineFilter {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_CHARS) continue;
    forms.add(secret);
    // Inside a JSON log line a secret with quotes, backslashes or non-ASCII looks different.
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  const sorted = [...forms].sort((a, b) => b.length - a.length);
  if (sorted.length === 0) return (line) => line;
  return (line) => {
    let scrubbed = line;
    for (const form of sorted) {
      if (scrubbed.includes(form)) scrubbed = scrubbed.split(form).join('***');
    }
    return scrubbed;
  };
}
