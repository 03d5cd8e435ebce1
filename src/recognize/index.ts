export { type Recognition, Recognizer } from './recognizer.js';
export { type LabelScore, softmaxInto, topK } from './scores.js';
