export { ControlsService, type ControlsServiceOptions } from './controlsService.js';
export { CONTROLS_FILE_NAME, ControlsStore } from './controlsStore.js';
export {
  DetectSwitches,
  type DetectSwitchesOptions,
  parseSwitchPayload,
  type SwitchOutcome,
} from './detectSwitches.js';
export {
  MAX_SUSPEND_MINUTES,
  parseSuspendMinutes,
  RuleSuspensions,
  type RuleSuspensionsOptions,
} from './ruleSuspensions.js';
