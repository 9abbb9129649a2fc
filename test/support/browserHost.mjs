// What the scripts that drive code-server in headless Chromium share: a free loopback port, and Debian's
// Chromium started with the flags this closed network needs (no background networking, no component updates:
// without them Chromium keeps trying hosts it cannot reach).
import { createServer } from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export function launchChromium(chromium) {
  return chromium.launch({
    executablePath: process.env.OEG_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
