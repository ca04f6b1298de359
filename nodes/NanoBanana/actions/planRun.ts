import type { IExecuteFunctions } from 'n8n-workflow';

import {
	findReusable,
	openLedger,
	recordFinished,
	reuseKeyOfJob,
	type LedgerJob,
	type LedgerState,
} from '../helpers/executionLedger';
import { applyImageCap, readImageCap } from '../helpers/imageBudget';
import type { ImageJob } from '../helpers/interfaces';
import {
	findSubmitted,
	recordSubmitted,
	type SubmittedRequest,
} from '../helpers/submittedRequests';
import type { FalJobResult, FalJobLogger } from '../transport/types';

/** What this run of the node will do for each item, decided before anything is sent. */
export interface RunPlan {
	/** The checked jobs; items over the image cap are errors now. */
	jobs: Array<ImageJob | Error>;
	/** The earlier finished fal job an item takes its images from, instead of submitting. */
	reused: Array<LedgerJob | undefined>;
	/** Remembers a job fal finished, for a later run in this execution. */
	onFinished: (job: ImageJob, result: FalJobResult) => void;
	/** Gives back the images an item counted against the cap when it is never sent. */
	notSent: (itemIndex: number) => void;
	/** Wait for Result off: the request an earlier run in this execution submitted for the item. */
	submitted: Array<SubmittedRequest | undefined>;
	/** Remembers a job submitted without waiting, for a rerun in this execution. */
	onSubmitted: (job: ImageJob, request: Omit<SubmittedRequest, 'key'>) => void;
}

const isSubmitOnly = (job: ImageJob | Error) => !(job instanceof Error) && !!job.submitOnly;

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
		// Without a key the item is simply sent as before; its upload will report the problem.
		const key = await reuseKeyOfJob(ctx, job).catch((error: unknown) => {
			logger.debug('no reuse key for this item', {
				itemIndex: job.itemIndex,
				reason: error instanceof Error ? error.message : String(error),
			});
			return undefined;
		});
		keys.push(key);
	}
	return keys;
}

/**
 * Finds the items an earlier run of this node in this execution already paid for (Retry On
 * Fail, loops, repeated tool calls), then checks "Max Images per Execution" for the rest.
 */
export async function planRun(
	ctx: IExecuteFunctions,
	checked: Array<ImageJob | Error>,
	continueOnFail: boolean,
	logger: FalJobLogger,
): Promise<RunPlan> {
	const ledger: LedgerState = openLedger(ctx);
	const keys = await reuseKeys(ctx, checked, logger);
	const reused = findReusable(ledger, keys);
	const submitted = findSubmitted(
		ledger,
		keys.map((key, i) => (isSubmitOnly(checked[i]) ? key : undefined)),
	);
	// Execution-wide like Concurrency: the first item that passed its checks sets the cap.
	const first = checked.find((job): job is ImageJob => !(job instanceof Error));
	const cap = first ? readImageCap(ctx, first.itemIndex) : 0;
	const paid = reused.map((job, i) => job ?? submitted[i]);
	const { jobs, reserved } = applyImageCap(ctx, checked, paid, cap, ledger, continueOnFail);
	return {
		jobs,
		reused,
		onFinished: (job, result) => {
			const key = keys[job.itemIndex];
			if (key) {
				recordFinished(ledger, key, job.endpoint, result, job.controls.fileLifetimeSeconds);
			}
		},
		submitted,
		onSubmitted: (job, request) => {
			const key = keys[job.itemIndex];
			if (key) recordSubmitted(ledger, { key, ...request });
		},
		notSent: (itemIndex) => {
			ledger.imagesRequested -= reserved[itemIndex];
			reserved[itemIndex] = 0;
		},
	};
}
