// For parent-watch.test.ts: run under `sh -c` by a stand-in for pnpm; prints the processes it
// watches, then "abandoned" and exits once one of them ends.
import { launchingProcesses, whenLaunchersEnd } from '../../src/index';

console.log(JSON.stringify({ pid: process.pid, watching: launchingProcesses() }));
whenLaunchersEnd(() => {
  console.log('abandoned');
  process.exit(0);
}, 200);
setInterval(() => undefined, 1000);
