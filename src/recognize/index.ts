export {
  type Alert,
  AlertRules,
  type RuleStateChange,
  type RuleStatus,
} from './alertRules.js';
export {
  CameraRecognition,
  type CameraWindowRecognition,
  type EmbeddingHead,
  type SourcedRecognition,
} from './cameraRecognition.js';
export { CameraRecognizer, type SmoothedRecognition } from './cameraRecognizer.js';
export {
  type ActionEvent,
  type EndReason,
  type EventChange,
  EventTracker,
  type EventTrackerOptions,
  eventId,
  type HeldScore,
  UPDATE_MIN_RISE,
  type WindowSpan,
} from './eventTracker.js';
export { LabelFilter, LabelIndex, UnknownLabelError } from './labelFilter.js';
export { type Recognition, Recognizer } from './recognizer.js';
export { compileSchedule, parseTimeOfDay, type Schedule } from './schedule.js';
export { type LabelScore, softmaxInto, topK } from './scores.js';
export { createSmoother, type ScoreSmoother } from './smoothing.js';
