import type { CliResult } from '../../tooling/n8nCli';
import { extractRun, type Run } from './runOutput';

/** How the n8n process ended; not always clean, see interpretExecute. */
export interface ProcessExit {
	code: number | null;
	signal: NodeJS.Signals | null;
}

export type ExecuteResult =
	| { ok: true; run: Run; ms: number; output: string; exit: ProcessExit }
	| {
			ok: false;
			/** The run data, when n8n printed it (it logs it at info level before failing). */
			run?: Run;
			/** n8n's error message: the workflow error if known, else the "Execution error:" text. */
			message: string;
			/** The node that failed, when n8n says. */
			node?: string;
			ms: number;
			output: string;
			exit: ProcessExit;
	  };

// n8n logs this on a line of its own; inside printed run data it would be an indented string.
const ERROR_LINE = /^Execution error:\s*$/m;

/** The message n8n logs after its last "Execution error:" line (the first precedes the run). */
function errorText(output: string): string {
	const match = [...output.matchAll(new RegExp(ERROR_LINE.source, 'gm'))].pop();
	if (match?.index === undefined) return output.trim().split('\n').slice(-20).join('\n');
	return output
		.slice(match.index + match[0].length)
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line && !/^=+$/.test(line))
		.slice(0, 3)
		.join('\n');
}

/**
 * Interprets one `n8n execute --rawOutput` run from what n8n printed, not from its exit code:
 * on failure n8n logs "Execution error:" and the run (at info level) and exits 1, and n8n
 * sometimes dies with SIGSEGV while exiting after it has printed a complete, stored run (a
 * worker thread racing process teardown). A complete successful run counts as success.
 */
export function interpretExecute(result: CliResult): ExecuteResult {
	const output = `${result.stdout}\n${result.stderr}`;
	const exit = { code: result.code, signal: result.signal };
	const run = extractRun(result.stdout) ?? extractRun(output);
	const error = run?.data.resultData.error;
	const succeeded = run?.status === 'success' || (run?.finished === true && !run.status);
	if (run && !error && succeeded && !ERROR_LINE.test(output)) {
		return { ok: true, run, ms: result.ms, output, exit };
	}
	const node = (error?.node as { name?: string } | undefined)?.name;
	const message = typeof error?.message === 'string' ? error.message : errorText(output);
	return { ok: false, run, message, node, ms: result.ms, output, exit };
}
