export { type ActionPayloadInput, buildActionPayload } from './actionPayload.js';
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
  type AvailabilityState,
  MqttPublisher,
  type MqttPublisherOptions,
  type PublisherStats,
  type PublishOptions,
} from './mqttPublisher.js';
export { isTopicSafeName, Topics } from './topics.js';
