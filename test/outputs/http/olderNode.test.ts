import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/daemonProcess.js';

/**
 * package.json promises Node >= 20.9, but Node only require()s an ES module from 20.19 on.
 * @fastify/static and @fastify/cookie are CommonJS; the versions of content-disposition and
 * cookie they ask for are ES modules only (and say Node >= 22), so the project pins their
 * CommonJS releases (package.json `overrides`). This runs the plugins as Node 20.9 to 20.18
 * would: with require(esm) turned off.
 */
const SCRIPT = `
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
const app = Fastify();
await app.register(fastifyCookie);
await app.register(fastifyStatic, { root: process.argv[1], serve: false });
app.get('/cookie', (req, reply) => reply.setCookie('a', 'b c', { secure: true }).send(req.cookies));
app.get('/download', (req, reply) => reply.download('index.html', 'ä page.html'));
const cookie = await app.inject({ url: '/cookie', headers: { cookie: 'x=y%20z' } });
const download = await app.inject({ url: '/download' });
console.log(JSON.stringify({
  setCookie: cookie.headers['set-cookie'],
  parsed: cookie.json(),
  disposition: download.headers['content-disposition'],
  status: download.statusCode,
}));
`;

describe('the HTTP plugins on Node without require(esm)', () => {
  const flag = '--no-experimental-require-module';
  it.runIf(process.allowedNodeEnvironmentFlags.has(flag))(
    'set and read cookies and name a download',
    async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [flag, '--input-type=module', '-e', SCRIPT, path.join(repoRoot, 'src/console')],
        { cwd: repoRoot },
      );
      expect(JSON.parse(stdout)).toEqual({
        setCookie: 'a=b%20c; Secure; SameSite=Lax',
        parsed: { x: 'y z' },
        disposition: `attachment; filename="? page.html"; filename*=UTF-8''%C3%A4%20page.html`,
        status: 200,
      });
    },
  );
});
