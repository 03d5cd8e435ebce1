import { clockTime, h, replace } from '../dom.js';
import type { CameraView, Store } from '../store.js';
import {
  availabilityBadge,
  detectSwitch,
  livePicture,
  scoreBar,
  statsOf,
  updateDetectSwitch,
} from '../widgets.js';

interface Tile {
  element: HTMLElement;
  update(camera: CameraView): void;
}

/** One tile per camera; the pictures are made once, their numbers updated in place. */
export function overview(root: HTMLElement, store: Store): () => void {
  const tiles = new Map<string, Tile>();
  const grid = h('div', { class: 'tiles' });
  replace(root, grid);
  const draw = () => {
    for (const camera of store.picture?.cameras ?? []) {
      let tile = tiles.get(camera.name);
      if (tile === undefined) {
        tile = cameraTile(camera, store);
        tiles.set(camera.name, tile);
        grid.appendChild(tile.element);
      }
      tile.update(camera);
    }
  };
  draw();
  return store.on(() => draw());
}

function cameraTile(camera: CameraView, store: Store): Tile {
  const status = h('span');
  const label = h('div', { class: 'tile-label' });
  const numbers = h('div', { class: 'tile-numbers' });
  const last = h('div', { class: 'tile-last muted' });
  const detect = detectSwitch(camera);
  const element = h(
    'article',
    { class: 'tile', 'data-camera': camera.name },
    h(
      'a',
      { href: `#/camera/${encodeURIComponent(camera.name)}` },
      livePicture(camera.name, 'live'),
    ),
    h(
      'div',
      { class: 'tile-head' },
      h(
        'a',
        { class: 'tile-name', href: `#/camera/${encodeURIComponent(camera.name)}` },
        camera.name,
      ),
      status,
      detect,
    ),
    label,
    numbers,
    last,
  );
  return {
    element,
    update(view) {
      const stats = statsOf(store.picture?.stats, view.name);
      const state = String(view.availability?.state ?? stats.state ?? 'starting');
      replace(status, availabilityBadge(state, stats.quality));
      updateDetectSwitch(detect, view.detect);
      const window = view.window;
      replace(
        label,
        !view.detect
          ? h('span', { class: 'muted' }, 'detection off')
          : window === null
            ? h('span', { class: 'muted' }, 'no window yet')
            : scoreBar(String(window.label), Number(window.score)),
      );
      replace(
        numbers,
        `${Number(stats.fps ?? 0).toFixed(1)} frames/s · ${String(stats.windows ?? 0)} windows · ${String(stats.windows_skipped ?? 0)} skipped`,
      );
      const event = [...(store.picture?.recent ?? [])]
        .reverse()
        .find((item) => item.type === 'event' && item.camera === view.name);
      replace(
        last,
        event
          ? `last event: ${String(event.data.label)} at ${clockTime(event.data.start_time)}`
          : 'no event yet',
      );
    },
  };
}
