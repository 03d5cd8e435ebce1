import type { AlertRuleConfig, Config } from '../config/index.js';
import type { ResultBus } from '../core/index.js';
import type { Logger } from '../log/index.js';
import { AlertSnapshots, SnapshotFolder } from '../outputs/snapshots/index.js';
import { CameraRecognizer, createSmoother, LabelFilter, LabelIndex } from '../recognize/index.js';

/**
 * Builds the per-camera recognizers and the alert rules with every configured label checked
 * against the model's labels and turned into its canonical spelling (`arm_wrestling` →
 * `arm wrestling`). Throws UnknownLabelError naming the configuration path of a bad label.
 */
export function buildRecognizers(
  config: Config,
  labels: readonly string[],
): Map<string, CameraRecognizer> {
  const index = new LabelIndex(labels);
  const recognizers = new Map<string, CameraRecognizer>();
  config.cameras.forEach((camera, i) => {
    const allowed = index.resolve(camera.labels, `cameras[${i}].labels`);
    if (!camera.enabled) return;
    const smoother = createSmoother(config.recognition.smoothing, labels.length);
    const filter = new LabelFilter(labels, allowed);
    recognizers.set(
      camera.name,
      new CameraRecognizer(filter, smoother, config.recognition.topK, labels.length),
    );
  });
  return recognizers;
}

export function canonicalRules(config: Config, labels: readonly string[]): AlertRuleConfig[] {
  const index = new LabelIndex(labels);
  return config.alerts.map((rule, i) => {
    const classes = index.resolve(rule.labels, `alerts[${i}].labels`);
    return { ...rule, labels: classes.map((c) => labels[c] as string) };
  });
}

/** Snapshots cost an ffmpeg output per camera; only alerts use them. */
export function buildSnapshots(
  config: Config,
  cameras: readonly string[],
  output: { bus: ResultBus; randomWeights: boolean; logger: Logger },
): AlertSnapshots | null {
  if (!config.snapshots.enabled || config.alerts.length === 0) return null;
  const { fps, dir, maxFiles } = config.snapshots;
  const { bus, randomWeights, logger } = output;
  return new AlertSnapshots({
    cameras,
    fps,
    folder: new SnapshotFolder(dir, maxFiles, logger),
    randomWeights,
    bus,
    logger,
  });
}
