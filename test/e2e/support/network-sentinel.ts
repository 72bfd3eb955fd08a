import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Hosts of the browsers' own services (Chromium's component updater and sign-in, Firefox's remote
 * settings), which the browsers call on their own whatever extension is loaded.
 */
const BROWSER_SERVICES = /(^|\.)(google\.com|googleapis\.com|gstatic\.com|mozilla\.(com|net|org)|firefox\.com)(:\d+)?$/;

function hostOf(request: string): string {
  const target = request.split(' ')[1] ?? '';
  try {
    return target.includes('://') ? new URL(target).host : target;
  } catch {
    return target;
  }
}

/**
 * A proxy on loopback that the browsers are told to use for every non-local request. It forwards
 * nothing: it records each request (plain HTTP or HTTPS CONNECT) and refuses it. A test that
 * expects no traffic asserts that `requests` stays empty.
 */
export async function startNetworkSentinel() {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    res.writeHead(403).end();
  });
  server.on('connect', (req, socket) => {
    requests.push(`CONNECT ${req.url}`);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    /** Requests that are not the browser's own service calls: what an extension could have sent. */
    unexplainedRequests: () => requests.filter((request) => !BROWSER_SERVICES.test(hostOf(request))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type NetworkSentinel = Awaited<ReturnType<typeof startNetworkSentinel>>;
