import { spawn } from 'node:child_process';
import type { InstalledLine } from './install';

export interface CliResult {
	code: number | null;
	/** Set when the process died from a signal rather than exiting. */
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface CliOptions {
	/** Working folder: relative paths in file nodes resolve against it. */
	cwd: string;
	timeoutMs?: number;
}

/** Runs one n8n CLI command with the line's Node (the machine's Node is too old for n8n). */
export async function runN8n(
	installed: InstalledLine,
	env: NodeJS.ProcessEnv,
	args: string[],
	{ cwd, timeoutMs = 180_000 }: CliOptions,
): Promise<CliResult> {
	const started = Date.now();
	const child = spawn(installed.node.bin, [installed.n8n.script, ...args], { env, cwd });
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	// A hung boot (e.g. waiting on the network) must fail the case, not the whole session.
	const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
	const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(
		(resolve, reject) => {
			child.on('error', reject);
			child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]));
		},
	).finally(() => clearTimeout(timer));
	const ms = Date.now() - started;
	if (ms >= timeoutMs) stderr += `\n[e2e] n8n ${args[0]} killed after ${timeoutMs} ms`;
	return { code, signal, stdout, stderr, ms };
}

/** Like runN8n, but a non-zero exit is an error carrying n8n's own output. */
export async function runN8nOk(
	installed: InstalledLine,
	env: NodeJS.ProcessEnv,
	args: string[],
	options: CliOptions,
): Promise<CliResult> {
	const result = await runN8n(installed, env, args, options);
	if (result.code !== 0) {
		throw new Error(
			`n8n ${args.join(' ')} exited ${result.code ?? result.signal}:\n${result.stdout}\n${result.stderr}`.trim(),
		);
	}
	return result;
}
