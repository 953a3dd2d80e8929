// Preloaded by scripts/browser-host.sh into Playwright's server. It hands the server the endpoint's secret
// path from the environment, so that the token never shows on a command line (/proc/<pid>/cmdline
// is readable by every local user; the environment only by the same user).
const token = process.env.BROWSER_HOST_TOKEN || '';
delete process.env.BROWSER_HOST_TOKEN;
if (!/^[A-Za-z0-9_-]{16,}$/.test(token)) {
  console.error('BROWSER_HOST_TOKEN must be at least 16 letters, digits, "-" or "_"');
  process.exit(2);
}
process.argv.push('--path', '/' + token);

// A client that offers the WebSocket permessage-deflate extension (a Playwright driver does;
// the worker's own client, the JDK's, does not) gets every message above 10 KB compressed with
// zlib by Playwright's server, a screenshot's megabytes of base64 included, to be inflated again
// on the same machine: about 60 ms of CPU per 12,000 px full-page capture (docs/performance.md).
// Taking the extension out of the handshake's request leaves both sides sending plain frames.
const http = require('http');
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, request, ...rest) {
  if (event === 'upgrade' && request && request.headers) {
    delete request.headers['sec-websocket-extensions'];
  }
  return emit.call(this, event, request, ...rest);
};
