import { redactUrlsInText } from './redact.js';

// Shorter secrets would turn ordinary words of a message into '***' without protecting much.
const MIN_SCRUBBED_SECRET_CHARS = 3;

/**
 * Collects every configuration problem as `path: message`, so the operator sees them all at
 * once. Secrets registered here are scrubbed from the output as a last line of defence:
 * messages are written not to quote them, this catches the ones that slip through.
 */
export class ProblemList {
  private readonly entries: { path: string; text: string }[] = [];
  private readonly secrets = new Set<string>();

  /** `sectionOrder`: top-level keys in the order the file documents them, to sort output. */
  constructor(private readonly sectionOrder: readonly string[] = []) {}

  add(path: string, message: string): void {
    this.entries.push({ path, text: `${path}: ${message}` });
  }

  hideSecret(secret: string): void {
    if (secret.length >= MIN_SCRUBBED_SECRET_CHARS) this.secrets.add(secret);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Sorted like the file reads (section, then camera index), whatever found them first. */
  toStrings(): string[] {
    const sorted = [...this.entries].sort((a, b) => this.compare(a.path, b.path));
    return sorted.map((entry) => this.scrub(entry.text));
  }

  private compare(pathA: string, pathB: string): number {
    const rankA = this.sectionOrder.indexOf(/^[A-Za-z0-9_-]*/.exec(pathA)?.[0] ?? '');
    const rankB = this.sectionOrder.indexOf(/^[A-Za-z0-9_-]*/.exec(pathB)?.[0] ?? '');
    return rankA - rankB || cameraIndex(pathA) - cameraIndex(pathB);
  }

  private scrub(entry: string): string {
    let text = redactUrlsInText(entry);
    for (const secret of this.secrets) text = text.split(secret).join('***');
    return text;
  }
}

function cameraIndex(path: string): number {
  return Number(/^cameras\[(\d+)\]/.exec(path)?.[1] ?? -1);
}
