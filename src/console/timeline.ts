import type { CameraView, Json } from './store.js';

const SVG = 'http://www.w3.org/2000/svg';
/** The chart spans the last five minutes. */
export const TIMELINE_SPAN_MS = 5 * 60 * 1000;
const WIDTH = 900;
const HEIGHT = 180;
const EVENT_BAND = 24;

/** A stable colour per label, so one action keeps its colour across windows and pages. */
export function labelColour(label: string): string {
  let hash = 0;
  for (const char of label) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return `hsl(${hash % 360} 65% 50%)`;
}

function node<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

/**
 * Which label won each window (a bar as high as its score, in the label's colour) and the
 * camera's events as spans below, over the last five minutes up to `nowMs`. Bars are scaled
 * to the highest score shown, written at the top left, so random-weight scores of a few
 * percent still read.
 */
export function drawTimeline(
  svg: SVGSVGElement,
  camera: CameraView,
  events: Json[],
  nowMs: number,
): void {
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.replaceChildren();
  // Five minutes, or since the first window when there is less: a fresh page is not empty.
  const firstMs = camera.timeline[0] === undefined ? nowMs : Date.parse(camera.timeline[0].time);
  const spanMs = Math.min(TIMELINE_SPAN_MS, Math.max(30_000, nowMs - firstMs + 5_000));
  const startMs = nowMs - spanMs;
  const x = (ms: number) => ((ms - startMs) / spanMs) * WIDTH;
  const barWidth = Math.max(2, Math.min(12, (WIDTH / spanMs) * 1500));
  const chartHeight = HEIGHT - EVENT_BAND - 4;
  svg.appendChild(
    node('rect', { x: 0, y: 0, width: WIDTH, height: chartHeight, class: 'chart-bg' }),
  );
  const shown = camera.timeline.filter((window) => Date.parse(window.time) >= startMs);
  const topScore = Math.max(0.01, ...shown.map((window) => window.score));
  const scale = node('text', { x: 6, y: 14, class: 'chart-scale', fill: '#8b939c' });
  scale.textContent = `${Math.round(topScore * 1000) / 10} %`;
  for (const window of shown) {
    const timeMs = Date.parse(window.time);
    const barHeight = Math.max(1, (window.score / topScore) * (chartHeight - 18));
    const bar = node('rect', {
      x: x(timeMs) - barWidth,
      y: chartHeight - barHeight,
      width: barWidth,
      height: barHeight,
      fill: labelColour(window.label),
    });
    const title = node('title', {});
    title.textContent = `${window.label} ${Math.round(window.score * 100)} %`;
    bar.appendChild(title);
    svg.appendChild(bar);
  }
  svg.appendChild(scale);
  for (const span of eventSpans(events, nowMs)) {
    if (span.endMs < startMs) continue;
    const from = Math.max(0, x(span.startMs));
    const rect = node('rect', {
      x: from,
      y: HEIGHT - EVENT_BAND,
      width: Math.max(3, x(span.endMs) - from),
      height: EVENT_BAND - 4,
      rx: 3,
      fill: labelColour(span.label),
      class: 'event-span',
    });
    const title = node('title', {});
    title.textContent = `event: ${span.label}`;
    rect.appendChild(title);
    svg.appendChild(rect);
  }
}

/** Each event id's span: from its start to its end, or to now while it lasts. */
function eventSpans(events: Json[], nowMs: number) {
  const spans = new Map<string, { label: string; startMs: number; endMs: number }>();
  for (const event of events) {
    const id = String(event.id);
    const endMs = event.end_time ? Date.parse(String(event.end_time)) : nowMs;
    spans.set(id, {
      label: String(event.label),
      startMs: Date.parse(String(event.start_time)),
      endMs,
    });
  }
  return [...spans.values()];
}
