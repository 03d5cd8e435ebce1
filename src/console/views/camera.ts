import { h, percent, replace } from '../dom.js';
import { liveView } from '../livePlayer.js';
import { regionOverlay } from '../regionOverlay.js';
import type { Json, Store } from '../store.js';
import { drawTimeline } from '../timeline.js';
import {
  availabilityBadge,
  detectSwitch,
  statsOf,
  topLabels,
  updateDetectSwitch,
} from '../widgets.js';
import { keptItemRows } from './eventList.js';

/** One camera: large live view with the latest top-5 over it, the timeline, its events. */
export function cameraPage(root: HTMLElement, store: Store, name: string): () => void {
  const camera = store.camera(name);
  if (camera === undefined) {
    replace(root, h('p', {}, `No camera named ${name}.`));
    return store.on(() => {});
  }
  const overlay = h('div', { class: 'overlay', 'data-camera': name });
  const status = h('span');
  const detect = detectSwitch(camera);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'timeline');
  const items = h('ul', { class: 'items' });
  const regions = h('ul', { class: 'regions' });
  const live = liveView(name, 'live-large');
  const outlines = regionOverlay(live.element);
  replace(
    root,
    h('h1', {}, name, ' ', status, ' ', detect, ' ', outlines.toggle),
    h('div', { class: 'stage' }, live.element, overlay, outlines.layer),
    regions,
    h('h2', {}, 'Last five minutes'),
    svg,
    h(
      'p',
      { class: 'muted legend' },
      'bars: the winning label of each window and its score; below: events',
    ),
    h('h2', {}, 'Events and alerts'),
    items,
  );
  let shownItems = -1;
  const rowOf = keptItemRows();
  const draw = () => {
    const view = store.camera(name);
    if (view === undefined || store.picture === null) return;
    const stats = statsOf(store.picture.stats, name);
    replace(
      status,
      availabilityBadge(
        String(view.availability?.state ?? stats.state ?? 'starting'),
        stats.quality,
      ),
    );
    updateDetectSwitch(detect, view.detect);
    replace(overlay, topLabels(view.detect ? view.window : null, 5));
    replace(regions, ...regionRows(stats.regions, view.regions ?? {}));
    outlines.update(stats.regions, view.regions ?? {});
    const mine = store.picture.recent.filter((item) => item.camera === name);
    drawTimeline(
      svg,
      view,
      mine.filter((i) => i.type === 'event').map((i) => i.data),
      Date.now(),
    );
    if (mine.length !== shownItems) {
      shownItems = mine.length;
      replace(items, ...[...mine].reverse().slice(0, 20).map(rowOf));
    }
  };
  draw();
  const stopDrawing = store.on(() => draw());
  return () => {
    stopDrawing();
    live.close();
  };
}

/**
 * The camera's regions of interest (from its counters: name and rectangle in fractions of the
 * frame) with each one's latest winning label; nothing when it has none.
 */
function regionRows(regions: unknown, windows: Record<string, Json>): HTMLElement[] {
  if (!Array.isArray(regions)) return [];
  return (regions as Json[]).map((region) => {
    const name = String(region.name);
    const latest = windows[name];
    const box = ['x', 'y', 'width', 'height'].map((key) => percent(region[key])).join(' ');
    return h(
      'li',
      { class: 'region', 'data-region': name },
      h('strong', {}, name),
      h('span', { class: 'muted' }, ` (x y w h: ${box}) `),
      latest === undefined
        ? h('span', { class: 'muted' }, 'no window yet')
        : `${String(latest.label)} ${percent(latest.score)}`,
    );
  });
}
