import { cameraSchema, RESERVED_CAMERA_NAMES } from './cameraSchema.js';
import { buildSource } from './cameraSource.js';
import { checkWithConvict } from './convictCheck.js';
import type { FileCamera } from './fileTypes.js';
import type { ProblemList } from './problems.js';
import { quoteValue } from './redact.js';
import { isMapping } from './shapeCheck.js';
import type { CameraConfig } from './types.js';

export interface CamerasContext {
  cwd: string;
  problems: ProblemList;
}

/** Every camera checked on its own, then as a set. Undefined after reporting a problem. */
export function buildCameras(
  items: unknown[],
  context: CamerasContext,
): CameraConfig[] | undefined {
  const built = items.map((item, index) => buildCamera(item, index, context));
  const names = items.map((item) => (isMapping(item) ? item.name : undefined));
  checkNamesUnique(names, context.problems);
  checkNamesNotReserved(names, context.problems);
  const cameras = built.filter((camera): camera is CameraConfig => camera !== undefined);
  if (cameras.length !== items.length) return undefined;
  if (!cameras.some((camera) => camera.enabled)) {
    context.problems.add('cameras', 'at least one enabled camera is required');
    return undefined;
  }
  return cameras;
}

function buildCamera(
  item: unknown,
  index: number,
  context: CamerasContext,
): CameraConfig | undefined {
  const path = `cameras[${index}]`;
  if (!isMapping(item)) {
    context.problems.add(path, `must be a mapping of keys, got ${quoteValue(item)}`);
    return undefined;
  }
  // Camera items take nothing from the environment: env names could not say which camera.
  const checked = checkWithConvict<FileCamera>(item, cameraSchema, path, {}, context.problems);
  const enabled = checked.isValid('enabled') ? checked.values.enabled : true;
  const source = buildSource(checked, { ...context, enabled });
  if (source === undefined || !checked.allValid('name', 'enabled', 'stall_timeout_ms', 'labels')) {
    return undefined;
  }
  const { name, stall_timeout_ms: stallTimeoutMs, labels } = checked.values;
  return { name, enabled, source, stallTimeoutMs, labels: [...labels] };
}

/**
 * Names are compared without case: Home Assistant lowercases entity ids, so `Gym` and `gym`
 * would fight over one entity even though their topics differ.
 */
function checkNamesUnique(names: unknown[], problems: ProblemList): void {
  const firstIndex = new Map<string, number>();
  names.forEach((name, index) => {
    if (typeof name !== 'string' || name === '') return;
    const key = name.toLowerCase();
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, index);
      return;
    }
    problems.add(
      `cameras[${index}].name`,
      `${quoteValue(name)} is already used by cameras[${first}]`,
    );
  });
}

/** Without case, like uniqueness: `Bridge` would still take the bridge's Home Assistant ids. */
function checkNamesNotReserved(names: unknown[], problems: ProblemList): void {
  names.forEach((name, index) => {
    if (typeof name !== 'string' || !RESERVED_CAMERA_NAMES.includes(name.toLowerCase())) return;
    problems.add(
      `cameras[${index}].name`,
      `${quoteValue(name)} is reserved: <prefix>/${name.toLowerCase()} is a topic of the MQTT API itself (reserved: ${RESERVED_CAMERA_NAMES.join(', ')})`,
    );
  });
}
