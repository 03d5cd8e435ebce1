import { refusal, suspendRule } from '../api.js';
import { clockTime, h, replace } from '../dom.js';
import type { Json, Store } from '../store.js';
import { detectSwitch, refusalNote, updateDetectSwitch } from '../widgets.js';
import { keptItemRows } from './eventList.js';

const SINCE_CHOICES: Array<[string, number]> = [
  ['last 15 minutes', 15],
  ['last hour', 60],
  ['last day', 24 * 60],
  ['all kept', 0],
];

/** Events and alerts with filters; the rules with suspend/resume; every detect switch. */
export function eventsPage(root: HTMLElement, store: Store): () => void {
  const camera = h('select', { name: 'camera' });
  const rule = h('select', { name: 'rule' });
  const label = h('input', { name: 'label', placeholder: 'label', type: 'search' });
  const since = h('select', { name: 'since' });
  for (const [text, minutes] of SINCE_CHOICES)
    since.appendChild(h('option', { value: minutes }, text));
  since.value = '0';
  const list = h('ul', { class: 'items' });
  const rules = h('table', { class: 'rules' });
  const switches = h('div', { class: 'switches' });
  replace(
    root,
    h('h1', {}, 'Events and alerts'),
    h('div', { class: 'filters' }, camera, rule, label, since),
    list,
    h('h2', {}, 'Alert rules'),
    rules,
    h('h2', {}, 'Detection'),
    switches,
  );
  for (const control of [camera, rule, label, since])
    control.addEventListener('input', () => drawList());
  const detectLabels = new Map<string, HTMLLabelElement>();
  // Kept across redraws (each one rebuilds the rule rows) until that rule's next click.
  const ruleRefusals = new Map<string, string>();
  const suspend = (name: string, minutes: number) => {
    ruleRefusals.delete(name);
    void refusal(suspendRule(name, minutes)).then((refused) => {
      if (refused === null) return;
      ruleRefusals.set(name, refused);
      draw();
    });
  };

  const rowOf = keptItemRows();
  const drawList = () => {
    const picture = store.picture;
    if (picture === null) return;
    const sinceMs = Number(since.value) === 0 ? 0 : Date.now() - Number(since.value) * 60_000;
    const wanted = picture.recent.filter(({ camera: of, data, type }) => {
      if (camera.value !== '' && of !== camera.value) return false;
      if (rule.value !== '' && (type !== 'alert' || data.rule !== rule.value)) return false;
      if (label.value !== '' && !String(data.label).includes(label.value)) return false;
      return Date.parse(String(data.time ?? data.start_time)) >= sinceMs;
    });
    replace(
      list,
      ...(wanted.length === 0
        ? [h('li', { class: 'muted' }, 'nothing yet')]
        : [...wanted].reverse().slice(0, 100).map(rowOf)),
    );
  };

  const draw = () => {
    const picture = store.picture;
    if (picture === null) return;
    fillOptions(
      camera,
      'every camera',
      picture.cameras.map((c) => c.name),
    );
    fillOptions(
      rule,
      'every rule',
      picture.rules.map((r) => String(r.rule)),
    );
    replace(rules, ...picture.rules.map((r) => ruleRow(r, suspend, ruleRefusals)));
    for (const view of picture.cameras) {
      let toggle = detectLabels.get(view.name);
      if (toggle === undefined) {
        toggle = detectSwitch(view);
        detectLabels.set(view.name, toggle);
        switches.appendChild(h('div', {}, h('strong', {}, view.name), ' ', toggle));
      }
      updateDetectSwitch(toggle, view.detect);
    }
    drawList();
  };
  draw();
  return store.on((change) => {
    if (change.type !== 'window' && change.type !== 'stats') draw();
  });
}

function fillOptions(select: HTMLSelectElement, all: string, values: string[]): void {
  const current = select.value;
  if (select.options.length === values.length + 1) return;
  replace(
    select,
    h('option', { value: '' }, all),
    ...values.map((value) => h('option', { value }, value)),
  );
  select.value = current;
}

function ruleRow(
  rule: Json,
  suspend: (name: string, minutes: number) => void,
  refusals: ReadonlyMap<string, string>,
): HTMLElement {
  const name = String(rule.rule);
  const suspended = rule.suspended === true;
  const action = suspended
    ? h('button', { type: 'button', onclick: () => suspend(name, 0) }, 'resume')
    : h('button', { type: 'button', onclick: () => suspend(name, 60) }, 'suspend 1 h');
  return h(
    'tr',
    { 'data-rule': name },
    h('td', {}, h('strong', {}, name)),
    h('td', {}, String(rule.severity)),
    h('td', {}, rule.on ? 'ON' : 'off'),
    h('td', {}, suspended ? `suspended until ${clockTime(rule.suspended_until)}` : 'active'),
    h('td', {}, `last alert ${clockTime(rule.last_alert)}`),
    h('td', {}, action, refusalNote(refusals.get(name))),
  );
}
