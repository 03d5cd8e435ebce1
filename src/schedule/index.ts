export {
  ClipScheduler,
  type ClipSchedulerOptions,
  type ScheduleStats,
  type WindowGate,
  type WindowResult,
  type WindowRunner,
} from './clipScheduler.js';
