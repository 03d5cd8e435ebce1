import { performance } from 'node:perf_hooks';

/** Redraws at most this often: a terminal needs no more, and stderr writes are not free. */
const REDRAW_MS = 100;

/**
 * A one-line progress bar on a terminal (stderr), redrawn in place with \r. Only ever made
 * when that stream is a TTY: pipes and logs get no escape codes.
 */
export class ProgressBar {
  private lastDrawMs = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly stream: { write(text: string): unknown; columns?: number },
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** `fraction` in [0, 1], or null when the total is unknown. */
  update(phase: string, fraction: number | null, detail: string, force = false): void {
    const nowMs = this.now();
    if (!force && nowMs - this.lastDrawMs < REDRAW_MS) return;
    this.lastDrawMs = nowMs;
    this.drawn = true;
    this.stream.write(`\r${renderLine(phase, fraction, detail, this.stream.columns ?? 80)}\x1b[K`);
  }

  /** Clears the bar's line so that what follows starts on a clean line. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }
}

export function renderLine(
  phase: string,
  fraction: number | null,
  detail: string,
  columns: number,
): string {
  const width = 24;
  const head = phase.padEnd(9);
  if (fraction === null) return `${head} ${detail}`.slice(0, columns - 1);
  const clamped = Math.min(1, Math.max(0, fraction));
  const filled = Math.round(clamped * width);
  const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
  const percent = `${Math.floor(clamped * 100)}%`.padStart(4);
  return `${head} ${bar} ${percent}  ${detail}`.slice(0, columns - 1);
}
