import * as z from 'zod';
import { quoteValue } from '../redact.js';
import { stringList, text } from './leaves.js';
import { listOf, section } from './section.js';
import { TOPIC_SAFE_NAME } from './topicNames.js';

/**
 * `cameras[].regions`: named rectangles of the picture that are recognition targets of their
 * own (own windows, events, alerts, topics). In fractions of the full frame, so they survive
 * a change of the camera's resolution.
 */

/**
 * Levels a camera's own topics use under `<p>/<camera>/`: a region of that name would read
 * like one of them (`<p>/<camera>/detect/...`). Kept equal to REGION_RESERVED_LEVELS in
 * outputs/mqtt/topics.ts (a test compares them); config does not import outputs.
 */
export const RESERVED_REGION_NAMES: readonly string[] = [
  'action',
  'availability',
  'clip',
  'clips',
  'detect',
  'live',
  'motion',
  'snapshot',
];

const fractionError = (issue: { input: unknown }) =>
  `must be a number from 0 to 1, got ${quoteValue(issue.input)}`;
const fraction = (doc: string) =>
  z
    .number({ error: fractionError })
    .min(0, { error: fractionError })
    .max(1, { error: fractionError })
    .meta({ description: doc });

export const regionSection = section({
  name: text('', 'Topic-safe name, unique within the camera: 1 to 64 of A-Z a-z 0-9 _ -.', {
    required: true,
    pattern: TOPIC_SAFE_NAME,
    mismatch:
      'is not topic-safe: use 1 to 64 of A-Z a-z 0-9 _ - (it becomes an MQTT topic level under the camera)',
  }),
  x: fraction('Left edge, in fractions (0 to 1) of the frame width.'),
  y: fraction('Top edge, in fractions (0 to 1) of the frame height.'),
  width: fraction('Width, in fractions (above 0, at most 1) of the frame width.'),
  height: fraction('Height, in fractions (above 0, at most 1) of the frame height.'),
  labels: stringList(
    [],
    "Model labels this region reports; empty = the camera's labels (all when those are empty).",
  ),
});

type RegionItem = Partial<z.output<typeof regionSection>> | undefined;

export const regionsSection = listOf(regionSection)
  // Checked beside other problems of the items: each check needs only the keys it reads.
  .superRefine((regions, context) => checkRegions(regions, context), {
    when: (payload) => Array.isArray(payload.value),
  })
  .default([])
  .meta({
    description:
      "Regions of interest: rectangles {name, x, y, width, height, labels} in fractions of the full frame, each recognized on its own (crop, scale, center crop in the camera's ffmpeg).",
  });

/** Names unique (without case, as Home Assistant ids are) and not reserved; inside the frame. */
function checkRegions(regions: RegionItem[], context: z.RefinementCtx): void {
  const firstIndex = new Map<string, number>();
  regions.forEach((region, index) => {
    const report = (key: string, message: string) =>
      context.addIssue({ code: 'custom', path: [index, key], message });
    const name = region?.name;
    if (typeof name === 'string' && name !== '') {
      const key = name.toLowerCase();
      const first = firstIndex.get(key);
      if (first !== undefined)
        report('name', `${quoteValue(name)} is already used by regions[${first}]`);
      else firstIndex.set(key, index);
      if (RESERVED_REGION_NAMES.includes(key)) {
        report(
          'name',
          `${quoteValue(name)} is reserved: <prefix>/<camera>/${key} is a topic of the camera itself (reserved: ${RESERVED_REGION_NAMES.join(', ')})`,
        );
      }
    }
    for (const [edge, size] of [
      ['x', 'width'],
      ['y', 'height'],
    ] as const) {
      const start = region?.[edge];
      const extent = region?.[size];
      if (typeof extent === 'number' && extent === 0) report(size, 'must be above 0, got 0');
      if (typeof start === 'number' && typeof extent === 'number' && start + extent > 1 + 1e-9) {
        report(
          size,
          `${edge} + ${size} is ${Number((start + extent).toFixed(6))}: the region reaches out of the frame (at most 1)`,
        );
      }
    }
  });
}
