export { type CommandSubscriber, subscribeControlCommands } from './controlCommands.js';
export { CONTROLS_FILE_NAME, ControlsStore } from './controlsStore.js';
export {
  DetectSwitches,
  type DetectSwitchesOptions,
  parseSwitchPayload,
} from './detectSwitches.js';
export {
  MAX_SUSPEND_MINUTES,
  parseSuspendMinutes,
  RuleSuspensions,
  type RuleSuspensionsOptions,
} from './ruleSuspensions.js';
