export {
  ClipScheduler,
  type ClipSchedulerOptions,
  type ScheduleStats,
  type WindowResult,
  type WindowRunner,
} from './clipScheduler.js';
