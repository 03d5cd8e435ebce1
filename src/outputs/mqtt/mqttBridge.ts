import type {
  AlertEvent,
  AvailabilityEvent,
  DetectEvent,
  EventAnnouncement,
  MotionEvent,
  ResultBus,
  ResultEventName,
  ResultEvents,
  SnapshotEvent,
  WindowEvent,
} from '../../core/index.js';
import type { Logger } from '../../log/index.js';
import type { RuleStatus } from '../../recognize/index.js';
import {
  type ActionModel,
  buildDetectOffPayload,
  buildMotionIdlePayload,
  windowActionPayload,
} from './actionPayload.js';
import { type CommandTarget, subscribeControlCommands } from './controlCommands.js';
import { buildAlertPayload, buildEventPayload, buildRuleAttributes } from './eventPayloads.js';
import type { RetainedMessage } from './gracefulDisconnect.js';
import type { MqttClient } from './mqttClient.js';
import { RetainedStates } from './retainedStates.js';
import { isTopicSafeName, type Topics } from './topics.js';

/** What the bridge needs of the MQTT client (MqttClient, or a fake in tests). */
export type BridgeClient = Pick<
  MqttClient,
  | 'topics'
  | 'connected'
  | 'publishRaw'
  | 'onConnect'
  | 'subscribe'
  | 'publishLatest'
  | 'publishEvent'
>;

export interface MqttBridgeOptions {
  bus: ResultBus;
  client: BridgeClient;
  /** The configured cameras: each goes offline when the daemon stops. */
  cameras: readonly string[];
  /** camera → its regions' names, whose action topics follow the camera's detect switch. */
  regions?: ReadonlyMap<string, readonly string[]>;
  model: ActionModel;
  /** Where the command topics (detect/set, suspend) go. */
  controls: CommandTarget;
  logger: Logger;
}

/** What stays retained for every camera after a clean stop (the camera itself is silent). */
const CAMERA_OFFLINE_PAYLOAD = JSON.stringify({ state: 'offline', reason: 'stopped' });

/**
 * The MQTT side of the result bus: the one place that turns results into topics and payloads
 * (README's MQTT API), and commands into calls on the controls. Retained states go through
 * one RetainedStates, re-published after every reconnect; events and alerts through the
 * client's outbox; actions are sent or dropped.
 */
export class MqttBridge {
  /** The retained states this daemon owns; Home Assistant discovery writes through it too. */
  readonly retained: RetainedStates;
  private readonly announced = new Set<string>();
  /** Cameras whose motion gate is idle, with the time it went idle. */
  private readonly idleSinceMs = new Map<string, number>();
  private readonly unsubscribes: Array<() => void> = [];
  private readonly log: Logger;

  constructor(private readonly opts: MqttBridgeOptions) {
    this.retained = new RetainedStates(opts.client, opts.logger.child({ module: 'mqtt' }));
    this.log = opts.logger.child({ module: 'mqtt_bridge' });
  }

  get client(): BridgeClient {
    return this.opts.client;
  }

  get topics(): Topics {
    return this.opts.client.topics;
  }

  start(): void {
    const { client, controls, logger } = this.opts;
    this.retained.start();
    this.listen('window', (event) => this.window(event));
    this.listen('event', (change) => this.event(change));
    this.listen('alert', (event) => this.alert(event));
    this.listen('availability', (event) => this.availability(event));
    this.listen('detect', (event) => this.detect(event));
    this.listen('motion', (event) => this.motion(event));
    this.listen('ruleState', ({ rule, on }) => this.ruleState(rule, on));
    this.listen('ruleAttributes', ({ rule, status }) => this.ruleAttributes(rule, status));
    this.listen('snapshot', (event) => this.snapshot(event));
    subscribeControlCommands({ subscriber: client, topics: this.topics, controls, logger });
  }

  /** Stops listening; what the broker has stays. */
  stop(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }

  /**
   * Every camera (configured or ever announced) offline, for the client's goodbye; an unsafe
   * name is skipped so the rest still go offline.
   */
  farewell(): RetainedMessage[] {
    const cameras = [...new Set([...this.announced, ...this.opts.cameras])];
    const unsafe = cameras.filter((camera) => !isTopicSafeName(camera));
    if (unsafe.length > 0) this.log.warn({ cameras: unsafe }, 'MQTT skipping unsafe camera names');
    return cameras.filter(isTopicSafeName).map((camera) => ({
      topic: this.topics.availability(camera),
      payload: CAMERA_OFFLINE_PAYLOAD,
    }));
  }

