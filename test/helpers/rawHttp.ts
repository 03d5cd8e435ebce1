import net from 'node:net';

/**
 * Sends `head` as-is on a fresh socket and resolves with the status line of the answer: fetch
 * cannot send the malformed request lines these tests need.
 */
export function rawStatusLine(port: number, head: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${JSON.stringify(head.slice(0, 60))}`));
    }, timeoutMs);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
      const end = received.indexOf('\r\n');
      if (end === -1) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(received.slice(0, end));
    });
    socket.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.write(head);
  });
}

/** A socket that sent the start of a request and will never finish it (a slowloris client). */
export interface SlowClient {
  socket: net.Socket;
  closed: boolean;
}

/** Opens `count` connections; each sends `partialHead` (possibly '') and then nothing more. */
export async function openSlowClients(
  port: number,
  count: number,
  partialHead: string,
): Promise<SlowClient[]> {
  const connected = Array.from({ length: count }, () => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const client: SlowClient = { socket, closed: false };
    socket.on('error', () => {}); // a reset is one of the outcomes under test
    // Read whatever comes (a 408), or the server's close would never be seen as 'close'.
    socket.resume();
    socket.on('close', () => {
      client.closed = true;
    });
    return new Promise<SlowClient>((resolve) => {
      socket.once('connect', () => {
        if (partialHead !== '') socket.write(partialHead);
        resolve(client);
      });
      socket.once('close', () => resolve(client));
    });
  });
  return Promise.all(connected);
}
