export {
  type ActionModel,
  type ActionPayloadInput,
  buildActionPayload,
  buildDetectOffPayload,
  buildMotionIdlePayload,
  windowActionPayload,
} from './actionPayload.js';
export { type CommandTarget, subscribeControlCommands } from './controlCommands.js';
export {
  buildAlertPayload,
  buildEventPayload,
  buildRuleAttributes,
  type PayloadModel,
  type SnapshotReference,
} from './eventPayloads.js';
export type { RetainedMessage } from './gracefulDisconnect.js';
export {
  buildDiscovery,
  type DiscoveryInput,
  type DiscoveryMessage,
  discoveryNodeId,
} from './homeAssistant.js';
export {
  HomeAssistantDiscovery,
  type HomeAssistantDiscoveryOptions,
} from './homeAssistantDiscovery.js';
export {
  type BridgeClient,
  MqttBridge,
  type MqttBridgeOptions,
} from './mqttBridge.js';
export {
  type ClientStats,
  MqttClient,
  type MqttClientOptions,
  type PublishOptions,
} from './mqttClient.js';
export {
  BRIDGE_OFFLINE_PAYLOAD,
  BRIDGE_ONLINE_PAYLOAD,
  buildMqttOptions,
  CONNECT_TIMEOUT_MS,
  RECONNECT_PERIOD_MS,
  type ReadFile,
  usesTls,
} from './mqttOptions.js';
export {
  Outbox,
  OutboxOpenError,
  type OutboxOptions,
  type OutboxSend,
  type OutboxStats,
} from './outbox.js';
export { type EventQueue, OutboxPart } from './outboxPart.js';
export { type RetainedPublisher, RetainedStates } from './retainedStates.js';
export { type MessageHandler, Subscriptions, topicMatches } from './subscriptions.js';
export { FIXED_TOP_LEVELS, isTopicSafeName, Topics } from './topics.js';
