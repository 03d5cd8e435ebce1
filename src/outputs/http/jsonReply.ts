import type { FastifyReply } from 'fastify';

export const JSON_TYPE = 'application/json; charset=utf-8';

/** JSON as the API has always written it: indented, newline at the end. */
export function sendJson(reply: FastifyReply, status: number, value: unknown): FastifyReply {
  return reply
    .code(status)
    .type(JSON_TYPE)
    .send(`${JSON.stringify(value, null, 2)}\n`);
}
