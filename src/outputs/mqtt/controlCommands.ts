import type { ControlsService } from '../../controls/index.js';
import type { Logger } from '../../log/index.js';
import type { MessageHandler } from './subscriptions.js';
import type { Topics } from './topics.js';

export interface CommandSubscriber {
  subscribe(topicFilter: string, handler: MessageHandler): void;
}

/** What the command topics reach: the controls service every other way in uses too. */
export type CommandTarget = Pick<ControlsService, 'detectCommand' | 'suspendCommand'>;

/**
 * Routes the command topics to the controls. Retained commands are ignored: the broker would
 * replay one on every reconnect (a retained `suspend 60` would silence the rule forever), and
 * commands are meant once.
 */
export function subscribeControlCommands(options: {
  subscriber: CommandSubscriber;
  topics: Topics;
  controls: CommandTarget;
  logger: Logger;
}): void {
  const { subscriber, topics, controls } = options;
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
      if (camera !== undefined) controls.detectCommand(camera, payload);
    }),
  );
  subscriber.subscribe(
    topics.ruleSuspendFilter,
    unlessRetained((topic, payload) => {
      const rule = topics.ruleOfSuspend(topic);
      if (rule !== undefined) controls.suspendCommand(rule, payload);
    }),
  );
}
