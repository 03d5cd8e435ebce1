export { decodeLikeTheDaemon, frameDigest } from './ffmpegFrames.js';
export { fixedFrames } from './fixedFrames.js';
export {
  type ClipSampling,
  type CropReference,
  type FixedFramesReference,
  loadCrops,
  loadFixedFrames,
  loadSampling,
  loadWindows,
  parseRate,
  readJson,
  type WindowReference,
  type WindowsReference,
} from './goldens.js';
export { argMax, cosineSimilarity, maxAbsDifference, meanAbsDifference } from './metrics.js';
export { decodeRegionLikeTheDaemon } from './regionFrames.js';
