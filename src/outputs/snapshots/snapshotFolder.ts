import { mkdir, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../log/index.js';

/**
 * The folder of alert snapshots, bounded by a file count: after each save the oldest files
 * beyond `maxFiles` are deleted. Names start with the UTC capture time, so sorting by name is
 * sorting by age; files written by someone else (not ending in .jpg) are left alone.
 */
export class SnapshotFolder {
  private readonly log: Logger;

  constructor(
    readonly dir: string,
    private readonly maxFiles: number,
    logger: Logger,
  ) {
    if (!Number.isInteger(maxFiles) || maxFiles < 1) {
      throw new RangeError(`maxFiles must be an integer >= 1, got ${maxFiles}`);
    }
    this.log = logger.child({ module: 'snapshot' });
  }

  /** Writes the JPEG (temporary file, then rename) and returns its absolute path. */
  async save(timeMs: number, tags: readonly string[], jpeg: Buffer): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, snapshotFileName(timeMs, tags));
    const temporary = `${path}.tmp`;
    await writeFile(temporary, jpeg);
    // Readers (a web server, Node-RED) never see half a file.
    await rename(temporary, path);
    await this.prune();
    return path;
  }

  private async prune(): Promise<void> {
    const files = (await readdir(this.dir)).filter((name) => name.endsWith('.jpg')).sort();
    const excess = files.slice(0, Math.max(0, files.length - this.maxFiles));
    for (const name of excess) {
      try {
        await unlink(join(this.dir, name));
      } catch (err) {
        this.log.warn({ err, file: name }, 'cannot delete an old snapshot');
      }
    }
  }
}

/**
 * `20250108T120005.123Z_bay3_night_welding.jpg` for tags [bay3, night, welding]: sortable, and
 * safe in any file system whatever the tags hold.
 */
export function snapshotFileName(timeMs: number, tags: readonly string[]): string {
  const stamp = new Date(timeMs).toISOString().replace(/[-:]/g, '');
  const safe = tags.map((tag) => tag.replace(/[^A-Za-z0-9-]+/g, '-').slice(0, 64));
  return `${[stamp, ...safe].join('_')}.jpg`;
}
