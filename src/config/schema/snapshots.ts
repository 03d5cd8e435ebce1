import { decimal, flag, integer, text } from './leaves.js';
import { section } from './section.js';

/** `snapshots`: a second low-rate ffmpeg output of full-view JPEGs, kept for alerts. */
export const snapshotsSection = section({
  enabled: flag(true, 'Keep recent full-view frames for alert snapshots (only with alert rules).'),
  fps: decimal(1, 0.1, 5, 'Full-view frames per second kept from each camera.'),
  width: integer(640, 64, 3840, 'Snapshot width in pixels; never upscaled.'),
  dir: text('', 'Folder of alert snapshots; empty = <state_dir>/snapshots.'),
  max_files: integer(500, 1, 1_000_000, 'Most snapshot files kept; the oldest go first.'),
});
