import type * as z from 'zod';
import { quoteValue } from '../redact.js';
import { flag, integer, stringList, text } from './leaves.js';
import { motionSection } from './motion.js';
import { recordSection } from './record.js';
import { regionsSection } from './regions.js';
import { listOf, section } from './section.js';
import { sourceSection } from './source.js';
import { TOPIC_SAFE_NAME } from './topicNames.js';

/** `cameras`: what is watched. Items take nothing from the environment. */

/**
 * Top-level topic levels the MQTT API uses itself (`<p>/bridge/state`, `<p>/alerts/<rule>/...`,
 * `<p>/events`): a camera of that name would share their topics. Kept equal to
 * FIXED_TOP_LEVELS in publish/topics.ts (a test compares them); config does not import publish.
 */
export const RESERVED_CAMERA_NAMES: readonly string[] = ['alerts', 'bridge', 'events'];

export const cameraSection = section({
  name: text('', 'Topic-safe name: 1 to 64 of A-Z a-z 0-9 _ -.', {
    required: true,
    pattern: TOPIC_SAFE_NAME,
    mismatch:
      'is not topic-safe: use 1 to 64 of A-Z a-z 0-9 _ - (it becomes an MQTT topic level, where +, #, /, spaces and control characters break subscriptions)',
  }),
  enabled: flag(true, 'false keeps the camera configured but not watched.'),
  stall_timeout_ms: integer(
    10000,
    1000,
    3_600_000,
    'How long the camera may go without a frame. It drives four things: ffmpeg is killed and restarted after this long without a frame (or without a first frame after its start); /healthz reports the camera when ffmpeg is still not restarted 10 s past it; network sources (rtsp, http) give ffmpeg an I/O timeout of half of it (at least 1 s, at most 10 s), so ffmpeg names a dead camera before the restart; and frame times of a live source never lag their arrival by more than this.',
  ),
  source: sourceSection,
  labels: stringList(
    [],
    "Model labels this camera reports (the classes its site cares about); empty = all. A head's labels are not listed here: they are all reported.",
  ),
  head: text(
    '',
    "Head file written by `actionwatch teach` (classes taught on the model's clip embedding); empty = none. Its labels are reported like the model's, with labels_from set to the head's name; it must have been taught on this model.",
  ),
  model_labels: flag(
    true,
    "With a head: whether the model's own labels (Kinetics-400) stay alongside the head's (events, alerts, top-k in the action message); false reports only the head's. Without a head the model's labels are always reported.",
  ),
  motion: motionSection,
  regions: regionsSection,
  record: recordSection,
  whole_frame: flag(
    true,
    'false: only the regions are recognized, the whole frame is no target of its own (needs at least one region).',
  ),
}).superRefine(
  (camera, context) => {
    if (
      camera.whole_frame === false &&
      Array.isArray(camera.regions) &&
      camera.regions.length === 0
    ) {
      context.addIssue({
        code: 'custom',
        path: ['whole_frame'],
        message: 'is false but the camera has no regions: it would have nothing to recognize',
      });
    }
  },
  { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
);

type CameraItem = Partial<z.output<typeof cameraSection>> | undefined;

export const camerasSection = listOf(cameraSection)
  // Names are checked even beside other problems of the items: they need nothing else.
  .superRefine((cameras, context) => checkNames(cameras, context), {
    when: (payload) => Array.isArray(payload.value),
  })
  .superRefine((cameras, context) => {
    if (!cameras.some((camera) => camera.enabled)) {
      context.addIssue({ code: 'custom', message: 'at least one enabled camera is required' });
    }
  })
  // prefault: a file without cameras is checked like an empty list, and refused.
  .prefault([])
  .meta({ description: 'The cameras; each item is checked against the camera schema.' });

/**
 * Names are compared without case: Home Assistant lowercases entity ids, so `Gym` and `gym`
 * would fight over one entity even though their topics differ; for the same reason `Bridge`
 * would still take the bridge's ids.
 */
function checkNames(cameras: CameraItem[], context: z.RefinementCtx): void {
  const firstIndex = new Map<string, number>();
  cameras.forEach((camera, index) => {
    const name = camera?.name;
    if (typeof name !== 'string' || name === '') return;
    const report = (message: string) =>
      context.addIssue({ code: 'custom', path: [index, 'name'], message });
    const key = name.toLowerCase();
    const first = firstIndex.get(key);
    if (first !== undefined) report(`${quoteValue(name)} is already used by cameras[${first}]`);
    else firstIndex.set(key, index);
    if (RESERVED_CAMERA_NAMES.includes(key)) {
      report(
        `${quoteValue(name)} is reserved: <prefix>/${key} is a topic of the MQTT API itself (reserved: ${RESERVED_CAMERA_NAMES.join(', ')})`,
      );
    }
  });
}
