// Serves dist/ on a loopback port (as the browser tests do) until killed;
// prints the URL. Used by scripts/lighthouse.sh.
import { serveDir } from './harness.mjs';
const server = await serveDir();
console.log(server.url);
process.on('SIGTERM', async () => {
  await server.close();
  process.exit(0);
});
