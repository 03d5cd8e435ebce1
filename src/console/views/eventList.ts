import { clockTime, h, percent } from '../dom.js';
import type { Json } from '../store.js';

/**
 * One event or alert as a list row, with its snapshot as a thumbnail linking to the picture,
 * and a player for the event's clip once it is cut (an `end` of a camera that records).
 */
export function itemRow(item: { type: string; camera?: string; data: Json }): HTMLElement {
  const { data } = item;
  const snapshot = data.snapshot as { url?: string } | null | undefined;
  const thumbnail =
    snapshot?.url !== undefined
      ? h(
          'a',
          { href: snapshot.url, target: '_blank', rel: 'noopener' },
          h('img', { class: 'thumb', src: snapshot.url, alt: `snapshot of ${String(data.label)}` }),
        )
      : h('span', { class: 'thumb thumb-none' });
  const clip = data.clip as { status?: string; url?: string } | null | undefined;
  const player =
    clip?.status === 'ready' && clip.url !== undefined
      ? h('video', { class: 'clip', src: clip.url, controls: true, preload: 'none' })
      : null;
  const where = typeof data.region === 'string' ? ` / ${data.region}` : '';
  const what =
    item.type === 'alert'
      ? `alert ${String(data.rule)} (${String(data.severity)})`
      : `event ${String(data.type)}`;
  return h(
    'li',
    { class: `item item-${item.type}`, 'data-type': item.type },
    thumbnail,
    h(
      'div',
      { class: 'item-text' },
      h('strong', {}, String(data.label)),
      ` ${percent(data.score)} · ${what} · ${String(item.camera ?? data.camera)}${where}`,
      h('div', { class: 'muted' }, clockTime(data.time ?? data.start_time)),
      player,
    ),
  );
}

type Item = Parameters<typeof itemRow>[0];

/**
 * itemRow, built once per item: a list redrawn with the rows it already shows keeps their
 * elements, so a clip being played (or a thumbnail already loaded) survives the next event.
 */
export function keptItemRows(): (item: Item) => HTMLElement {
  const rows = new WeakMap<Item, HTMLElement>();
  return (item) => {
    let row = rows.get(item);
    if (row === undefined) {
      row = itemRow(item);
      rows.set(item, row);
    }
    return row;
  };
}
