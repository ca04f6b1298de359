import type { Records } from './emulator';

/**
 * Where one generation's time went, from the emulator's clock (ms). The phases add up to
 * wall time minus the processing time, so a slow one points at the step to look at.
 */
export interface Phases {
	/** Call start until the job started processing: setup and the submit round trip. */
	submit: number;
	/** How late the emulator's own completion timer fired (not the client's doing). */
	emulatorLate: number;
	/** COMPLETED until the client asked for the result: how long it took to notice. */
	notice: number;
	/** Result asked for until the image was requested. */
	result: number;
	/** Image requested until the call returned: download (and for ours, storing). */
	download: number;
}

export const PHASE_LABELS: Record<keyof Phases, string> = {
	submit: 'submit',
	emulatorLate: 'emulator timer',
	notice: 'notice completion',
	result: 'fetch result',
	download: 'download + store',
};

/** Phases of the single job a one-item run made, from the emulator's records since the run began. */
export function phasesOf(
	records: Records,
	startedAt: number,
	endedAt: number,
	processingMs: number,
): Phases {
	const [job] = records.jobs;
	const resultAt = records.requests.find((request) => request.route === 'result')?.at;
	const mediaAt = records.requests.find((request) => request.route === 'media')?.at;
	const { startedAt: jobStart, completedAt: jobEnd } = job ?? {};
	if (
		records.jobs.length !== 1 ||
		!jobStart ||
		!jobEnd ||
		resultAt === undefined ||
		mediaAt === undefined
	) {
		throw new Error(
			'the emulator did not record one whole generation (submit, completion, result, image)',
		);
	}
	return {
		submit: jobStart - startedAt,
		emulatorLate: jobEnd - jobStart - processingMs,
		notice: resultAt - jobEnd,
		result: mediaAt - resultAt,
		download: endedAt - mediaAt,
	};
}
