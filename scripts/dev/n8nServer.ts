import { createWriteStream, readFileSync } from 'node:fs';

import type { InstalledLine } from '../../test/tooling/install';
import { onLines, spawnGroup, type GroupProcess } from '../../test/tooling/processes';

// n8n cannot reach its own services offline and says so with long stack traces; the full log
// keeps them, the terminal does not.
const NOISE = [
	/^\s+at /,
	/ENOTFOUND|EAI_AGAIN|getaddrinfo/,
	/api\.n8n\.io|Strapi|posthog|telemetry/i,
	/A system task run failed/,
	/Python task runner/,
	/deprecat/i,
	/license/i,
];
const ERROR = /\b(error|failed|cannot|could not|unable|problem|exception)\b/i;

/** Whether a line of n8n's output belongs in the terminal, not only in the log file. */
export function worthShowing(line: string): boolean {
	return ERROR.test(line) && !NOISE.some((pattern) => pattern.test(line));
}

/**
 * Starts `n8n start` in its own process group. Everything it prints goes to `logFile`; only
 * errors reach the terminal, prefixed once per line.
 */
export function startN8n(
	installed: InstalledLine,
	env: NodeJS.ProcessEnv,
	cwd: string,
	logFile: string,
): GroupProcess {
	const log = createWriteStream(logFile, { flags: 'a' });
	log.write(`\n===== n8n ${installed.n8n.version} started ${new Date().toISOString()} =====\n`);
	const n8n = spawnGroup('n8n', installed.node.bin, [installed.n8n.script, 'start'], {
		env,
		cwd,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const onLine = (line: string) => {
		log.write(`${line}\n`);
		if (worthShowing(line)) process.stderr.write(`[n8n] ${line}\n`);
	};
	onLines(n8n.child.stdout, onLine);
	onLines(n8n.child.stderr, onLine);
	void n8n.exited.then(() => log.end());
	return n8n;
}

/** The last lines of the log, for when n8n stops on its own. */
export function logTail(logFile: string, lines = 25): string {
	try {
		return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}
