import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import type { EmulatorSettings, FalEmulatorOptions } from '../../emulator';
import type { HostAnswer, HostCommand, HostReply, Records } from './protocol';

export type { Records, RecordedJobLite, RecordedRequestLite } from './protocol';

interface Waiter {
	resolve: (reply: HostReply) => void;
	reject: (error: Error) => void;
}

/** The bench's handle on the fal emulator running in its own process (see host.ts). */
export class EmulatorProcess {
	private nextId = 0;
	private readonly pending = new Map<number, Waiter>();

	private constructor(
		private readonly child: ChildProcess,
		public proxyUrl = '',
	) {
		child.on('message', (answer: HostAnswer) => {
			const waiter = this.pending.get(answer.id);
			this.pending.delete(answer.id);
			if (answer.error !== undefined) waiter?.reject(new Error(`emulator: ${answer.error}`));
			else waiter?.resolve(answer.reply ?? {});
		});
		child.on('exit', (code) => {
			const error = new Error(`the emulator process exited (${code})`);
			for (const waiter of this.pending.values()) waiter.reject(error);
			this.pending.clear();
		});
	}

	static async start(options: FalEmulatorOptions): Promise<EmulatorProcess> {
		const child = fork(join(__dirname, 'host.ts'), [], {
			execArgv: ['--require', require.resolve('ts-node/register/transpile-only')],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		const emulator = new EmulatorProcess(child);
		const reply = (await emulator.send({ type: 'start', options })) as { proxyUrl: string };
		emulator.proxyUrl = reply.proxyUrl;
		return emulator;
	}

	private send(command: HostCommand): Promise<HostReply> {
		const id = ++this.nextId;
		return new Promise((resolve, reject) => {
			this.pending.set(id, { resolve, reject });
			this.child.send({ id, command });
		});
	}

	async set(options: Partial<EmulatorSettings>): Promise<void> {
		await this.send({ type: 'set', options });
	}

	async records(since: number): Promise<Records> {
		return (await this.send({ type: 'records', since })) as Records;
	}

	/** Closes the server and lets the process end (it exits once the IPC channel is gone). */
	async close(): Promise<void> {
		if (!this.child.connected) return;
		await this.send({ type: 'close' });
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.disconnect();
		await exited;
	}
}
