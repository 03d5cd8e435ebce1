import { liveUrl, setDetect } from './api.js';
import { clockTime, h, percent } from './dom.js';
import type { CameraView, Json } from './store.js';

/** The camera's live picture: one MJPEG stream per element, kept while the view lives. */
export function livePicture(camera: string, className: string): HTMLImageElement {
  return h('img', {
    class: className,
    src: liveUrl(camera),
    alt: `live view of ${camera}`,
    'data-camera': camera,
  });
}

/** A score as a bar and a number. */
export function scoreBar(label: string, score: number): HTMLElement {
  const fill = h('span', { class: 'bar-fill' });
  fill.style.width = `${Math.max(0, Math.min(1, score)) * 100}%`;
  return h(
    'div',
    { class: 'score' },
    h('span', { class: 'score-label' }, label),
    h('span', { class: 'bar' }, fill),
    h('span', { class: 'score-value' }, percent(score)),
  );
}

/**
 * The detect switch; flipping it asks the daemon, the push socket brings the outcome back.
 * Until it does, the switch shows what the person asked for (`data-wanted`): the redraws that
 * windows cause meanwhile still carry the daemon's old state and would flip it back.
 */
export function detectSwitch(camera: CameraView): HTMLLabelElement {
  const box = h('input', { type: 'checkbox', class: 'detect', 'data-camera': camera.name });
  box.checked = camera.detect;
  box.addEventListener('change', () => {
    const wanted = box.checked;
    box.dataset.wanted = String(wanted);
    const refused = () => {
      // The daemon keeps its state: show it again.
      delete box.dataset.wanted;
      box.checked = !wanted;
    };
    setDetect(camera.name, wanted).then((answer) => {
      if (!answer.ok) refused();
    }, refused);
  });
  return h('label', { class: 'switch' }, box, ' detect');
}

/** Shows the daemon's detect state, unless a flip asked for in this page is still on its way. */
export function updateDetectSwitch(label: HTMLLabelElement, on: boolean): void {
  const box = label.querySelector('input');
  if (!box) return;
  const wanted = box.dataset.wanted;
  if (wanted !== undefined) {
    if (wanted !== String(on)) return;
    delete box.dataset.wanted;
  }
  box.checked = on;
}

export function availabilityBadge(state: string, quality?: unknown): HTMLElement {
  const text = quality && state === 'online' ? `${state} · ${String(quality)}` : state;
  return h('span', { class: `badge badge-${state}` }, text);
}

/** The window's labels, best first, with the random-weights warning where it applies. */
export function topLabels(window: Json | null, count: number): HTMLElement {
  if (window === null || !Array.isArray(window.top_k)) {
    return h('div', { class: 'top muted' }, 'no window yet');
  }
  const scores = (window.top_k as Array<{ label: string; score: number }>).slice(0, count);
  const end = (window.window as { end?: string } | undefined)?.end;
  return h(
    'div',
    { class: 'top', 'data-window-end': end ?? '' },
    ...scores.map((s) => scoreBar(s.label, s.score)),
    h('div', { class: 'muted window-time' }, `window ending ${clockTime(end)}`),
  );
}

export function statsOf(stats: Json[] | undefined, camera: string): Json {
  return stats?.find((entry) => entry.name === camera) ?? {};
}
