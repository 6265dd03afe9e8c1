import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/**
 * A close for an HTTP server that does not wait for open connections: a request left hanging
 * (on purpose, in the sandbox and the tests' servers) keeps its socket open, and a plain
 * server.close() would wait for it forever.
 */
export function closeIncludingSockets(server: Server): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return () => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(() => resolve()));
  };
}
