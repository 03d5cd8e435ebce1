import type { Logger } from '../log/index.js';
import type { MessageHandler, Topics } from '../outputs/mqtt/index.js';
import type { DetectSwitches } from './detectSwitches.js';
import type { RuleSuspensions } from './ruleSuspensions.js';

export interface CommandSubscriber {
  subscribe(topicFilter: string, handler: MessageHandler): void;
}

/**
 * Routes the command topics to the switches. Retained commands are ignored: the broker would
 * replay one on every reconnect (a retained `suspend 60` would silence the rule forever), and
 * commands are meant once.
 */
export function subscribeControlCommands(options: {
  subscriber: CommandSubscriber;
  topics: Topics;
  detect: DetectSwitches;
  suspensions: RuleSuspensions;
  logger: Logger;
}): void {
  const { subscriber, topics, detect, suspensions } = options;
  const log = options.logger.child({ module: 'controls' });
  const unlessRetained =
    (handle: (topic: string, payload: string) => void): MessageHandler =>
    (topic, payload, retained) => {
      if (retained) {
        log.warn({ topic }, 'retained command ignored: publish commands without the retain flag');
        return;
      }
      handle(topic, payload.toString('utf8'));
    };
  subscriber.subscribe(
    topics.detectSetFilter,
    unlessRetained((topic, payload) => {
      const camera = topics.cameraOfDetectSet(topic);
      if (camera !== undefined) detect.command(camera, payload);
    }),
  );
  subscriber.subscribe(
    topics.ruleSuspendFilter,
    unlessRetained((topic, payload) => {
      const rule = topics.ruleOfSuspend(topic);
      if (rule !== undefined) suspensions.command(rule, payload);
    }),
  );
}
