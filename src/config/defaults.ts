import { hostname } from 'node:os';
import { topLevelSchema } from './schema.js';
import { isLeaf, type SchemaLeaf, type SchemaSection } from './schemaNodes.js';

/**
 * The built-in default of one setting, named by its path in the file (`ffmpeg.scale_flags`).
 * Commands that work without a daemon configuration (`actionwatch classify`) take the daemon's
 * defaults from the one schema instead of repeating them.
 */
export function settingDefault(path: string): unknown {
  let node: SchemaSection | SchemaLeaf = topLevelSchema(hostname());
  for (const key of path.split('.')) {
    const next: SchemaSection | SchemaLeaf | undefined = isLeaf(node) ? undefined : node[key];
    if (next === undefined)
      throw new RangeError(`no setting '${path}' in the configuration schema`);
    node = next;
  }
  if (!isLeaf(node)) throw new RangeError(`'${path}' is a section, not a setting`);
  return node.default;
}
