export type { ClipCapture } from './clipCapture.js';
export { type Clock, sleep, systemClock, type TimerHandle } from './clock.js';
export {
  type AlertEvent,
  type AvailabilityEvent,
  type AvailabilityState,
  type ClipReference,
  type DetectEvent,
  type EventAnnouncement,
  type MotionEvent,
  ResultBus,
  type ResultEventName,
  type ResultEvents,
  type ResultListener,
  type SnapshotEvent,
  type SnapshotFile,
  type WindowEvent,
} from './resultBus.js';
export type { SnapshotCapture } from './snapshotCapture.js';
export { type Target, targetKey, targetOf } from './target.js';
