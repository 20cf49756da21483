// For watchdog.test.ts: a stand-in for the launcher. Starts a watchdog and three processes: one that
// stops on SIGTERM, one that ignores it, one the watchdog is told to forget; prints the pids; waits.
import { spawn } from 'node:child_process';
import { startWatchdog } from '../../src/index';
import { tsxImport } from './tsx';

const watchdog = await startWatchdog({ nodeArgs: tsxImport });
const polite = spawn('sleep', ['600'], { stdio: 'ignore' });
const stubborn = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
const unwatched = spawn('sleep', ['600'], { stdio: 'ignore', detached: true });
watchdog.watch(polite.pid!);
watchdog.watch(stubborn.pid!, { graceMs: 1000 });
watchdog.watch(unwatched.pid!);
watchdog.unwatch(unwatched.pid!);
// Give the messages time to reach the watchdog before the test kills this process.
await new Promise((resolve) => setTimeout(resolve, 300));
console.log(JSON.stringify({ watchdog: watchdog.pid, polite: polite.pid, stubborn: stubborn.pid, unwatched: unwatched.pid }));
setInterval(() => undefined, 1000);
