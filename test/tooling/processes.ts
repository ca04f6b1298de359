import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { sleep } from './wait';

/**
 * Process tooling shared by `npm run dev` and the suites that start servers: children get their
 * own process group, so a stop reaches everything they started (n8n's task runner too) and a
 * terminal's Ctrl-C reaches them only through us, once.
 */

export interface ExitStatus {
	code: number | null;
	signal: NodeJS.Signals | null;
}

export interface GroupProcess {
	name: string;
	child: ChildProcess;
	/** The child's PID, which is also its process group id. */
	pid: number;
	exited: Promise<ExitStatus>;
	/** Set once the child itself has exited (members of its group may still run). */
	exit?: ExitStatus;
}

/** Starts `command` as the leader of a new process group. */
export function spawnGroup(
	name: string,
	command: string,
	args: string[],
	options: Omit<SpawnOptions, 'detached'> = {},
): GroupProcess {
	const child = spawn(command, args, { ...options, detached: true });
	if (child.pid === undefined) throw new Error(`${name} could not be started (${command})`);
	const proc: GroupProcess = {
		name,
		child,
		pid: child.pid,
		exited: new Promise((resolve) => {
			child.once('exit', (code, signal) => {
				proc.exit = { code, signal };
				resolve(proc.exit);
			});
			// A spawn error means no process: report it as an exit so waits end.
			child.once('error', () => resolve({ code: null, signal: null }));
		}),
	};
	return proc;
}

/** Whether any process of the group `pgid` is still alive. */
export function groupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch {
		// the group is gone already
	}
}

function signalLeader(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(pid, signal);
	} catch {
		// exited already
	}
}

/** Waits until no process of the group remains; false when `ms` passed first. */
export async function waitForGroupExit(pgid: number, ms: number): Promise<boolean> {
	const until = Date.now() + ms;
	while (groupAlive(pgid)) {
		if (Date.now() > until) return false;
		await sleep(100);
	}
	return true;
}

/**
 * Sends `signal` to the whole group (or, with `to: 'leader'`, to the leader alone, which then
 * stops what it started in its own order, as PostgreSQL and n8n's main do) and waits for every
 * member to exit; after `graceMs` the group is killed. Returns how the leader ended.
 */
export async function stopGroup(
	proc: GroupProcess,
	{
		signal = 'SIGTERM',
		graceMs = 30_000,
		to = 'group',
	}: { signal?: NodeJS.Signals; graceMs?: number; to?: 'group' | 'leader' } = {},
): Promise<ExitStatus> {
	if (to === 'group') signalGroup(proc.pid, signal);
	else if (!proc.exit) signalLeader(proc.pid, signal);
	if (!(await waitForGroupExit(proc.pid, graceMs))) {
		signalGroup(proc.pid, 'SIGKILL');
		await waitForGroupExit(proc.pid, 10_000);
	}
	return await proc.exited;
}

/** SIGKILL to the group, without waiting: the second Ctrl-C. */
export function killGroup(proc: GroupProcess): void {
	signalGroup(proc.pid, 'SIGKILL');
}

/** Calls `onLine` for every complete line of `stream` (no partial lines, no doubled prefixes). */
export function onLines(stream: Readable | null | undefined, onLine: (line: string) => void): void {
	if (!stream) return;
	createInterface({ input: stream, crlfDelay: Infinity }).on('line', onLine);
}

/** A port that was free a moment ago on the loopback interface. */
export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Whether something accepts connections on `port` of 127.0.0.1. */
export async function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
	return await new Promise((resolve) => {
		const socket = connect({ port, host });
		const done = (inUse: boolean) => {
			socket.destroy();
			resolve(inUse);
		};
		socket.once('connect', () => done(true));
		socket.once('error', () => done(false));
		socket.setTimeout(2000, () => done(false));
	});
}

/**
 * Polls `url` until `ready(response)` holds. Fails early when `alive()` turns false (the
 * server exited), or after `timeoutMs`.
 */
export async function waitForHttp(
	url: string,
	{
		timeoutMs = 180_000,
		ready = (response: Response) => response.ok,
		alive = () => true,
	}: {
		timeoutMs?: number;
		ready?: (response: Response) => boolean;
		alive?: () => boolean;
	} = {},
): Promise<void> {
	const until = Date.now() + timeoutMs;
	for (;;) {
		if (!alive()) throw new Error(`the server for ${url} exited before it answered`);
		const response = await fetch(url).catch(() => undefined);
		await response?.body?.cancel();
		if (response && ready(response)) return;
		if (Date.now() > until) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
		await sleep(300);
	}
}

/** A process's start time (clock ticks since boot) and state; undefined once it is gone. */
function stat(pid: number): { started: string; state: string } | undefined {
	try {
		// Fields after the command name, which is in parentheses and may contain spaces.
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		return { state: fields[0], started: fields[19] };
	} catch {
		return undefined;
	}
}

export interface ProcessInfo {
	pid: number;
	ppid: number;
	pgid: number;
	started: string;
	command: string;
}

/** Every process on the machine, from /proc (Linux). */
export function listProcesses(): ProcessInfo[] {
	const list: ProcessInfo[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
			list.push({
				pid: Number(entry),
				ppid: Number(fields[1]),
				pgid: Number(fields[2]),
				started: fields[19],
				command,
			});
		} catch {
			// exited while being read
		}
	}
	return list;
}

/** `root` and every process below it, including those in other process groups. */
export function processTree(root: number): ProcessInfo[] {
	const all = listProcesses();
	const tree: ProcessInfo[] = [];
	const queue = [root];
	while (queue.length) {
		const pid = queue.shift()!;
		for (const info of all) {
			if (info.pid === pid || info.ppid === pid) {
				if (!tree.some((known) => known.pid === info.pid)) {
					tree.push(info);
					if (info.pid !== pid) queue.push(info.pid);
				}
			}
		}
	}
	return tree;
}

/** Those of `seen` that still run: same PID and start time, and not a zombie awaiting its parent. */
export function stillRunning(seen: ProcessInfo[]): ProcessInfo[] {
	return seen.filter((info) => {
		const now = stat(info.pid);
		return now?.started === info.started && now.state !== 'Z';
	});
}
