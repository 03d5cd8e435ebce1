/**
 * "ffmpeg exited with code 1" tells an operator nothing; ffmpeg's own last error line
 * ("Invalid data found when processing input", "401 Unauthorized") usually tells all.
 */

// Lines that explain a failure, in ffmpeg's wording.
const ERROR_LINE =
  /error|invalid|refused|unauthori[sz]ed|forbidden|not found|no such|timed out|timeout|failed|unable|cannot|could not|denied|unreachable|end of file|\b[45]\d\d\b/i;
const MAX_DETAIL_CHARS = 200;

/** How ffmpeg ended, when it ended on its own without a reason of ours. */
export function describeExit(end: { code: number | null; signal: NodeJS.Signals | null }): string {
  return end.signal !== null
    ? `ffmpeg was killed by ${end.signal}`
    : `ffmpeg exited with code ${end.code}`;
}

/** `failure` plus the most telling stderr line (already redacted), when there is one. */
export function explainFailure(failure: string, stderrLines: readonly string[]): string {
  const telling = [...stderrLines].reverse().find((line) => ERROR_LINE.test(line));
  if (telling === undefined) return failure;
  const detail = telling.trim();
  const short = detail.length > MAX_DETAIL_CHARS ? `${detail.slice(0, MAX_DETAIL_CHARS)}…` : detail;
  return `${failure}: ${short}`;
}
