import type { SuiteProcesses } from '../../test/tooling/children';

const CHECK_MS = 1_000;

/**
 * Stops everything dev started once the process that ran it is gone. `npm run dev` execs this
 * script, so npm is the parent: npm forwards SIGINT and SIGTERM (handled as signals here), but
 * dies of SIGHUP or SIGKILL without a word, and this process is then re-parented.
 */
export function stopWithParent(life: SuiteProcesses): void {
	const parent = process.ppid;
	const timer = setInterval(() => {
		if (process.ppid === parent) return;
		clearInterval(timer);
		void life.stop(1, `the process that started dev (pid ${parent}) is gone`);
	}, CHECK_MS);
	timer.unref();
}
