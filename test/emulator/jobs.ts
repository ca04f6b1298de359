import type { Timers } from './timers';
import type { EmulatorJob, EmulatorSettings, QueueLog } from './types';

export type JobListener = (job: EmulatorJob) => void;

/**
 * Runs the model when a job starts processing and returns what to do at completion (publish the
 * output). Doing the slow part first keeps completion on time: it lands `processingMs` after the
 * start, not `processingMs` plus encoding time.
 */
export type ModelRun = (job: EmulatorJob) => () => void;

export function queueLog(message: string): QueueLog {
	return { message, level: 'INFO', source: 'USER', timestamp: new Date().toISOString() };
}

/** Moves jobs through IN_QUEUE → IN_PROGRESS → COMPLETED and tells listeners at each step. */
export class JobRunner {
	private readonly listeners = new Map<string, Set<JobListener>>();
	private readonly pending = new Map<string, NodeJS.Timeout>();
	/** Completions waiting for `release()` while held; undefined when not held. */
	private held: Array<() => void> | undefined;
	/** Low-priority jobs whose queue time is over, waiting for normal ones of their endpoint. */
	private readonly waiting = new Set<EmulatorJob>();

	constructor(
		private readonly timers: Timers,
		private readonly settings: () => EmulatorSettings,
		private readonly model: ModelRun,
		/** Every job, to see who is queued ahead of a low-priority one. */
		private readonly allJobs: () => Iterable<EmulatorJob> = () => [],
	) {}

	start(job: EmulatorJob): void {
		this.schedule(job, this.settings().queueMs, () => this.leaveQueue(job));
	}

	/** A normal job of the same endpoint still queued: a low-priority job lets it go first. */
	normalQueuedAhead(job: EmulatorJob): boolean {
		if (job.priority !== 'low') return false;
		for (const other of this.allJobs()) {
			if (
				other !== job &&
				other.endpoint === job.endpoint &&
				other.priority !== 'low' &&
				other.status === 'IN_QUEUE'
			) {
				return true;
			}
		}
		return false;
	}

	private leaveQueue(job: EmulatorJob): void {
		this.pending.delete(job.requestId);
		if (this.normalQueuedAhead(job)) {
			this.waiting.add(job);
			return;
		}
		this.begin(job);
	}

	/** Starts the waiting low-priority jobs nothing normal is queued ahead of any more. */
	private admitWaiting(): void {
		for (const job of [...this.waiting]) {
			if (job.status !== 'IN_QUEUE') {
				this.waiting.delete(job);
			} else if (!this.normalQueuedAhead(job)) {
				this.waiting.delete(job);
				this.begin(job);
			}
		}
	}

	/** Stops an unfinished job; false if it had already completed. */
	cancel(job: EmulatorJob): boolean {
		if (job.status === 'COMPLETED') return false;
		this.timers.cancel(this.pending.get(job.requestId));
		this.pending.delete(job.requestId);
		const now = Date.now();
		job.cancelled = true;
		job.cancelRequestedAt = now;
		job.logs.push(queueLog('Request cancelled'));
		job.status = 'COMPLETED';
		job.completedAt = now;
		this.notify(job);
		this.admitWaiting();
		return true;
	}

	/** Calls `listener` on every state change of the job; returns the unsubscribe function. */
	subscribe(requestId: string, listener: JobListener): () => void {
		let set = this.listeners.get(requestId);
		if (!set) {
			set = new Set();
			this.listeners.set(requestId, set);
		}
		set.add(listener);
		return () => {
			set.delete(listener);
			if (set.size === 0) this.listeners.delete(requestId);
		};
	}

	/** Jobs whose processing time ends stay IN_PROGRESS until `release()`. */
	hold(): void {
		this.held ??= [];
	}

	/** Completes the held jobs in the order they finished processing, and stops holding. */
	release(): void {
		const held = this.held ?? [];
		this.held = undefined;
		for (const complete of held) complete();
	}

	clear(): void {
		this.held = undefined;
		this.waiting.clear();
		for (const timer of this.pending.values()) this.timers.cancel(timer);
		this.pending.clear();
		this.listeners.clear();
	}

	private begin(job: EmulatorJob): void {
		const started = Date.now();
		job.status = 'IN_PROGRESS';
		job.startedAt = started;
		const count = typeof job.input.num_images === 'number' ? job.input.num_images : 1;
		job.logs.push(queueLog(`Generating ${count} image${count === 1 ? '' : 's'}`));
		this.notify(job);
		if (job.priority !== 'low') this.admitWaiting();
		let publish: () => void;
		try {
			publish = this.model(job);
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			publish = () => {
				job.error = {
					status: 500,
					body: { detail: `Internal error in the emulated model: ${message}` },
				};
			};
		}
		const remaining = this.settings().processingMs - (Date.now() - started);
		this.schedule(job, remaining, () => this.complete(job, publish));
	}

	private complete(job: EmulatorJob, publish: () => void): void {
		this.pending.delete(job.requestId);
		if (this.held) {
			// A job cancelled while held is finished already.
			this.held.push(() => job.cancelled || this.complete(job, publish));
			return;
		}
		publish();
		job.logs.push(queueLog(job.error ? 'Generation failed' : 'Generation finished'));
		job.status = 'COMPLETED';
		job.completedAt = Date.now();
		this.notify(job);
	}

	private schedule(job: EmulatorJob, ms: number, step: () => void): void {
		this.pending.set(job.requestId, this.timers.later(ms, step));
	}

	private notify(job: EmulatorJob): void {
		const set = this.listeners.get(job.requestId);
		if (!set) return;
		for (const listener of [...set]) listener(job);
	}
}
