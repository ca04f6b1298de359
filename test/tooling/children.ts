import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { say } from './log';
import { killGroup, spawnGroup, stopGroup, waitForGroupExit, type GroupProcess } from './processes';

export interface StartOptions {
	env?: NodeJS.ProcessEnv;
	cwd?: string;
	uid?: number;
	gid?: number;
	/** Where its output goes; default `<logDir>/<name>.log`. */
	logFile?: string;
	/** Graceful signal to the leader; SIGKILL to the whole group follows after `graceMs`. */
	stopSignal?: NodeJS.Signals;
	graceMs?: number;
}

/**
 * One child process of a suite, leading its own process group, so stopping it also ends
 * whatever it started (n8n's task runners, PostgreSQL's backends), and Ctrl-C in the terminal
 * reaches the suite alone, which then stops its children in order.
 */
export class SuiteProcess {
	/** Everything the process printed (stdout and stderr), also written to `logFile`. */
	output = '';

	private readonly log: WriteStream;

	private readonly watchers = new Set<() => void>();

	constructor(
		readonly group: GroupProcess,
		readonly logFile: string,
		private readonly options: StartOptions,
	) {
		this.log = createWriteStream(logFile);
		const take = (chunk: Buffer) => {
			const text = chunk.toString();
			this.output += text;
			this.log.write(text);
			this.notify();
		};
		group.child.stdout?.on('data', take);
		group.child.stderr?.on('data', take);
		group.child.once('error', (error) => (this.output += `\n[spawn error] ${error.message}\n`));
		void group.exited.then(() => this.notify());
	}

	get name(): string {
		return this.group.name;
	}

	get pid(): number {
		return this.group.pid;
	}

	get exited(): boolean {
		return this.group.exit !== undefined;
	}

	async whenExited(): Promise<void> {
		await this.group.exited;
	}

	private notify(): void {
		for (const watcher of [...this.watchers]) watcher();
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

	/** SIGKILL to the whole group now (a crash, as far as the process can tell). */
	kill(): void {
		killGroup(this.group);
	}

	/** Graceful signal to the leader, SIGKILL to the group after the grace time; waits for all. */
	async stop(): Promise<void> {
		await stopGroup(this.group, {
			to: 'leader',
			signal: this.options.stopSignal ?? 'SIGTERM',
			graceMs: this.options.graceMs ?? 10_000,
		});
		if (!this.log.writableEnded) await new Promise<void>((resolve) => this.log.end(resolve));
	}
}

/**
 * Everything a suite starts — child processes and things to close in this process (emulators,
 * a browser, temporary folders) — undone in reverse order by `stopAll`: on success, on failure,
 * and on Ctrl-C or SIGTERM, after which the suite exits 130. A second signal kills the children
 * at once; if the suite exits regardless, its children are killed by PID on the way out.
 */
export class SuiteProcesses {
	private readonly undo: Array<{ name: string; run: () => Promise<void> }> = [];

	private readonly processes: SuiteProcess[] = [];

	private stopping: Promise<void> | undefined;

	private readonly onSignal = (signal: NodeJS.Signals) => {
		if (this.stopping) {
			say(`${signal} again: killing what is left`);
			this.onExit();
			void Promise.all(this.running().map(async (p) => await waitForGroupExit(p.pid, 5_000))).then(
				() => process.exit(130),
			);
			return;
		}
		say(
			`${signal}: stopping ${
				[...this.undo]
					.reverse()
					.map((u) => u.name)
					.join(', ') || 'nothing'
			}`,
		);
		void this.stopAll().finally(() => {
			if (this.logDir) say(`logs kept in ${this.logDir}`);
			process.exit(130);
		});
	};

	/** Last resort when the suite dies some other way: nothing outlives it. */
	private readonly onExit = () => {
		for (const p of this.running()) p.kill();
	};

	/** `logDir` holds each child's `<name>.log` unless a start names its own file. */
	constructor(readonly logDir?: string) {
		process.on('SIGINT', this.onSignal);
		process.on('SIGTERM', this.onSignal);
		process.once('exit', this.onExit);
	}

	/** Starts `command` in its own process group, its output collected and logged. */
	start(name: string, command: string, args: string[], options: StartOptions = {}): SuiteProcess {
		const logFile = options.logFile ?? (this.logDir && join(this.logDir, `${name}.log`));
		if (!logFile) throw new Error(`${name}: no log file and no log folder`);
		const group = spawnGroup(name, command, args, {
			env: options.env,
			cwd: options.cwd,
			uid: options.uid,
			gid: options.gid,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const p = new SuiteProcess(group, logFile, options);
		this.processes.push(p);
		this.undo.push({ name, run: async () => await p.stop() });
		return p;
	}

	/** Something to close in this process when the suite stops, in reverse order with the rest. */
	defer(name: string, close: () => Promise<void> | void): void {
		this.undo.push({ name, run: async () => await close() });
	}

	/** Undoes everything (once, however often it is called) and lets go of the signal handlers. */
	async stopAll(): Promise<void> {
		this.stopping ??= (async () => {
			// Whatever is started while stopping (a set-up half-way) is undone too.
			while (this.undo.length) {
				const step = this.undo.pop()!;
				await step.run().catch((error: unknown) => say(`${step.name}: ${String(error)}`));
			}
			process.off('SIGINT', this.onSignal);
			process.off('SIGTERM', this.onSignal);
			process.off('exit', this.onExit);
		})();
		await this.stopping;
	}

	/** Whether a stop has begun: long runs check it between steps. */
	get isStopping(): boolean {
		return this.stopping !== undefined;
	}

	/** Processes still running, for the report at the end. */
	running(): SuiteProcess[] {
		return this.processes.filter((p) => !p.exited);
	}
}
