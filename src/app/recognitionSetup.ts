import type { AlertRuleConfig, CameraConfig, Config } from '../config/index.js';
import { type ResultBus, targetKey } from '../core/index.js';
import type { Logger } from '../log/index.js';
import { HeadScorer, type TaughtHead } from '../model/heads/index.js';
import { AlertSnapshots, SnapshotFolder } from '../outputs/snapshots/index.js';
import {
  CameraRecognition,
  CameraRecognizer,
  createSmoother,
  LabelFilter,
  LabelIndex,
  UnknownLabelError,
} from '../recognize/index.js';

/** The model's labels, and the name payloads give them as `labels_from`. */
export interface ModelLabels {
  labels: readonly string[];
  labelsFrom: string;
}

/**
 * Builds the recognition of every target (a camera's whole frame unless `whole_frame` is off,
 * and each of its regions; keyed by targetKey): the model's labels, the camera's head's, or
 * both. Every configured label is checked against the model's labels and turned into its
 * canonical spelling (`arm_wrestling` → `arm wrestling`); a region without labels reports its
 * camera's. Throws UnknownLabelError naming the configuration path of a bad label. `heads`:
 * camera → its taught head, already checked to fit the model; a camera's regions use it too.
 */
export function buildRecognizers(
  config: Config,
  model: ModelLabels,
  heads: ReadonlyMap<string, TaughtHead> = new Map(),
): Map<string, CameraRecognition> {
  const { labels } = model;
  const index = new LabelIndex(labels);
  const { smoothing, topK } = config.recognition;
  const recognizers = new Map<string, CameraRecognition>();
  const recognition = (camera: CameraConfig, allowed: ReturnType<LabelIndex['resolve']>) => {
    const head = heads.get(camera.name);
    const ownLabels =
      head === undefined || camera.modelLabels
        ? {
            labelsFrom: model.labelsFrom,
            recognizer: new CameraRecognizer(
              new LabelFilter(labels, allowed),
              createSmoother(smoothing, labels.length),
              topK,
              labels.length,
            ),
          }
        : null;
    return new CameraRecognition(
      ownLabels,
      head === undefined ? null : headRecognition(config, head),
    );
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
    if (camera.wholeFrame) recognizers.set(camera.name, recognition(camera, allowed));
    for (const region of regions) recognizers.set(region.key, recognition(camera, region.allowed));
  });
  return recognizers;
}

function headRecognition(config: Config, head: TaughtHead) {
  const { smoothing, topK } = config.recognition;
  const classes = head.labels.length;
  return {
    scorer: new HeadScorer(head),
    recognizer: new CameraRecognizer(
      new LabelFilter(head.labels),
      createSmoother(smoothing, classes),
      topK,
      classes,
      new Set([head.background]),
    ),
  };
}

/**
 * The rules with their labels in canonical spelling. A rule may name the model's labels (when
 * a camera it watches reports them) and the action labels of the heads of the cameras it
 * watches; anything else could never fire and is refused with UnknownLabelError.
 */
export function canonicalRules(
  config: Config,
  labels: readonly string[],
  heads: ReadonlyMap<string, TaughtHead> = new Map(),
): AlertRuleConfig[] {
  const modelIndex = new LabelIndex(labels);
  return config.alerts.map((rule, i) => {
    const watched = config.cameras.filter(
      (camera) =>
        camera.enabled && (rule.cameras.length === 0 || rule.cameras.includes(camera.name)),
    );
    const reportsModel = watched.some((camera) => !heads.has(camera.name) || camera.modelLabels);
    const watchedHeads = headsOf(watched, heads);
    const headIndex = new LabelIndex([...new Set(watchedHeads.flatMap(actionLabels))]);
    const resolved = rule.labels.map((label) => {
      const inModel = reportsModel ? modelIndex.indexOf(label) : undefined;
      if (inModel !== undefined) return labels[inModel] as string;
      const inHead = headIndex.indexOf(label);
      return inHead === undefined ? undefined : (headIndex.labels[inHead] as string);
    });
    const unknown = rule.labels.filter((_, j) => resolved[j] === undefined);
    if (unknown.length > 0) {
      throw new UnknownLabelError(
        unknownRuleLabels(`alerts[${i}].labels`, unknown, { reportsModel, labels, watchedHeads }),
      );
    }
    return { ...rule, labels: [...new Set(resolved as string[])] };
  });
}

function headsOf(
  cameras: readonly CameraConfig[],
  heads: ReadonlyMap<string, TaughtHead>,
): TaughtHead[] {
  const found = cameras.flatMap((camera) => heads.get(camera.name) ?? []);
  return [...new Set(found)];
}

/** A head's labels that can make events: all but its background class. */
function actionLabels(head: TaughtHead): string[] {
  return head.labels.filter((label) => label !== head.background);
}

function unknownRuleLabels(
  where: string,
  unknown: readonly string[],
  known: { reportsModel: boolean; labels: readonly string[]; watchedHeads: TaughtHead[] },
): string {
  const names = unknown.map((label) => JSON.stringify(label)).join(', ');
  const heads = known.watchedHeads
    .map((head) => `head '${head.name}' (${actionLabels(head).join(', ')})`)
    .join(', ');
  const model = `the model (it has ${known.labels.length} labels, e.g. ${JSON.stringify(known.labels[0] ?? '')})`;
  const verb = unknown.length === 1 ? 'is not a label' : 'are not labels';
  if (!known.reportsModel) {
    return `${where}: ${names} ${verb} of ${heads}, the only labels the cameras it watches report (model_labels: false)`;
  }
  return `${where}: ${names} ${verb} of ${model}${heads === '' ? '' : ` nor of ${heads}`}`;
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
