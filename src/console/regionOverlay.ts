import { h, percent } from './dom.js';
import type { Json } from './store.js';

const SVG = 'http://www.w3.org/2000/svg';
/** Remembered across pages and visits: someone who hid the outlines wants them hidden. */
const HIDDEN_KEY = 'actionwatch.regionOutlines';
/** Names are written this tall, in fractions of the picture's height. */
const TEXT_HEIGHT = 0.045;
/** As many outline colours as console.css has (region-colour-0 ...). */
const COLOURS = 6;

export interface RegionOverlay {
  /** The outlines, to be laid over the picture (same box: absolutely positioned). */
  layer: SVGSVGElement;
  /** The switch that hides them; hidden itself while the camera has no regions. */
  toggle: HTMLLabelElement;
  /** Redraws from the camera's regions (its counters) and each region's latest window. */
  update(regions: unknown, windows: Record<string, Json>): void;
}

/**
 * Each region of interest as an outline over the live picture, with its name and what its
 * latest window found. The layer's viewBox is the picture's own size in pixels and scales as
 * `object-fit: contain` scales the picture (xMidYMid meet), so a region given in fractions of
 * the frame lands on the same pixels at any page size and with letterboxing. `picture` is the
 * live <img> or <video>, or an element that holds one (and may swap one for the other).
 */
export function regionOverlay(picture: HTMLElement): RegionOverlay {
  const layer = document.createElementNS(SVG, 'svg');
  layer.setAttribute('class', 'region-layer');
  layer.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  layer.setAttribute('aria-hidden', 'true');
  const box = h('input', { type: 'checkbox', class: 'region-toggle' });
  box.checked = localStorage.getItem(HIDDEN_KEY) !== 'hidden';
  const toggle = h('label', { class: 'switch', hidden: true }, box, ' regions');
  let last: { regions: unknown; windows: Record<string, Json> } = { regions: [], windows: {} };
  // One outline per region, kept and updated in place: redrawn on every message, a new element
  // each time would only churn (and flicker under a pointer).
  const outlines = new Map<string, Outline>();
  const draw = () => {
    layer.classList.toggle('region-layer-off', !box.checked);
    const size = pictureSize(picture);
    const regions = regionsOf(last.regions);
    toggle.hidden = regions.length === 0;
    // Until the first image arrives the picture has no size: nothing to line up with.
    if (size === null) return;
    layer.setAttribute('viewBox', `0 0 ${size.width} ${size.height}`);
    syncOutlines(layer, outlines, regions).forEach((outline, index) => {
      placeOutline(outline, regions[index] as Region, last.windows[outline.name], size);
    });
  };
  box.addEventListener('change', () => {
    localStorage.setItem(HIDDEN_KEY, box.checked ? 'shown' : 'hidden');
    draw();
  });
  // Media events do not bubble; caught on the way down, they are seen from a holder too.
  for (const event of ['load', 'loadedmetadata', 'resize']) {
    picture.addEventListener(event, draw, { capture: true });
  }
  return {
    layer,
    toggle,
    update(regions, windows) {
      last = { regions, windows };
      draw();
    },
  };
}

interface Region {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

function regionsOf(value: unknown): Region[] {
  if (!Array.isArray(value)) return [];
  return (value as Json[])
    .map((region) => ({
      name: String(region.name),
      x: Number(region.x),
      y: Number(region.y),
      width: Number(region.width),
      height: Number(region.height),
    }))
    .filter((region) => [region.x, region.y, region.width, region.height].every(Number.isFinite));
}

/** The size in pixels of the image or video shown, once it has one. */
function pictureSize(picture: HTMLElement): { width: number; height: number } | null {
  const media =
    picture instanceof HTMLImageElement || picture instanceof HTMLVideoElement
      ? picture
      : picture.querySelector('video, img');
  const [width, height] =
    media instanceof HTMLVideoElement
      ? [media.videoWidth, media.videoHeight]
      : media instanceof HTMLImageElement
        ? [media.naturalWidth, media.naturalHeight]
        : [0, 0];
  return width > 0 && height > 0 ? { width, height } : null;
}

function svgNode<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  ...children: Node[]
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  setAttributes(element, attributes);
  element.append(...children);
  return element;
}

function setAttributes(element: Element, attributes: Record<string, string | number>): void {
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
}

/** One region's elements: its rectangle (twice: a dark line under the coloured one, so it
 * reads on any picture), and its name with the latest window's label. */
interface Outline {
  name: string;
  group: SVGGElement;
  shade: SVGRectElement;
  box: SVGRectElement;
  caption: SVGTextElement;
  found: SVGTSpanElement;
}

/** The outline of each region, in order: kept ones reused, new ones added, gone ones removed. */
function syncOutlines(
  layer: SVGSVGElement,
  outlines: Map<string, Outline>,
  regions: readonly Region[],
): Outline[] {
  const shown = new Set(regions.map((region) => region.name));
  for (const [name, kept] of outlines) {
    if (!shown.has(name)) {
      kept.group.remove();
      outlines.delete(name);
    }
  }
  return regions.map((region, index) => {
    let kept = outlines.get(region.name);
    if (kept === undefined) {
      kept = newOutline(region.name, index);
      outlines.set(region.name, kept);
      layer.append(kept.group);
    }
    return kept;
  });
}

function newOutline(name: string, index: number): Outline {
  // The line keeps its width in screen pixels however the picture is scaled.
  const line = { 'vector-effect': 'non-scaling-stroke' };
  const shade = svgNode('rect', { class: 'region-shade', ...line });
  const box = svgNode('rect', { class: 'region-box', ...line });
  const label = svgNode('tspan', { class: 'region-name' });
  label.textContent = name;
  const found = svgNode('tspan', { class: 'region-found' });
  const caption = svgNode('text', { class: 'region-caption' }, label, found);
  const group = svgNode(
    'g',
    { class: `region-outline region-colour-${index % COLOURS}`, 'data-region': name },
    shade,
    box,
    caption,
  );
  return { name, group, shade, box, caption, found };
}

/** Lays the outline on the picture's pixels; its caption inside the top left. */
function placeOutline(
  outline: Outline,
  region: Region,
  latest: Json | undefined,
  size: { width: number; height: number },
): void {
  const rectangle = {
    x: region.x * size.width,
    y: region.y * size.height,
    width: region.width * size.width,
    height: region.height * size.height,
  };
  setAttributes(outline.shade, rectangle);
  setAttributes(outline.box, rectangle);
  const textHeight = Math.max(8, size.height * TEXT_HEIGHT);
  setAttributes(outline.caption, {
    x: rectangle.x + textHeight * 0.3,
    y: rectangle.y + textHeight * 1.1,
    'font-size': textHeight,
  });
  const found =
    latest === undefined ? 'no window yet' : `${String(latest.label)} ${percent(latest.score)}`;
  outline.found.textContent = ` · ${found}`;
}
