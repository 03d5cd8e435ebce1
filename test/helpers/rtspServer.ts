import path from 'node:path';
import { freePort } from './ports.js';
import { type ManagedProcess, spawnManaged, waitUntilListening } from './processes.js';

// Debian's python3 has python3-gi; a pyenv python on PATH would not.
const PYTHON = '/usr/bin/python3';
const SCRIPT = path.join(import.meta.dirname, 'rtsp_server.py');
const READY_TIMEOUT_MS = 15_000;

export interface RtspServerOptions {
  port?: number;
  /** Mount path without the leading slash; default 'cam'. */
  path?: string;
  /** Require RTSP basic auth; `url` then carries the credentials. */
  auth?: { user: string; password: string };
  /** Serve this clip (re-encoded to H.264, played once) instead of the live test pattern. */
  file?: string;
  /** RTP transports the server offers; a client asking for another gets 461. Default any. */
  transports?: 'udp' | 'tcp' | 'any';
}

export interface RtspServer {
  port: number;
  /** rtsp://[user:password@]127.0.0.1:port/path — what a camera config would hold. */
  url: string;
  /** The same URL without credentials. */
  urlWithoutAuth: string;
  output(): string;
  stop(): Promise<void>;
  /** Stops (if running) and serves again on the same port and path. */
  restart(): Promise<void>;
}

/** GStreamer's RTSP server on 127.0.0.1, serving a live 320x240 15 fps H.264 stream. */
export async function startRtspServer(options: RtspServerOptions = {}): Promise<RtspServer> {
  const attempts = options.port === undefined ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await runningServer(port, options);
    } catch (err) {
      if (attempt >= attempts) throw err;
    }
  }
}

async function runningServer(port: number, options: RtspServerOptions): Promise<RtspServer> {
  const args = scriptArgs(port, options);
  let proc = await launch(args, port);
  const mount = (options.path ?? 'cam').replace(/^\/+/, '');
  const urlWithoutAuth = `rtsp://127.0.0.1:${port}/${mount}`;
  const { auth } = options;
  const url =
    auth === undefined
      ? urlWithoutAuth
      : `rtsp://${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.password)}@127.0.0.1:${port}/${mount}`;
  return {
    port,
    url,
    urlWithoutAuth,
    output: () => proc.output(),
    stop: () => proc.stop(),
    async restart() {
      await proc.stop();
      proc = await launch(args, port);
    },
  };
}

function scriptArgs(port: number, options: RtspServerOptions): string[] {
  const args = [SCRIPT, '--port', String(port), '--path', options.path ?? 'cam'];
  if (options.file !== undefined) args.push('--file', options.file);
  if (options.transports !== undefined) args.push('--transports', options.transports);
  if (options.auth !== undefined) {
    args.push('--user', options.auth.user, '--password', options.auth.password);
  }
  return args;
}

async function launch(args: string[], port: number): Promise<ManagedProcess> {
  const proc = spawnManaged(PYTHON, args);
  await waitForReadyLine(proc);
  await waitUntilListening(proc, port, 'rtsp_server.py', READY_TIMEOUT_MS);
  return proc;
}

function waitForReadyLine(proc: ManagedProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (/^READY$/m.test(proc.output())) {
        finish();
        resolve();
      }
    };
    const timer = setTimeout(() => {
      finish();
      void proc.stop();
      reject(
        new Error(`rtsp_server.py printed no READY in ${READY_TIMEOUT_MS} ms:\n${proc.output()}`),
      );
    }, READY_TIMEOUT_MS);
    const onExit = (): void => {
      finish();
      reject(new Error(`rtsp_server.py exited before READY:\n${proc.output()}`));
    };
    const finish = (): void => {
      clearTimeout(timer);
      proc.child.stdout?.off('data', check);
      proc.child.off('close', onExit);
    };
    proc.child.stdout?.on('data', check);
    proc.child.once('close', onExit);
    check();
  });
}
