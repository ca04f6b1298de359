import { join } from 'node:path';

import {
	onLines,
	processTree,
	spawnGroup,
	stillRunning,
	type GroupProcess,
	type ProcessInfo,
} from '../../tooling/processes';
import { sleep } from '../../tooling/wait';

const REPO_ROOT = join(__dirname, '..', '..', '..');

/** What the banner of `npm run dev` tells the user. */
export interface Banner {
	baseUrl: string;
	email: string;
	password: string;
	/** The "Start here" link. */
	firstLink: string;
	examples: Array<{ name: string; url: string }>;
}

/** Reads the banner from the terminal output, as a user would. */
export function parseBanner(lines: string[]): Banner | undefined {
	const text = lines.join('\n');
	const baseUrl = /is running at (http:\/\/\S+)/.exec(text)?.[1];
	const login = /Log in:\s+(\S+) \/ (\S+)/.exec(text);
	const firstLink = /Start here[^\n]*\n\s+(http:\/\/\S+)/.exec(text)?.[1];
	if (!baseUrl || !login || !firstLink || !/Ctrl-C stops/.test(text)) return undefined;
	const examples = [...text.matchAll(/^ {4}- (.+): (http:\/\/\S+)$/gm)].map((match) => ({
		name: match[1],
		url: match[2],
	}));
	return { baseUrl, email: login[1], password: login[2], firstLink, examples };
}

/** How a dev run is stopped: Ctrl-C in its terminal, or one signal to the npm process alone. */
export type StopBy = 'Ctrl-C' | 'SIGTERM' | 'SIGINT' | 'SIGHUP';

/**
 * One `npm run dev`, started like a user does in a terminal: npm leads its own process group,
 * and "Ctrl-C" is SIGINT to that group.
 */
export class DevProcess {
	readonly output: string[] = [];

	/** Every process seen below npm so far (n8n, its task runner, tsc, …). */
	readonly seen: ProcessInfo[] = [];

	private constructor(readonly npm: GroupProcess) {
		const collect = (line: string) => this.output.push(line);
		onLines(npm.child.stdout, collect);
		onLines(npm.child.stderr, collect);
	}

	static start(env: NodeJS.ProcessEnv): DevProcess {
		return new DevProcess(
			spawnGroup('npm run dev', 'npm', ['run', 'dev'], {
				cwd: REPO_ROOT,
				env,
				stdio: ['ignore', 'pipe', 'pipe'],
			}),
		);
	}

	/** Waits for the banner; fails when dev exits first. */
	async banner(timeoutMs: number): Promise<Banner> {
		const until = Date.now() + timeoutMs;
		for (;;) {
			const banner = parseBanner(this.output);
			if (banner) return banner;
			if (this.npm.exit) throw new Error(`npm run dev exited before its banner:\n${this.tail()}`);
			if (Date.now() > until)
				throw new Error(`no banner within ${timeoutMs / 1000} s:\n${this.tail()}`);
			await sleep(250);
		}
	}

	/** Records the processes running below npm now. */
	snapshot(): ProcessInfo[] {
		for (const info of processTree(this.npm.pid)) {
			if (!this.seen.some((known) => known.pid === info.pid)) this.seen.push(info);
		}
		return this.seen;
	}

	/**
	 * Ctrl-C in the terminal (SIGINT to npm's process group), or a signal to the npm process
	 * alone, as process managers and editors' stop buttons send it. Waits for npm to exit.
	 */
	async stop(how: StopBy, timeoutMs: number): Promise<void> {
		if (how === 'Ctrl-C') process.kill(-this.npm.pid, 'SIGINT');
		else process.kill(this.npm.pid, how);
		const exited = await Promise.race([
			this.npm.exited.then(() => true),
			sleep(timeoutMs).then(() => false),
		]);
		if (!exited) throw new Error(`npm run dev still runs ${timeoutMs / 1000} s after ${how}`);
	}

	/** Waits until none of `which` (default: all seen) runs any more; returns those that still do. */
	async leftovers(timeoutMs: number, which = this.seen): Promise<ProcessInfo[]> {
		const until = Date.now() + timeoutMs;
		while (stillRunning(which).length && Date.now() < until) await sleep(200);
		return stillRunning(which);
	}

	/**
	 * Kills, by PID, whatever this run started and left behind (nothing, when the stop worked),
	 * including processes seen earlier that outlived npm.
	 */
	async cleanUp(): Promise<void> {
		if (!this.npm.exit) this.snapshot();
		for (const info of stillRunning(this.seen)) {
			try {
				process.kill(info.pid, 'SIGKILL');
			} catch {
				// gone meanwhile
			}
		}
		await this.npm.exited;
	}

	tail(lines = 30): string {
		return this.output.slice(-lines).join('\n');
	}
}
