// Preloaded by scripts/browser-host.sh into Playwright's server: hands it the endpoint's secret
// path from the environment, so that the token never shows on a command line (/proc/<pid>/cmdline
// is readable by every local user; the environment only by the same user).
const token = process.env.BROWSER_HOST_TOKEN || '';
delete process.env.BROWSER_HOST_TOKEN;
if (!/^[A-Za-z0-9_-]{16,}$/.test(token)) {
  console.error('BROWSER_HOST_TOKEN must be at least 16 letters, digits, "-" or "_"');
  process.exit(2);
}
process.argv.push('--path', '/' + token);
