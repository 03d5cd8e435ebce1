import { statfs } from 'node:fs/promises';

/** Bytes an unprivileged process may still write in the file system of `dir`. */
export type FreeSpaceProbe = (dir: string) => Promise<number>;

export const statfsFreeBytes: FreeSpaceProbe = async (dir) => {
  const stats = await statfs(dir);
  return stats.bavail * stats.bsize;
};
