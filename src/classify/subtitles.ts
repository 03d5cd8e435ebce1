import type { ClassifiedWindow } from './classifyVideo.js';
import { RANDOM_WEIGHTS_NOTE } from './timeline.js';

export interface SubtitleOptions {
  /** The video's size: the script's coordinates are its pixels. */
  width: number;
  height: number;
  /** The last window's text stays up to here. */
  durationMs: number;
  windowsPerSecond: number;
  randomWeights: boolean;
}

/**
 * An ASS subtitle script that burns each window's top label, score and the run's throughput
 * into the video. Each window's text is shown over the part of the video it added (from the
 * previous window's end to its own), so at any moment the label is that of a window that
 * contains the moment.
 */
export function buildSubtitles(
  windows: readonly ClassifiedWindow[],
  opts: SubtitleOptions,
): string {
  // A 16th of the height, narrower for narrow videos: the warning line (35 characters) fits.
  const fontSize = Math.max(
    10,
    Math.min(Math.round(opts.height / 16), Math.floor(opts.width / 24)),
  );
  const margin = Math.round(fontSize / 2);
  const lines = [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${opts.width}`,
    `PlayResY: ${opts.height}`,
    // Smart wrapping: a long label breaks into lines instead of running off the picture.
    'WrapStyle: 0',
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    // BorderStyle 3: an opaque box behind the text keeps it readable on any picture.
    `Style: Window,DejaVu Sans,${fontSize},&H00FFFFFF,&H00FFFFFF,&H60000000,&H60000000,1,0,0,0,100,100,0,0,3,${Math.round(fontSize / 5)},0,7,${margin},${margin},${margin},1`,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
  ];
  windows.forEach((window, i) => {
    const fromMs = i === 0 ? 0 : (windows[i - 1] as ClassifiedWindow).endMs;
    const toMs = i === windows.length - 1 ? Math.max(window.endMs, opts.durationMs) : window.endMs;
    const text = windowText(window, opts);
    lines.push(`Dialogue: 0,${assTime(fromMs)},${assTime(toMs)},Window,,0,0,0,,${text}`);
  });
  return `${lines.join('\n')}\n`;
}

function windowText(window: ClassifiedWindow, opts: SubtitleOptions): string {
  const score = `${(window.score * 100).toFixed(1)}%`;
  const speed = `${Math.round(window.inferenceMs)} ms/window · ${opts.windowsPerSecond.toFixed(1)} windows/s`;
  const parts = [`${assText(window.label)}  ${score}`, speed];
  // Yellow (ASS colours are BGR): the warning must not read as part of the result.
  if (opts.randomWeights) parts.push(`{\\c&H00FFFF&}${RANDOM_WEIGHTS_NOTE}`);
  return parts.join('\\N');
}

/** h:mm:ss.cc, ASS's centisecond times. */
export function assTime(ms: number): string {
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.floor(cs / 360_000);
  const m = Math.floor((cs % 360_000) / 6000);
  const s = Math.floor((cs % 6000) / 100);
  const c = cs % 100;
  return `${h}:${pad(m)}:${pad(s)}.${pad(c)}`;
}

/** Braces open ASS override blocks and backslashes start escapes; labels must not do either. */
function assText(text: string): string {
  return text.replace(/[{]/g, '(').replace(/[}]/g, ')').replace(/\\/g, '/');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
