import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { say } from './log';

export interface StepOptions {
	cwd: string;
	env?: NodeJS.ProcessEnv;
	/** Full output goes here; the terminal only gets progress lines. */
	logFile: string;
	/** What to show with the elapsed time; when empty, the latest log line is shown. */
	status?: () => string;
}

function lastLine(logFile: string): string {
	try {
		const lines = readFileSync(logFile, 'utf8').trimEnd().split('\n');
		const line = lines[lines.length - 1] ?? '';
		return line.length > 100 ? `${line.slice(0, 97)}…` : line;
	} catch {
		return '';
	}
}

/**
 * Runs one long install step, printing the elapsed time and a sign of life (the latest log
 * line unless `status` says better) every 15 s so a terminal is never silent for minutes.
 */
export async function runStep(
	label: string,
	command: string,
	args: string[],
	options: StepOptions,
): Promise<void> {
	const started = Date.now();
	appendFileSync(options.logFile, `\n$ ${command} ${args.join(' ')}\n`);
	say(`${label}: started (log: ${options.logFile})`);
	const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
	const write = (chunk: Buffer) => appendFileSync(options.logFile, chunk);
	child.stdout.on('data', write);
	child.stderr.on('data', write);
	const timer = setInterval(() => {
		const elapsed = Math.round((Date.now() - started) / 1000);
		const status = options.status?.() || lastLine(options.logFile);
		say(`${label}: ${elapsed}s … ${status}`);
	}, 15000);
	try {
		const code = await new Promise<number | null>((resolve, reject) => {
			child.on('error', reject);
			child.on('close', resolve);
		});
		if (code !== 0) {
			const tail = readFileSync(options.logFile, 'utf8')
				.trimEnd()
				.split('\n')
				.slice(-30)
				.join('\n');
			throw new Error(`${label} failed (exit ${code}). Last log lines:\n${tail}`);
		}
	} finally {
		clearInterval(timer);
	}
	say(`${label}: done in ${Math.round((Date.now() - started) / 1000)}s`);
}
