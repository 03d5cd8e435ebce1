import type { Config } from '../config/index.js';
import {
  checkHeadFitsModel,
  HeadMismatchError,
  loadHead,
  type TaughtHead,
} from '../model/heads/index.js';
import type { ModelCard } from '../model/index.js';

/**
 * The taught head of each enabled camera that names one, read and checked against the loaded
 * model. Throws HeadMismatchError (a configuration error) naming the head, the model and both
 * backbones when a head was taught on another model or the model has no embedding output, or
 * when the head's name is the model's (payloads' labels_from could not tell them apart).
 * A head file several cameras share is read once.
 */
export function loadCameraHeads(config: Config, card: ModelCard): Map<string, TaughtHead> {
  const byPath = new Map<string, TaughtHead>();
  const heads = new Map<string, TaughtHead>();
  for (const camera of config.cameras) {
    if (!camera.enabled || camera.head === '') continue;
    let head = byPath.get(camera.head);
    if (head === undefined) {
      head = loadHead(camera.head);
      checkHeadFitsModel(head, camera.head, card, config.model.path);
      if (head.name === card.name) {
        throw new HeadMismatchError(
          `head ${camera.head} is named '${head.name}' like the model ${config.model.path}: ` +
            'labels_from could not tell their labels apart (teach it again with another --name)',
        );
      }
      byPath.set(camera.head, head);
    }
    heads.set(camera.name, head);
  }
  return heads;
}
