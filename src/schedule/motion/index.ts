export { type CropView, cropViewOf, type ModelFrameGeometry, WHOLE_FRAME } from './cropView.js';
export { type LumaGrid, lumaGridOf, subsampleLuma } from './lumaFromRgb.js';
export {
  MotionGate,
  type MotionGateOptions,
  type MotionGateStats,
  type MotionState,
  type MotionStateChange,
} from './motionGate.js';
export {
  type MaskPolygon,
  type MaskRectangle,
  type MotionMask,
  maskProblems,
  rasteriseMasks,
} from './motionMask.js';
export { MotionMeasure, type MotionMeasureOptions } from './motionMeasure.js';
export {
  DEFAULT_MOTION_SETTINGS,
  type MotionSettings,
  motionSettingsProblems,
} from './motionSettings.js';
export { DEFAULT_LUMA_STEP, MotionTap, type MotionTapOptions } from './motionTap.js';
