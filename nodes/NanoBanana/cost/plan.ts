import type { IExecuteFunctions } from 'n8n-workflow';

import type { ImageJob } from '../helpers/interfaces';
import { falFailureOf, NEVER_CONNECTED_CODES } from '../transport/errors';
import type { FalJobLogger, FalJobResult } from '../transport/types';
import { applyImageCap } from './cap';
import {
	findJob,
	forgetJob,
	openLedger,
	recordAccepted,
	recordCompleted,
	recordResult,
	type LedgerJob,
} from './ledger';
import { reuseKeyOfJob, runIndexOf } from './reuseKey';

/**
 * What this run of the node may pay for, decided before anything is sent, and what it tells the
 * ledger as each item's fal job goes. Every method takes the item's index in this run.
 */
export interface CostPlan {
	/** The checked jobs; items over the image cap (or with a bad cap value) are errors now. */
	jobs: Array<ImageJob | Error>;
	/**
	 * The job an earlier try of this same run, item and request left at fal: COMPLETED ones by
	 * default (their images are taken instead of submitting), or also ones fal only accepted
	 * (Wait for Result off returns their request id). Either kind the item planned for is free
	 * of the cap.
	 */
	reusable: (itemIndex: number, state?: 'completed' | 'accepted') => LedgerJob | undefined;
	/** fal accepted the item's request (it has a request id): its images stay counted. */
	accepted: (itemIndex: number, requestId: string) => void;
	/** fal reports the job COMPLETED (paid): remembered before its result is fetched. */
	completed: (itemIndex: number, requestId: string) => void;
	/** fal's result: kept with the job; the count follows the images fal made, if more. */
	resultFetched: (itemIndex: number, result: FalJobResult) => void;
	/** fal never took the item's request (not sent, upload failed, submit refused). */
	giveBack: (itemIndex: number) => void;
	/** The item's job can serve no retry (its images are gone): the next retry asks fal anew. */
	forget: (itemIndex: number) => void;
}

/** One item after the other: a binary is read whole to hash it, so not all of them at once. */
async function reuseKeys(
	ctx: IExecuteFunctions,
	jobs: Array<ImageJob | Error>,
	logger: FalJobLogger,
): Promise<Array<string | undefined>> {
	const keys: Array<string | undefined> = [];
	for (const job of jobs) {
		if (job instanceof Error) {
			keys.push(undefined);
			continue;
		}
		// Without a key the item is simply sent and not remembered; its upload reports the problem.
		const key = await reuseKeyOfJob(ctx, job, runIndexOf(ctx, job.itemIndex)).catch(
			(error: unknown) => {
				logger.debug('no reuse key for this item', {
					itemIndex: job.itemIndex,
					reason: error instanceof Error ? error.message : String(error),
				});
				return undefined;
			},
		);
		keys.push(key);
	}
	return keys;
}

/** A request fal answered with a refusal (4xx) or never received: no job exists, nothing is billed. */
export function refusedByFal(error: unknown): boolean {
	const failure = falFailureOf(error);
	if (failure?.kind === 'http') return (failure.status ?? 500) < 500;
	// A timeout or a reset after sending may mean a running job: it stays counted.
	return failure?.kind === 'network' && NEVER_CONNECTED_CODES.has(failure.systemCode ?? '');
}

/**
 * fal reports a job that failed (its model refused the input, say) as COMPLETED too, and answers
 * its result with the error: such a job has no images to reuse.
 */
export function failedAtFal(error: unknown): boolean {
	const failure = falFailureOf(error);
	return (
		failure?.kind === 'http' &&
		failure.route === 'result' &&
		(failure.status ?? 500) < 500 &&
		failure.status !== 408 &&
		failure.status !== 429
	);
}

function imagesReturned(output: unknown): number | undefined {
	const images = (output as { images?: unknown } | undefined)?.images;
	return Array.isArray(images) ? images.length : undefined;
}

/**
 * Finds the items a retry of this run may take from jobs fal already finished (same node,
 * execution, run index, item and request; with Wait for Result off, jobs fal accepted), then
 * checks "Max Images per Execution" for the rest.
 */
export async function planCost(
	ctx: IExecuteFunctions,
	resolved: Array<ImageJob | Error>,
	continueOnFail: boolean,
	logger: FalJobLogger,
): Promise<CostPlan> {
	const ledger = openLedger(ctx);
	const keys = await reuseKeys(ctx, resolved, logger);
	// A retry takes, free of the cap, a finished job; with Wait for Result off also a queued one.
	const wanted = resolved.map((job) =>
		job instanceof Error || !job.submitOnly ? 'completed' : 'accepted',
	);
	const reused = keys.map((key, itemIndex) => findJob(ledger, key, wanted[itemIndex]));
	const { jobs, reserved } = applyImageCap(ctx, resolved, reused, ledger, continueOnFail);
	const accepted = jobs.map(() => false);
	const entries: Array<LedgerJob | undefined> = [...reused];
	const endpointOf = (itemIndex: number) => (jobs[itemIndex] as ImageJob).endpoint;
	const lifetimeOf = (itemIndex: number) =>
		(jobs[itemIndex] as ImageJob).controls.fileLifetimeSeconds;

	return {
		jobs,
		reusable: (itemIndex, state = 'completed') =>
			state === wanted[itemIndex] ? reused[itemIndex] : findJob(ledger, keys[itemIndex], state),
		accepted: (itemIndex, requestId) => {
			accepted[itemIndex] = true;
			const key = keys[itemIndex];
			if (key) entries[itemIndex] = recordAccepted(ledger, key, endpointOf(itemIndex), requestId);
		},
		completed: (itemIndex, requestId) => {
			const key = keys[itemIndex];
			if (!key) return;
			entries[itemIndex] = recordCompleted(
				ledger,
				key,
				endpointOf(itemIndex),
				requestId,
				lifetimeOf(itemIndex),
			);
		},
		resultFetched: (itemIndex, result) => {
			const entry = entries[itemIndex];
			if (entry?.requestId === result.requestId) recordResult(entry, result);
			// With Limit Generations off fal may make more images than asked: those are paid too.
			const made = imagesReturned(result.output);
			if (made !== undefined && reserved[itemIndex] > 0 && made > reserved[itemIndex]) {
				ledger.imagesRequested += made - reserved[itemIndex];
				reserved[itemIndex] = made;
			}
		},
		giveBack: (itemIndex) => {
			if (accepted[itemIndex]) return;
			ledger.imagesRequested -= reserved[itemIndex];
			reserved[itemIndex] = 0;
		},
		forget: (itemIndex) => {
			const key = keys[itemIndex];
			if (key) forgetJob(ledger, key);
			entries[itemIndex] = undefined;
			reused[itemIndex] = undefined;
		},
	};
}
