import type { Fault, FaultRoute } from './types';

interface Queued {
	fault: Fault;
	remaining: number;
}

/** Faults waiting per route, applied first-in first-out to the next requests on that route. */
export class FaultQueue {
	private readonly queues = new Map<FaultRoute, Queued[]>();

	add(route: FaultRoute, fault: Fault): void {
		const remaining = fault.times ?? 1;
		if (remaining <= 0) return;
		const queue = this.queues.get(route) ?? [];
		queue.push({ fault, remaining });
		this.queues.set(route, queue);
	}

	take(route: FaultRoute): Fault | undefined {
		const queue = this.queues.get(route);
		const head = queue?.[0];
		if (!queue || !head) return undefined;
		head.remaining--;
		if (head.remaining <= 0) queue.shift();
		return head.fault;
	}

	clear(): void {
		this.queues.clear();
	}
}
