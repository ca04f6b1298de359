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

/** A repeat of the first stop signal this soon is the same stop, delivered twice. */
const DUPLICATE_SIGNAL_MS = 1_000;

/** The exit code a shell reports for a process ended by the signal. */
const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = {
	SIGHUP: 129,
	SIGINT: 130,
	SIGTERM: 143,
};

/**
 * Everything a suite (or `npm run dev`) starts — child process groups, and things to close in
 * this process (emulators, a browser, temporary folders) — undone in reverse order by
 * `stopAll`: on success, on failure, and on Ctrl-C, SIGTERM or SIGHUP, after which the process
 * exits with the signal's code. A second signal kills the children at once; if the process
 * exits regardless, its children are killed by PID on the way out.
 */
export class SuiteProcesses {
	private readonly undo: Array<{ name: string; run: () => Promise<void> }> = [];

	private readonly groups: GroupProcess[] = [];

	private readonly processes: SuiteProcess[] = [];

	private stopping: Promise<void> | undefined;

	private firstSignal: { signal: NodeJS.Signals; at: number } | undefined;

	private readonly onSignal = (signal: NodeJS.Signals) => {
		const code = SIGNAL_EXIT_CODES[signal] ?? 1;
		if (!this.stopping) {
			this.firstSignal = { signal, at: Date.now() };
			void this.stop(code, signal);
			return;
		}
		// One Ctrl-C can arrive twice: from the terminal and forwarded by npm (`npm run dev`
		// execs this process, so npm's forwarding reaches it). Only a later one forces.
		if (
			this.firstSignal?.signal === signal &&
			Date.now() - this.firstSignal.at < DUPLICATE_SIGNAL_MS
		) {
			return;
		}
		say(`${signal} again: killing what is left`);
		this.onExit();
		// SIGKILL cannot be refused; the wait only lets the kernel finish before the exit.
		void Promise.all(this.groups.map(async (g) => await waitForGroupExit(g.pid, 5_000))).then(() =>
			process.exit(code),
		);
	};

	/** Last resort when the process dies some other way: nothing outlives it. */
	private readonly onExit = () => {
		for (const group of this.groups) killGroup(group);
	};

	/** `logDir` holds each child's `<name>.log` unless a start names its own file. */
	constructor(readonly logDir?: string) {
		for (const signal of Object.keys(SIGNAL_EXIT_CODES)) process.on(signal, this.onSignal);
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
		this.groups.push(group);
		this.processes.push(p);
		this.undo.push({ name, run: async () => await p.stop() });
		return p;
	}

	/** A process group started elsewhere (with output handling of its own), stopped like the rest. */
	adopt(group: GroupProcess, options: Parameters<typeof stopGroup>[1] = {}): GroupProcess {
		this.groups.push(group);
		this.undo.push({ name: group.name, run: async () => void (await stopGroup(group, options)) });
		return group;
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
			for (const signal of Object.keys(SIGNAL_EXIT_CODES)) process.off(signal, this.onSignal);
			process.off('exit', this.onExit);
		})();
		await this.stopping;
	}

	/**
	 * Says what it stops and why, stops everything, then exits with `exitCode`: a signal, or a
	 * long-running process (`npm run dev`) whose set-up failed or whose server ended.
	 */
	async stop(exitCode: number, reason: string): Promise<void> {
		// A second reason to stop (n8n ending because it was stopped) changes nothing.
		if (this.stopping) return;
		const names = [...this.undo].reverse().map((u) => u.name);
		say(
			`stopping (${reason}): waiting for ${names.join(', ') || 'the set-up'} to exit; Ctrl-C again forces`,
		);
		await this.stopAll();
		if (this.logDir) say(`logs kept in ${this.logDir}`);
		say('stopped');
		process.exit(exitCode);
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
