import {
	killGroup,
	stopGroup,
	waitForGroupExit,
	type GroupProcess,
} from '../../test/tooling/processes';
import { say } from './say';

const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = {
	SIGINT: 130,
	SIGTERM: 143,
	SIGHUP: 129,
};

/**
 * Everything `npm run dev` started, and how it all stops: on Ctrl-C, SIGTERM, a failed set-up or
 * n8n exiting, each process group is stopped and waited for (n8n with its task runner, tsc), then
 * the in-process emulator is closed. A second signal kills what is left at once.
 */
export class DevLifecycle {
	private readonly children: GroupProcess[] = [];

	private readonly closers: Array<{ name: string; close: () => Promise<void> }> = [];

	stopping = false;

	constructor() {
		for (const signal of Object.keys(SIGNAL_EXIT_CODES) as NodeJS.Signals[]) {
			process.on(signal, () => this.onSignal(signal));
		}
	}

	/** A process group to stop and wait for. */
	add(child: GroupProcess): GroupProcess {
		this.children.push(child);
		return child;
	}

	/** Something in this process to close after the process groups are gone. */
	onClose(name: string, close: () => Promise<void>): void {
		this.closers.push({ name, close });
	}

	private onSignal(signal: NodeJS.Signals): void {
		const code = SIGNAL_EXIT_CODES[signal] ?? 1;
		if (!this.stopping) {
			void this.stop(code, signal);
			return;
		}
		say(`${signal} again: killing what is left`);
		for (const child of this.children) killGroup(child);
		// SIGKILL cannot be refused; the wait only lets the kernel finish before dev ends.
		void Promise.all(this.children.map((child) => waitForGroupExit(child.pid, 5000))).then(() =>
			process.exit(code),
		);
	}

	async stop(exitCode: number, reason: string): Promise<void> {
		if (this.stopping) return;
		this.stopping = true;
		const names = [...this.children.map((child) => child.name), ...this.closers.map((c) => c.name)];
		say(
			`stopping (${reason}): waiting for ${names.join(', ') || 'the set-up'} to exit; Ctrl-C again forces`,
		);
		// A process started while stopping (set-up was mid-way) is stopped too.
		for (let done = 0; done < this.children.length;) {
			const batch = this.children.slice(done);
			done = this.children.length;
			await Promise.all(batch.map((child) => stopGroup(child, { graceMs: 30_000 })));
		}
		for (const closer of this.closers) await closer.close();
		say('stopped');
		process.exit(exitCode);
	}
}
