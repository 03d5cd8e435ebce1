import type { WindowSet } from './windowSet.js';

/**
 * Assigns each video to one of `k` folds, so that a video's windows are never on both sides
 * of a split (neighbouring windows of one video are near copies and would flatter the
 * score). Videos are taken class by class, in name order, dealing folds round-robin, so each
 * class spreads over the folds as evenly as its videos allow. Returns the fold of each video.
 */
export function foldOfVideo(set: WindowSet, k: number): Int32Array {
  const main = mainClassOfVideos(set);
  const order = set.videos
    .map((name, video) => ({ name, video, cls: main[video] as number }))
    .sort((a, b) => a.cls - b.cls || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const folds = new Int32Array(set.videos.length);
  order.forEach((entry, i) => {
    folds[entry.video] = i % k;
  });
  return folds;
}

/** The class most of each video's windows belong to (ties: the earlier class). */
function mainClassOfVideos(set: WindowSet): Int32Array {
  const counts = set.videos.map(() => new Int32Array(set.labels.length));
  set.classOf.forEach((cls, row) => {
    const video = counts[set.videoOf[row] as number] as Int32Array;
    video[cls] = (video[cls] as number) + 1;
  });
  return Int32Array.from(counts, (c) => c.indexOf(Math.max(...c)));
}
