/** A labelled stretch of a video, from a list file. */
export interface LabelledSpan {
  startMs: number;
  endMs: number;
  label: string;
}

/**
 * One video to learn from: either wholly one label (a folder per label), or labelled spans
 * (a list file) whose windows outside every span are background.
 */
export interface ExampleVideo {
  path: string;
  wholeLabel: string | null;
  spans: LabelledSpan[];
}

/**
 * The label of the window [startMs, endMs): the whole-video label, the span holding the
 * window's middle, the background when it touches no span, and null (left out) when it only
 * grazes one, being neither clearly the action nor clearly without it.
 */
export function windowLabel(
  video: ExampleVideo,
  startMs: number,
  endMs: number,
  background: string,
): string | null {
  if (video.wholeLabel !== null) return video.wholeLabel;
  const middle = (startMs + endMs) / 2;
  const holding = video.spans.find((span) => span.startMs <= middle && middle < span.endMs);
  if (holding !== undefined) return holding.label;
  const touches = video.spans.some((span) => span.startMs < endMs && startMs < span.endMs);
  return touches ? null : background;
}
