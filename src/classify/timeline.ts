import type { ModelCard } from '../model/index.js';
import type { ClassifiedWindow } from './classifyVideo.js';

/** Said wherever a random-weight model's label appears: it is a number, not a recognition. */
export const RANDOM_WEIGHTS_NOTE = 'random weights — not a recognition';

export interface TimelineContext {
  card: ModelCard;
  randomWeights: boolean;
  /** The taught head whose classes label the windows; null: the model's own classes. */
  head: { name: string; path: string } | null;
}

/** One JSONL line per window, as written to the timeline file and, with --json, to stdout. */
export function windowRecord(window: ClassifiedWindow, context: TimelineContext) {
  return {
    type: 'window' as const,
    index: window.index,
    start_ms: round(window.startMs),
    end_ms: round(window.endMs),
    first_frame: window.firstFrame,
    last_frame: window.lastFrame,
    tail: window.tail,
    label: window.label,
    score: round(window.score, 6),
    top_k: window.topK.map((t) => ({ label: t.label, score: round(t.score, 6) })),
    inference_ms: round(window.inferenceMs),
    ...(context.head ? { labels_from: context.head.name } : {}),
    random_weights: context.randomWeights,
    ...(context.randomWeights ? { note: RANDOM_WEIGHTS_NOTE } : {}),
  };
}

export interface SummaryFacts {
  video: string;
  /** From ffprobe; null when it could not tell. */
  durationMs: number | null;
  modelPath: string;
  stride: number;
  framesSampled: number;
  windows: readonly ClassifiedWindow[];
  elapsedMs: number;
  timelinePath: string;
  annotatedPath: string | null;
}

/** The last JSONL line: what was classified, with what, how fast, and where the outputs are. */
export function summaryRecord(facts: SummaryFacts, context: TimelineContext) {
  const { card } = context;
  const { windows } = facts;
  const inferenceMs = windows.reduce((sum, w) => sum + w.inferenceMs, 0);
  return {
    type: 'summary' as const,
    video: facts.video,
    duration_ms: facts.durationMs === null ? null : round(facts.durationMs),
    model: {
      path: facts.modelPath,
      name: card.name,
      weights: card.weights,
      random_weights: context.randomWeights,
    },
    ...(context.head ? { labels_from: context.head.name, head: context.head.path } : {}),
    fps: card.fps,
    clip_length: card.clipLength,
    stride: facts.stride,
    frames_sampled: facts.framesSampled,
    windows: windows.length,
    covered_ms: [round(windows[0]?.startMs ?? 0), round(windows.at(-1)?.endMs ?? 0)],
    top_labels: labelCounts(windows),
    elapsed_ms: round(facts.elapsedMs),
    windows_per_s: round((windows.length * 1000) / facts.elapsedMs, 3),
    mean_inference_ms: windows.length === 0 ? null : round(inferenceMs / windows.length),
    timeline: facts.timelinePath,
    annotated: facts.annotatedPath,
    ...(context.randomWeights ? { note: RANDOM_WEIGHTS_NOTE } : {}),
  };
}

export type SummaryRecord = ReturnType<typeof summaryRecord>;

/** How often each label was a window's top label, most frequent first. */
function labelCounts(windows: readonly ClassifiedWindow[]): { label: string; windows: number }[] {
  const counts = new Map<string, number>();
  for (const w of windows) counts.set(w.label, (counts.get(w.label) ?? 0) + 1);
  return [...counts]
    .map(([label, n]) => ({ label, windows: n }))
    .sort((a, b) => b.windows - a.windows || a.label.localeCompare(b.label));
}

function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