  private listen<K extends ResultEventName>(
    name: K,
    listener: (event: ResultEvents[K]) => void,
  ): void {
    this.unsubscribes.push(this.opts.bus.on(name, listener));
  }

  private window(event: WindowEvent): void {
    const region = event.region ?? null;
    const payload = windowActionPayload(event, this.opts.model);
    this.opts.client.publishLatest(this.topics.targetAction(event.camera, region), payload);
  }

  private event(change: EventAnnouncement): void {
    const reason = change.type === 'end' ? change.reason : undefined;
    const { model } = this.opts;
    const payload = buildEventPayload(change.type, change.event, model, reason, change.clip);
    this.opts.client.publishEvent(this.topics.events, payload);
  }

  private alert({ alert, snapshot, clip }: AlertEvent): void {
    const reference =
      snapshot === null ? null : { topic: this.topics.snapshot(alert.event.camera), ...snapshot };
    const payload = buildAlertPayload(alert, this.opts.model, reference, clip);
    this.opts.client.publishEvent(this.topics.alerts, payload);
  }

  /** `state` first for humans reading the topic, and never overridden by detail. */
  private availability({ camera, state, detail }: AvailabilityEvent): void {
    const { state: _ignored, ...rest } = detail;
    this.announced.add(camera);
    this.retained.set(this.topics.availability(camera), JSON.stringify({ state, ...rest }));
  }

  /**
   * The switch's state, always (a command's sender waits for it). Off, the action topic says
   * so (qos 0 like every action, and kept for reconnects); back on, the next window's action
   * replaces it, so it must not be re-published after that one.
   */
  private detect({ camera, on, cause, timeMs }: DetectEvent): void {
    this.retained.set(this.topics.detectState(camera), on ? 'ON' : 'OFF');
    if (cause === 'confirmed') return;
    this.detectRegions(camera, on, timeMs);
    const action = this.topics.action(camera);
    if (!on) {
      this.retained.set(action, JSON.stringify(buildDetectOffPayload(camera, timeMs)), 0);
    } else if (cause === 'switched') {
      // Still idle: no window will come to replace the detect-off message.
      const idleSinceMs = this.idleSinceMs.get(camera);
      if (idleSinceMs === undefined) this.retained.forget(action);
      else
        this.retained.set(action, JSON.stringify(buildMotionIdlePayload(camera, idleSinceMs)), 0);
    }
  }

  /** Regions have no motion gate of their own: off says so, on waits for their next window. */
  private detectRegions(camera: string, on: boolean, timeMs: number): void {
    for (const region of this.opts.regions?.get(camera) ?? []) {
      const action = this.topics.targetAction(camera, region);
      if (on) this.retained.forget(action);
      else
        this.retained.set(action, JSON.stringify(buildDetectOffPayload(camera, timeMs, region)), 0);
    }
  }

  /**
   * Like detection off: idle, the action topic says so (kept for reconnects); active again,
   * the window that woke the camera replaces it, so it must not be re-published after that.
   */
  private motion({ camera, state, timeMs }: MotionEvent): void {
    const action = this.topics.action(camera);
    if (state === 'idle') {
      this.idleSinceMs.set(camera, timeMs);
      this.retained.set(action, JSON.stringify(buildMotionIdlePayload(camera, timeMs)), 0);
    } else {
      this.idleSinceMs.delete(camera);
      this.retained.forget(action);
    }
  }

  private ruleState(rule: string, on: boolean): void {
    this.retained.set(this.topics.ruleState(rule), on ? 'ON' : 'OFF');
  }

  private ruleAttributes(rule: string, status: RuleStatus): void {
    this.retained.set(
      this.topics.ruleAttributes(rule),
      JSON.stringify(buildRuleAttributes(status)),
    );
  }

  /** qos 0 retained: the latest alert's picture, as the MQTT API table says. */
  private snapshot({ camera, jpeg }: SnapshotEvent): void {
    this.retained.set(this.topics.snapshot(camera), jpeg, 0);
  }
}
