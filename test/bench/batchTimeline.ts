import type { Records } from './emulator';

/** Where a batch lost time against rounds of exactly T, averaged over its jobs (ms). */
export interface BatchTimeline {
	/**
	 * A job's completion until the next job took its place: result, download and disk write,
	 * then the next submit. The i-th completion is paired with the (i + concurrency)-th submit.
	 */
	slotGapMs: number;
	/** The emulator's own delay: job start after submit, plus completion after T. */
	emulatorDelayMs: number;
}

export function batchTimeline(
	records: Records,
	concurrency: number,
	processingMs: number,
): BatchTimeline {
	const average = (values: number[]) =>
		values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
	const jobs = records.jobs.filter(
		(job) => job.startedAt !== undefined && job.completedAt !== undefined,
	);
	const submits = jobs.map((job) => job.submittedAt).sort((a, b) => a - b);
	const completions = jobs.map((job) => job.completedAt as number).sort((a, b) => a - b);
	const gaps = submits.slice(concurrency).map((submit, i) => submit - completions[i]);
	const delays = jobs.map((job) => (job.completedAt as number) - job.submittedAt - processingMs);
	return { slotGapMs: average(gaps), emulatorDelayMs: average(delays) };
}
