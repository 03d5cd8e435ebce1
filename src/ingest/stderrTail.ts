/**
 * The last lines ffmpeg wrote on stderr, kept so a failure can be explained without
 * streaming ffmpeg's chatter into the log while a camera is healthy.
 */

/** ffmpeg echoes the input URL in its errors; that URL may carry a user and password. */
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi;
/** Query or option style secrets: `password=...`, `?token=...`, `pwd:...`. */
const SECRET_PARAM =
  /\b(password|passwd|pwd|pass|token|secret|api_?key|auth|authorization)([=:]\s*)[^\s&;,'"]+/gi;
/** A garbage stream can make ffmpeg print very long lines; keep each line readable. */
const MAX_LINE_CHARS = 500;
/** Bounds memory while a line never ends; kept from its start so a URL in it stays whole. */
const MAX_PARTIAL_CHARS = 64 * 1024;

/** Free text with credentials removed: `user:pass@` in any URL and `password=...` style params. */
export function redactCredentials(text: string): string {
  return text.replace(URL_USERINFO, '$1***@').replace(SECRET_PARAM, '$1$2***');
}

const URL_SECRET_PARAM =
  /[?&;](?:password|passwd|pass|pwd|token|secret|api_?key|auth|sig|signature|access_token)=([^&#]*)/gi;
/** Shorter literals would strike innocent text all over the tail. */
const MIN_SECRET_CHARS = 4;

/**
 * The secrets inside a source URL (the password of `user:pass@`, values of secret params),
 * as written and percent-decoded. Struck as literals, they stay hidden where no pattern
 * would spot them, e.g. a password with a space that ffmpeg echoes back.
 */
export function secretsInUrl(url: string): string[] {
  const found: string[] = [];
  // Up to the last '@': passwords often hold an unencoded '@'.
  const userinfo = /^[a-z][a-z0-9+.-]*:\/\/(.*)@[^@]*$/is.exec(url)?.[1] ?? '';
  const colon = userinfo.indexOf(':');
  if (colon >= 0) found.push(userinfo.slice(colon + 1));
  for (const match of url.matchAll(URL_SECRET_PARAM)) found.push(match[1] ?? '');
  const withDecoded = found.flatMap((secret) => [secret, safeDecode(secret)]);
  return [...new Set(withDecoded)]
    .filter((secret) => secret.length >= MIN_SECRET_CHARS)
    .sort((a, b) => b.length - a.length);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export class StderrTail {
  private readonly maxLines: number;
  private readonly secrets: readonly string[];
  private readonly kept: string[] = [];
  /** The start of a line whose newline has not arrived yet. */
  private partial = '';

  /** @param secrets literals to strike wherever they appear, e.g. from secretsInUrl(). */
  constructor(maxLines = 20, secrets: readonly string[] = []) {
    if (!Number.isInteger(maxLines) || maxLines <= 0) {
      throw new RangeError(`maxLines must be a positive integer, got ${maxLines}`);
    }
    this.maxLines = maxLines;
    this.secrets = [...secrets].sort((a, b) => b.length - a.length);
  }

  /** `text` without this tail's known secrets and without anything that looks like one. */
  redact(text: string): string {
    let struck = text;
    for (const secret of this.secrets) struck = struck.split(secret).join('***');
    return redactCredentials(struck);
  }

  push(chunk: Buffer | string): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    // ffmpeg ends progress-style lines with \r; treat it as a line end too.
    const pieces = text.split(/\r\n|\r|\n/);
    this.partial = (pieces.pop() ?? '').slice(0, MAX_PARTIAL_CHARS);
    for (const piece of pieces) this.keep(piece);
  }

  /** Kept lines, oldest first, already redacted; includes an unterminated last line. */
  lines(): string[] {
    if (this.partial.trim() === '') return [...this.kept];
    return [...this.kept, this.clean(this.partial)].slice(-this.maxLines);
  }

  clear(): void {
    this.kept.length = 0;
    this.partial = '';
  }

  private keep(line: string): void {
    if (line.trim() === '') return;
    this.kept.push(this.clean(line));
    if (this.kept.length > this.maxLines) this.kept.shift();
  }

  /** Redacts before shortening: a cut could split a URL so its password no longer matches. */
  private clean(line: string): string {
    const redacted = this.redact(line);
    return redacted.length > MAX_LINE_CHARS ? `${redacted.slice(0, MAX_LINE_CHARS)}…` : redacted;
  }
}
