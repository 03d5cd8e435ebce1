/**
 * A recognition target: a camera's whole frame (region null) or one of its regions. Each has
 * its own ring, windows, smoothing, events and alerts; inside the daemon they are keyed by
 * targetKey(), which is the camera's name for its whole frame, so everything that existed
 * per camera before regions keeps its key. Names never hold '/' (they are topic levels), so
 * the key is unambiguous.
 */
export interface Target {
  camera: string;
  region: string | null;
}

export function targetKey(camera: string, region: string | null = null): string {
  return region === null ? camera : `${camera}/${region}`;
}

export function targetOf(key: string): Target {
  const slash = key.indexOf('/');
  if (slash < 0) return { camera: key, region: null };
  return { camera: key.slice(0, slash), region: key.slice(slash + 1) };
}
