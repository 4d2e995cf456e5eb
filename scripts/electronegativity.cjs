// Runs Electronegativity (Doyensec's Electron security linter) over the desktop shell and prints its
// findings as JSON. Offline: the tool fetches translations and Electron's release list over the
// network; both requests are answered "offline" here before they are made (the release check is
// also excluded), so the scan talks to nobody.
const { dirname, join, resolve } = require('node:path');

const toolDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
const gotPath = require.resolve('got', { paths: [toolDir] });
const offline = () => Promise.reject(new Error('offline: Campaign Studio runs Electronegativity without the network'));
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline };

async function main() {
  const run = require('@doyensec/electronegativity');
  // The tool says on stdout that it could not fetch translations; stdout is for the findings.
  const log = console.log;
  console.log = (...args) => console.error(...args);
  const input = resolve(process.argv[2] ?? join(__dirname, '..', 'electron'));
  const result = await run({
    input,
    isRelative: true,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    electronVersionOverride: require(join(__dirname, '..', 'node_modules', 'electron', 'package.json')).version,
  });
  console.log = log;
  const issues = result.issues.map((issue) => ({
    id: issue.id,
    file: issue.file,
    line: issue.location.line,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    manualReview: issue.manualReview,
  }));
  process.stdout.write(`${JSON.stringify({ checks: result.atomicChecks + result.globalChecks, errors: result.errors, issues }, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
