export { allowedCpus, defaultIntraOpThreads } from './cpuThreads.js';
export {
  type ClipOutputs,
  engineOptionsFromConfig,
  InferenceEngine,
  type InferenceEngineOptions,
} from './engine.js';
export { labelsFileSha256, loadLabels } from './labels.js';
export {
  type ChannelTriple,
  defaultCardPath,
  type InputDtype,
  type InputLayout,
  isRandomWeights,
  loadModelCard,
  MODEL_CARD_FORMAT,
  type ModelCard,
  parseModelCard,
} from './modelCard.js';
export {
  describeFirstRunFailure,
  describeProviderFailure,
  type ProviderPlan,
  planProviders,
  type SupportedBackend,
} from './providers.js';
export { engineSessionOptions } from './sessionDefaults.js';
