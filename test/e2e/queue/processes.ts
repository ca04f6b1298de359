import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';

export interface StartOptions extends Pick<SpawnOptions, 'env' | 'cwd' | 'uid' | 'gid'> {
	/** Signal for a graceful stop; SIGKILL to the whole group follows after `graceMs`. */
	stopSignal?: NodeJS.Signals;
	graceMs?: number;
}

/**
 * One child process of the suite. It leads its own process group, so stopping it also ends
 * whatever it started (n8n's task runners, PostgreSQL's backends), and Ctrl-C in the terminal
 * reaches the suite alone, which then stops its children in order.
 */
export class SuiteProcess {
	/** Everything the process printed (stdout and stderr), also written to `logFile`. */
	output = '';
	exited = false;
	exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;

	private readonly exitPromise: Promise<void>;
	private readonly log: WriteStream;
	private readonly watchers = new Set<() => void>();

	constructor(
		readonly name: string,
		readonly child: ChildProcess,
		readonly logFile: string,
		private readonly options: StartOptions,
	) {
		this.log = createWriteStream(logFile);
		const take = (chunk: Buffer) => {
			const text = chunk.toString();
			this.output += text;
			this.log.write(text);
			for (const watcher of [...this.watchers]) watcher();
		};
		child.stdout?.on('data', take);
		child.stderr?.on('data', take);
		this.exitPromise = new Promise((resolve) => {
			child.once('exit', (code, signal) => {
				this.exited = true;
				this.exit = { code, signal };
				for (const watcher of [...this.watchers]) watcher();
				resolve();
			});
			child.once('error', (error) => {
				this.output += `\n[spawn error] ${error.message}\n`;
				this.exited = true;
				resolve();
			});
		});
	}

	whenExited(): Promise<void> {
		return this.exitPromise;
	}

	get pid(): number {
		return this.child.pid ?? 0;
	}

	/** Resolves when the output (from `from` on) matches; fails if the process exits first. */
	async waitFor(pattern: RegExp, timeoutMs: number, from = 0): Promise<RegExpExecArray> {
		return await new Promise((resolve, reject) => {
			const check = () => {
				const match = pattern.exec(this.output.slice(from));
				if (match) {
					done();
					resolve(match);
				} else if (this.exited) {
					done();
					reject(new Error(`${this.name} exited before printing ${pattern}:\n${this.tail()}`));
				}
			};
			const timer = setTimeout(() => {
				done();
				reject(
					new Error(
						`${this.name} did not print ${pattern} in ${timeoutMs / 1000} s:\n${this.tail()}`,
					),
				);
			}, timeoutMs);
			const done = () => {
				clearTimeout(timer);
				this.watchers.delete(check);
			};
			this.watchers.add(check);
			check();
		});
	}

	tail(lines = 30): string {
		return this.output.trimEnd().split('\n').slice(-lines).join('\n');
	}

	/** Sends `signal` to the whole group now (a crash, as far as the process can tell). */
	kill(signal: NodeJS.Signals = 'SIGKILL'): void {
		signalGroup(this.pid, signal);
	}

	/** Graceful signal to the leader, SIGKILL to the group after the grace time; waits for exit. */
	async stop(): Promise<void> {
		if (!this.exited && this.pid) {
			try {
				process.kill(this.pid, this.options.stopSignal ?? 'SIGTERM');
			} catch {
				// already gone
			}
			const grace = new Promise<'late'>((resolve) => {
				const timer = setTimeout(() => resolve('late'), this.options.graceMs ?? 10_000);
				timer.unref();
				void this.exitPromise.then(() => clearTimeout(timer));
			});
			if ((await Promise.race([this.exitPromise, grace])) === 'late') this.kill('SIGKILL');
			await this.exitPromise;
		}
		// Whatever the leader left behind in its group goes too.
		signalGroup(this.pid, 'SIGKILL');
		if (!this.log.writableEnded) await new Promise<void>((resolve) => this.log.end(resolve));
	}
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	if (!pid) return;
	try {
		process.kill(-pid, signal);
	} catch {
		// no process left in the group
	}
}

/**
 * Every process the suite starts, stopped in reverse start order by `stopAll` — on success,
 * on failure and on Ctrl-C (SIGINT/SIGTERM), and killed by PID if the suite exits regardless.
 */
export class ProcessGroup {
	private readonly list: SuiteProcess[] = [];
	private stopping: Promise<void> | undefined;

	private readonly onSignal = (signal: NodeJS.Signals) => {
		process.stdout.write(`\n[e2e] ${signal}: stopping ${this.running().length} processes\n`);
		void this.stopAll().finally(() => {
			process.stdout.write(`[e2e] logs kept in ${this.logDir}\n`);
			process.exit(130);
		});
	};

	/** Last resort when the suite dies some other way: nothing outlives it. */
	private readonly onExit = () => {
		for (const p of this.list) if (!p.exited) signalGroup(p.pid, 'SIGKILL');
	};

	constructor(readonly logDir: string) {
		process.once('SIGINT', this.onSignal);
		process.once('SIGTERM', this.onSignal);
		process.once('exit', this.onExit);
	}

	start(name: string, command: string, args: string[], options: StartOptions): SuiteProcess {
		const child = spawn(command, args, {
			env: options.env,
			cwd: options.cwd,
			uid: options.uid,
			gid: options.gid,
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const p = new SuiteProcess(name, child, join(this.logDir, `${name}.log`), options);
		this.list.push(p);
		return p;
	}

	/** Stops everything (once, however often it is called) and lets go of the signal handlers. */
	async stopAll(): Promise<void> {
		this.stopping ??= (async () => {
			for (const p of [...this.list].reverse()) await p.stop();
			process.off('SIGINT', this.onSignal);
			process.off('SIGTERM', this.onSignal);
			process.off('exit', this.onExit);
		})();
		await this.stopping;
	}

	/** Processes still running, for the report at the end. */
	running(): SuiteProcess[] {
		return this.list.filter((p) => !p.exited);
	}
}
