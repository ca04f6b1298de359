/**
 * Every timer the emulator starts goes through here: unref'd so a forgotten emulator never keeps
 * a test process alive, and all cleared at once on close or reset.
 */
export class Timers {
	private readonly active = new Set<NodeJS.Timeout>();

	later(ms: number, fn: () => void): NodeJS.Timeout {
		const timer = setTimeout(
			() => {
				this.active.delete(timer);
				fn();
			},
			Math.max(0, ms),
		);
		timer.unref();
		this.active.add(timer);
		return timer;
	}

	sleep(ms: number): Promise<void> {
		return new Promise((resolve) => this.later(ms, resolve));
	}

	cancel(timer: NodeJS.Timeout | undefined): void {
		if (!timer) return;
		clearTimeout(timer);
		this.active.delete(timer);
	}

	clear(): void {
		for (const timer of this.active) clearTimeout(timer);
		this.active.clear();
	}
}
