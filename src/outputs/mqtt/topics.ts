/**
 * Every MQTT topic the daemon publishes or subscribes to is built here, so the API table in
 * ARCHITECTURE.md has exactly one implementation.
 */

/**
 * Same rule as the config's camera names (kept here rather than imported: this module must
 * not depend on config). It is stricter than MQTT needs — no '+', '#', '/', control
 * characters or spaces — so a name is one topic level. It is not a Home Assistant entity id:
 * '-', upper case and leading or trailing '_' are allowed here, so entity ids go through
 * haSlugify.
 */
const TOPIC_SAFE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

// Wildcards would turn a publish topic into a filter; control characters and U+0000 are
// forbidden by the MQTT spec and unreadable in logs.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const FORBIDDEN_IN_PREFIX = /[+#\u0000-\u001f\u007f-\u009f]/;

/**
 * The levels right under the prefix that the API uses itself. A camera of one of these names
 * would share their topics (`<p>/alerts/detect/state` is rule `detect`'s state), so config
 * rejects them and camera topics refuse them.
 */
export const FIXED_TOP_LEVELS: readonly string[] = ['alerts', 'bridge', 'events'];

/**
 * The levels a camera's own topics use right under `<p>/<camera>/`: a region of one of these
 * names would read like them, so config rejects them (RESERVED_REGION_NAMES, compared in a
 * test) and region topics refuse them.
 */
export const REGION_RESERVED_LEVELS: readonly string[] = [
  'action',
  'availability',
  'clip',
  'clips',
  'detect',
  'live',
  'motion',
  'snapshot',
];

export function isTopicSafeName(name: string): boolean {
  return TOPIC_SAFE_NAME.test(name);
}

function isFixedTopLevel(name: string): boolean {
  return FIXED_TOP_LEVELS.includes(name.toLowerCase());
}

function assertTopicSafeName(name: string, what: string): void {
  if (!isTopicSafeName(name)) {
    throw new Error(
      `${what} ${JSON.stringify(name)} is not topic-safe: use 1 to 64 of A-Z a-z 0-9 _ -`,
    );
  }
}

function prefixProblem(prefix: string): string | undefined {
  if (prefix === '') return 'is empty';
  if (FORBIDDEN_IN_PREFIX.test(prefix)) {
    return "contains a wildcard ('+', '#') or a control character";
  }
  if (prefix.startsWith('$')) return "starts with '$' (reserved for the broker)";
  if (prefix.split('/').includes('')) return "has an empty level (leading, trailing or double '/')";
  return undefined;
}

function assertValidPrefix(prefix: string): void {
  const problem = prefixProblem(prefix);
  if (problem !== undefined) {
    throw new Error(`MQTT topic prefix ${JSON.stringify(prefix)} ${problem}`);
  }
}

export class Topics {
  readonly prefix: string;
  /** `{"state":"online"}` while connected; the LWT sets `{"state":"offline"}`. */
  readonly bridgeState: string;
  readonly events: string;
  readonly alerts: string;
  /** Home Assistant announces `online` here after it restarts: time to re-send discovery. */
  readonly homeAssistantStatus = 'homeassistant/status';
  /** Subscription filter matching every camera's detect/set topic. */
  readonly detectSetFilter: string;
  /** Subscription filter matching every alert rule's suspend command. */
  readonly ruleSuspendFilter: string;

  constructor(prefix: string) {
    assertValidPrefix(prefix);
    this.prefix = prefix;
    this.bridgeState = `${prefix}/bridge/state`;
    this.events = `${prefix}/events`;
    this.alerts = `${prefix}/alerts`;
    this.detectSetFilter = `${prefix}/+/detect/set`;
    this.ruleSuspendFilter = `${prefix}/alerts/+/suspend`;
  }

  availability(camera: string): string {
    return this.cameraTopic(camera, 'availability');
  }

  action(camera: string): string {
    return this.cameraTopic(camera, 'action');
  }

  snapshot(camera: string): string {
    return this.cameraTopic(camera, 'snapshot');
  }

  detectSet(camera: string): string {
    return this.cameraTopic(camera, 'detect/set');
  }

