export { FrameRing } from './frameRing.js';
export type { FrameSink } from './frameSink.js';
