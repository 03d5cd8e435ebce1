import { getJson } from '../api.js';
import { h, replace } from '../dom.js';
import type { Json, Store } from '../store.js';

/** Model, MQTT link, health and the process; refreshed on each pushed counters message. */
export function systemPage(root: HTMLElement, store: Store): () => void {
  const table = h('table', { class: 'system' });
  replace(
    root,
    h('h1', {}, 'System'),
    table,
    h(
      'p',
      {},
      h('a', { href: '/metrics' }, 'Prometheus metrics'),
      ' · ',
      h('a', { href: '/api/cameras' }, 'cameras (JSON)'),
      ' · ',
      h('a', { href: '/healthz' }, 'health'),
      ' · ',
      h('a', { href: '/readyz' }, 'readiness'),
    ),
  );
  let busy = false;
  const draw = async () => {
    if (busy) return;
    busy = true;
    try {
      const system = await getJson<Json>('/api/system');
      const model = (system.model ?? {}) as Json;
      const mqtt = (system.mqtt ?? {}) as Json;
      const health = (system.health ?? {}) as Json;
      const rows: Array<[string, string]> = [
        ['version', String(system.version)],
        ['uptime', `${Math.round(Number(system.uptime_s) / 60)} min`],
        ['load', (system.load as number[]).join(' · ')],
        ['memory', `${Math.round(Number(system.rss_bytes) / 1048576)} MiB`],
        [
          'model',
          `${String(model.name)} (${model.random_weights ? 'RANDOM weights' : String(model.weights)})`,
        ],
        ['provider', String(model.provider)],
        ['ms per run', model.ms_per_run === null ? '—' : `${String(model.ms_per_run)} ms`],
        ['MQTT', mqtt.connected ? 'connected' : 'not connected'],
        ['outbox depth', String(mqtt.outbox_depth ?? '—')],
        ['health', `${health.live ? 'live' : 'NOT live'}, ${health.ready ? 'ready' : 'not ready'}`],
        ['status', String(system.status)],
      ];
      replace(
        table,
        ...rows.map(([key, value]) =>
          h('tr', {}, h('th', {}, key), h('td', { 'data-key': key }, value)),
        ),
      );
    } finally {
      busy = false;
    }
  };
  void draw();
  return store.on((change) => {
    if (change.type === 'stats') void draw();
  });
}
