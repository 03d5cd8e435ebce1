import type { AlertRuleConfig, Config } from '../config/index.js';
import { type ResultBus, targetKey } from '../core/index.js';
import type { Logger } from '../log/index.js';
import { AlertSnapshots, SnapshotFolder } from '../outputs/snapshots/index.js';
import { CameraRecognizer, createSmoother, LabelFilter, LabelIndex } from '../recognize/index.js';

/**
 * Builds the recognizers, one per target (a camera's whole frame unless `whole_frame` is off,
 * and each of its regions; keyed by targetKey), and the alert rules with every configured
 * label checked against the model's labels and turned into its canonical spelling
 * (`arm_wrestling` → `arm wrestling`). A region without labels reports its camera's. Throws
 * UnknownLabelError naming the configuration path of a bad label.
 */
export function buildRecognizers(
  config: Config,
  labels: readonly string[],
): Map<string, CameraRecognizer> {
  const index = new LabelIndex(labels);
  const recognizers = new Map<string, CameraRecognizer>();
  const recognizer = (allowed: ReturnType<LabelIndex['resolve']>) => {
    const smoother = createSmoother(config.recognition.smoothing, labels.length);
    const filter = new LabelFilter(labels, allowed);
    return new CameraRecognizer(filter, smoother, config.recognition.topK, labels.length);
  };
  config.cameras.forEach((camera, i) => {
    const allowed = index.resolve(camera.labels, `cameras[${i}].labels`);
    const regions = camera.regions.map((region, r) => ({
      key: targetKey(camera.name, region.name),
      allowed:
        region.labels.length === 0
          ? allowed
          : index.resolve(region.labels, `cameras[${i}].regions[${r}].labels`),
    }));
    if (!camera.enabled) return;
    if (camera.wholeFrame) recognizers.set(camera.name, recognizer(allowed));
    for (const region of regions) recognizers.set(region.key, recognizer(region.allowed));
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
  const regions = new Map(config.cameras.map((camera) => [camera.name, camera.regions]));
  return new AlertSnapshots({
    cameras,
    regions,
    fps,
    folder: new SnapshotFolder(dir, maxFiles, logger),
    randomWeights,
    bus,
    logger,
  });
}