  detectState(camera: string): string {
    return this.cameraTopic(camera, 'detect/state');
  }

  /** The action of a target: the camera's whole frame (region null) or one of its regions. */
  targetAction(camera: string, region: string | null): string {
    return region === null ? this.action(camera) : this.regionTopic(camera, region, 'action');
  }

  /** The latest alert's picture of a target, as for its action. */
  targetSnapshot(camera: string, region: string | null): string {
    return region === null ? this.snapshot(camera) : this.regionTopic(camera, region, 'snapshot');
  }

  /** The camera a received detect/set topic addresses, or undefined when it is not one. */
  cameraOfDetectSet(topic: string): string | undefined {
    const head = `${this.prefix}/`;
    const tail = '/detect/set';
    if (!topic.startsWith(head) || !topic.endsWith(tail)) return undefined;
    const camera = topic.slice(head.length, topic.length - tail.length);
    return isTopicSafeName(camera) && !isFixedTopLevel(camera) ? camera : undefined;
  }

  /** `ON` while an event the rule alerted on lasts, else `OFF`; retained. */
  ruleState(rule: string): string {
    return this.ruleTopic(rule, 'state');
  }

  /** JSON details of a rule (severity, suspension, last alert) for Home Assistant attributes. */
  ruleAttributes(rule: string): string {
    return this.ruleTopic(rule, 'attributes');
  }

  /** Command: payload = minutes to suspend the rule, 0 resumes it. */
  ruleSuspend(rule: string): string {
    return this.ruleTopic(rule, 'suspend');
  }

  /** The rule a received suspend topic addresses, or undefined when it is not one. */
  ruleOfSuspend(topic: string): string | undefined {
    const head = `${this.alerts}/`;
    const tail = '/suspend';
    if (!topic.startsWith(head) || !topic.endsWith(tail)) return undefined;
    const rule = topic.slice(head.length, topic.length - tail.length);
    return isTopicSafeName(rule) ? rule : undefined;
  }

  /** Home Assistant's birth topic under a discovery prefix. */
  homeAssistantStatusOf(discoveryPrefix: string): string {
    assertValidPrefix(discoveryPrefix);
    return `${discoveryPrefix}/status`;
  }

  /** `<discovery prefix>/<component>/<node id>/<object id>/config` */
  discoveryConfig(
    discoveryPrefix: string,
    component: string,
    nodeId: string,
    objectId: string,
  ): string {
    assertValidPrefix(discoveryPrefix);
    assertTopicSafeName(component, 'Home Assistant component');
    assertTopicSafeName(nodeId, 'Home Assistant node id');
    assertTopicSafeName(objectId, 'Home Assistant object id');
    return `${discoveryPrefix}/${component}/${nodeId}/${objectId}/config`;
  }

  /** Every discovery config this node announces, for finding stale ones. */
  discoveryConfigFilter(discoveryPrefix: string, nodeId: string): string {
    assertValidPrefix(discoveryPrefix);
    assertTopicSafeName(nodeId, 'Home Assistant node id');
    return `${discoveryPrefix}/+/${nodeId}/+/config`;
  }

  private ruleTopic(rule: string, leaf: string): string {
    assertTopicSafeName(rule, 'alert rule name');
    return `${this.alerts}/${rule}/${leaf}`;
  }

  /** `<p>/<camera>/<region>/<leaf>`: a region's topics sit beside its camera's own. */
  private regionTopic(camera: string, region: string, leaf: string): string {
    assertTopicSafeName(region, 'region name');
    if (REGION_RESERVED_LEVELS.includes(region.toLowerCase())) {
      throw new Error(
        `region name ${JSON.stringify(region)} is a topic level of the camera itself`,
      );
    }
    return this.cameraTopic(camera, `${region}/${leaf}`);
  }

  private cameraTopic(camera: string, leaf: string): string {
    assertTopicSafeName(camera, 'camera name');
    if (isFixedTopLevel(camera)) {
      throw new Error(`camera name ${JSON.stringify(camera)} is a topic level the API uses itself`);
    }
    return `${this.prefix}/${camera}/${leaf}`;
  }
}
