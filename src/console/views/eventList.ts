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
