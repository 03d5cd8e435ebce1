import { join } from 'node:path';
import { resolveFrom } from './files.js';
import type { FileTopLevel } from './fileTypes.js';
import type { SectionContext } from './mqttSection.js';
import type { CheckedValues } from './problems.js';
import type {
  EventsConfig,
  HomeAssistantConfig,
  SmoothingConfig,
  SnapshotsConfig,
} from './types.js';

type Checked = CheckedValues<FileTopLevel>;

/** recognition.smoothing. Undefined when a key failed its check (already reported). */
export function resolveSmoothing(checked: Checked): SmoothingConfig | undefined {
  if (!checked.isValid('recognition.smoothing')) return undefined;
  const { method, windows, alpha } = checked.values.recognition.smoothing;
  return { method, windows, alpha };
}

/** `events`, with the hysteresis checked: an exit above the enter score would flap. */
export function resolveEvents(checked: Checked, context: SectionContext): EventsConfig | undefined {
  if (!checked.isValid('events')) return undefined;
  const { events } = checked.values;
  if (events.exit_score > events.enter_score) {
    context.problems.add(
      'events.exit_score',
      `must be at most enter_score (${events.enter_score}), got ${events.exit_score}`,
    );
    return undefined;
  }
  if (events.exit_score === 0) {
    // Every label scores above 0, so no event would ever end.
    context.problems.add('events.exit_score', 'must be above 0, got 0');
    return undefined;
  }
  return {
    enterScore: events.enter_score,
    exitScore: events.exit_score,
    minDurationMs: events.min_duration_ms,
    maxGapMs: events.max_gap_ms,
  };
}

export function resolveSnapshots(
  checked: Checked,
  context: SectionContext,
): SnapshotsConfig | undefined {
  if (!checked.allValid('snapshots', 'state_dir')) return undefined;
  const { snapshots, state_dir: stateDir } = checked.values;
  const dir = snapshots.dir === '' ? join(stateDir, 'snapshots') : snapshots.dir;
  return {
    enabled: snapshots.enabled,
    fps: snapshots.fps,
    width: snapshots.width,
    dir: resolveFrom(context.cwd, dir),
    maxFiles: snapshots.max_files,
  };
}

export function resolveHomeAssistant(checked: Checked): HomeAssistantConfig | undefined {
  if (!checked.isValid('homeassistant')) return undefined;
  const { enabled, discovery_prefix: discoveryPrefix } = checked.values.homeassistant;
  return { enabled, discoveryPrefix };
}
