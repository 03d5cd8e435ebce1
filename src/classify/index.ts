export {
  type ClassifiedWindow,
  type ClassifyVideoOptions,
  type ClassifyVideoResult,
  classifyVideo,
} from './classifyVideo.js';
export { runClassifyCommand } from './command.js';
export { CLASSIFY_CAMERA, fileCamera } from './fileCamera.js';
export { PacedWindowFeed, type WindowFeedDeps } from './windowFeed.js';
