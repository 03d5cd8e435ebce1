export {
  type BackboneIdentity,
  backboneDifferences,
  backboneOf,
  describeBackbone,
} from './backbone.js';
export { HEAD_FORMAT, loadHead, parseHead, type TaughtHead } from './headFile.js';
export { checkHeadFitsModel, HeadMismatchError } from './headFit.js';
export { HeadScorer } from './headScorer.js';
export { headFileText } from './writeHead.js';
