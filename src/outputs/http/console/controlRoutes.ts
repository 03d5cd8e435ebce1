import type { FastifyInstance } from 'fastify';
import { sendJson } from '../jsonReply.js';

/** The switches, as the ControlsService offers them to every way in (MQTT and HTTP alike). */
export interface ConsoleControls {
  setDetect(camera: string, on: boolean): 'changed' | 'unchanged' | 'refused';
  /** Minutes as the MQTT command's text; '0' resumes. */
  suspendCommand(rule: string, minutes: string): 'changed' | 'refused';
}

/**
 * POST /api/cameras/:camera/detect {on} and POST /api/rules/:rule/suspend {minutes}: the same
 * calls an MQTT command makes, so the change is announced on the result bus and reaches MQTT,
 * Home Assistant and every open console alike. POST only, behind the CSRF check.
 */
export function registerControlRoutes(app: FastifyInstance, controls: ConsoleControls): void {
  app.post<{ Params: { camera: string }; Body: { on?: unknown } }>(
    '/api/cameras/:camera/detect',
    { config: { changesState: true } },
    (req, reply) => {
      const on = req.body?.on;
      if (typeof on !== 'boolean')
        return sendJson(reply, 400, { error: 'body must be {"on": true|false}' });
      const outcome = controls.setDetect(req.params.camera, on);
      if (outcome === 'refused') {
        return sendJson(reply, 404, { error: `no such camera: ${req.params.camera}` });
      }
      return sendJson(reply, 200, { camera: req.params.camera, detect: on, outcome });
    },
  );
  app.post<{ Params: { rule: string }; Body: { minutes?: unknown } }>(
    '/api/rules/:rule/suspend',
    { config: { changesState: true } },
    (req, reply) => {
      const minutes = req.body?.minutes;
      if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) {
        return sendJson(reply, 400, { error: 'body must be {"minutes": n} (0 resumes)' });
      }
      const outcome = controls.suspendCommand(req.params.rule, String(minutes));
      if (outcome === 'refused') {
        return sendJson(reply, 400, {
          error: `cannot suspend rule ${req.params.rule} for ${minutes} minutes`,
        });
      }
      return sendJson(reply, 200, { rule: req.params.rule, minutes, outcome });
    },
  );
}
