import net from 'node:net';

/**
 * A TCP pass-through on 127.0.0.1 that the test opens and shuts. Shut, it refuses every
 * connection and cuts the open ones; open, it forwards to `targetPort`. Fault tests put it
 * between the daemon and the broker, so the daemon comes back only once the test's own
 * subscriber is back: the broker forgets subscriptions when it restarts.
 */
export interface Gate {
  port: number;
  open(): void;
  shut(): void;
  close(): Promise<void>;
}

export async function startGate(targetPort: number): Promise<Gate> {
  let isOpen = true;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    if (!isOpen) {
      client.destroy();
      return;
    }
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as net.AddressInfo;
  const cutAll = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port: address.port,
    open: () => {
      isOpen = true;
    },
    shut: () => {
      isOpen = false;
      cutAll();
    },
    close: () =>
      new Promise<void>((resolve) => {
        cutAll();
        server.close(() => resolve());
      }),
  };
}
