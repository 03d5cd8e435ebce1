import { liveUrl, refusal, setDetect } from './api.js';
import { retryDelayMs } from './backoff.js';
import { clockTime, h, percent } from './dom.js';
import type { CameraView, Json } from './store.js';

/** How often a live picture checks that its stream still works. */
const PICTURE_CHECK_MS = 5000;

/**
 * The camera's live picture: one MJPEG stream per element, kept while the view lives. A stream
 * that fails (the daemon restarted, the network dropped it) is asked for again, after a wait
 * that grows while it keeps failing. Chromium fires `error` for a refused request but not
 * for a multipart stream cut short: that one leaves a broken image (no natural size), which
 * the periodic check finds. One that ends cleanly keeps its last image and says nothing, but
 * the daemon's restart also drops the push socket, and its `hello` redraws the page with new
 * pictures. The checks stop once the picture has left the page.
 */
export function livePicture(camera: string, className: string): HTMLImageElement {
  const img = h('img', {
    class: className,
    src: liveUrl(camera),
    alt: `live view of ${camera}`,
    'data-camera': camera,
    'data-live-picture': true,
  });
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  const failed = () => {
    if (retry !== null) return;
    const delay = retryDelayMs(failures);
    failures += 1;
    retry = setTimeout(() => {
      retry = null;
      if (img.isConnected) reloadLivePicture(img);
    }, delay);
  };
  img.addEventListener('error', failed);
  // `load` comes with a stream's first image: it works again.
  img.addEventListener('load', () => {
    failures = 0;
  });
  const check = setInterval(() => {
    if (!img.isConnected) {
      // Its page was left: end the stream, or the daemon keeps a viewer slot for it until
      // the browser collects the element.
      clearInterval(check);
      if (retry !== null) clearTimeout(retry);
      img.removeAttribute('src');
      return;
    }
    if (img.complete && img.naturalWidth === 0) failed();
  }, PICTURE_CHECK_MS);
  return img;
}

/** Asks for the picture's stream again; the query keeps the browser from reusing the old one. */
function reloadLivePicture(img: HTMLImageElement): void {
  img.src = `${liveUrl(img.dataset.camera ?? '')}?t=${Date.now()}`;
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
 * windows cause meanwhile still carry the daemon's old state and would flip it back. A refused
 * flip goes back and says why beside the switch.
 */
export function detectSwitch(camera: CameraView): HTMLLabelElement {
  const box = h('input', { type: 'checkbox', class: 'detect', 'data-camera': camera.name });
  const why = refusalNote();
  box.checked = camera.detect;
  box.addEventListener('change', () => {
    const wanted = box.checked;
    box.dataset.wanted = String(wanted);
    why.textContent = '';
    void refusal(setDetect(camera.name, wanted)).then((refused) => {
      if (refused === null) return;
      // The daemon keeps its state: show it again.
      delete box.dataset.wanted;
      box.checked = !wanted;
      why.textContent = notChanged(refused);
    });
  });
  return h('label', { class: 'switch' }, box, ' detect', why);
}

/** Where a refused change says why; announced to screen readers as it appears. */
export function refusalNote(refused?: string): HTMLElement {
  return h('span', { class: 'refused', role: 'status' }, refused ? notChanged(refused) : '');
}

function notChanged(refused: string): string {
  return `not changed: ${refused}`;
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
