/**
 * The emulator's idea of "now" for file expiry: real time plus an offset tests move forward, so
 * a file kept for 60 s can be seen to expire without waiting 60 s. Queue timings stay on real
 * time (they are milliseconds).
 */
export class Clock {
	private offsetMs = 0;

	now(): number {
		return Date.now() + this.offsetMs;
	}

	/** Moves the clock forward by `ms` (never back); returns the new offset. */
	advance(ms: number): number {
		if (!Number.isFinite(ms) || ms < 0) throw new Error('The clock only moves forward');
		this.offsetMs += ms;
		return this.offsetMs;
	}

	get offset(): number {
		return this.offsetMs;
	}

	reset(): void {
		this.offsetMs = 0;
	}
}
