import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * fal has no idempotency key, so when n8n retries the node (Retry On Fail, or a retry from the
 * Executions list) it would pay again for images fal already made. The ledger remembers, per node
 * and per execution, which fal jobs COMPLETED (request id and fal's result JSON, never images)
 * and how many images the node asked fal for.
 */

/** A fal job that COMPLETED, reusable by a retry of the same run, item and request. */
export interface LedgerJob {
	key: string;
	/** 'accepted' while fal has the job queued or running; absent (older ledgers) or 'completed' once paid. */
	state?: 'accepted' | 'completed';
	requestId: string;
	endpoint: string;
	/** fal's result JSON once fetched; left out when large or not fetched yet (fetched by id then). */
	output?: unknown;
	billableUnits?: number;
	/** With "Keep Files on fal For", when fal deletes the images (ms since epoch); not reused after. */
	filesExpireAt?: number;
}

export interface LedgerState {
	/** The execution the entries belong to. */
	executionId?: string;
	/** Images this node asked fal for in this execution, reused jobs not counted. */
	imagesRequested: number;
	jobs: LedgerJob[];
}

/** Oldest jobs are forgotten beyond this: a guard for huge loops, not a limit users meet. */
export const MAX_LEDGER_JOBS = 500;
/** A job whose images expire within this long is no longer reused: the download needs the time. */
export const EXPIRY_MARGIN_MS = 15_000;
/** fal's result for a Nano Banana job is a few hundred bytes; anything bigger is not kept. */
export const MAX_KEPT_OUTPUT_CHARS = 32 * 1024;
/** The fallback store (no n8n node context): executions kept, and for how long. */
const MAX_FALLBACK_EXECUTIONS = 50;
const FALLBACK_MAX_AGE_MS = 6 * 60 * 60 * 1000;

const CONTEXT_KEY = 'falNanoBananaLedger';

const fallback = new Map<string, { state: LedgerState; touchedAt: number }>();

function freshState(executionId: string | undefined): LedgerState {
	return { executionId, imagesRequested: 0, jobs: [] };
}

function isLedgerState(value: unknown): value is LedgerState {
	const state = value as LedgerState | undefined;
	return (
		!!state &&
		typeof state === 'object' &&
		typeof state.imagesRequested === 'number' &&
		Array.isArray(state.jobs)
	);
}

function executionIdOf(ctx: IExecuteFunctions): string | undefined {
	try {
		const id = ctx.getExecutionId?.();
		return typeof id === 'string' && id ? id : undefined;
	} catch {
		return undefined;
	}
}

function isRetryExecution(ctx: IExecuteFunctions): boolean {
	try {
		return ctx.getMode?.() === 'retry';
	} catch {
		return false;
	}
}

/** n8n's per-node context: part of the execution's run data, so it lives exactly as long. */
function nodeContext(ctx: IExecuteFunctions): IDataObject | undefined {
	try {
		const context = ctx.getContext?.('node') as IDataObject | undefined;
		return context && typeof context === 'object' ? context : undefined;
	} catch {
		// Run data without execution data (some embedding of n8n): use the fallback.
		return undefined;
	}
}

/** Where n8n gives no node context: a bounded map keyed by execution and node. */
function fallbackState(ctx: IExecuteFunctions, executionId: string | undefined): LedgerState {
	if (!executionId) return freshState(undefined);
	const now = Date.now();
	for (const [key, entry] of fallback) {
		if (now - entry.touchedAt > FALLBACK_MAX_AGE_MS) fallback.delete(key);
	}
	const key = `${executionId}\u0000${ctx.getNode().name}`;
	const entry = fallback.get(key) ?? { state: freshState(executionId), touchedAt: now };
	entry.touchedAt = now;
	// Re-inserted last, so the first key is always the least recently used.
	fallback.delete(key);
	fallback.set(key, entry);
	while (fallback.size > MAX_FALLBACK_EXECUTIONS) {
		fallback.delete(fallback.keys().next().value as string);
	}
	return entry.state;
}

/**
 * This node's ledger for the current execution, created on first use. A retry from n8n's
 * Executions list runs as a new execution (mode `retry`) that starts from a copy of the failed
 * execution's data, node context included: a ledger of another execution found there is the
 * failed one's, and this execution carries it on (its finished jobs and its image count).
 * Anywhere else a ledger of another execution is stale and starts over.
 */
export function openLedger(ctx: IExecuteFunctions): LedgerState {
	const executionId = executionIdOf(ctx);
	const context = nodeContext(ctx);
	if (!context) return fallbackState(ctx, executionId);
	const stored = context[CONTEXT_KEY];
	if (isLedgerState(stored)) {
		if (stored.executionId === executionId) return stored;
		if (isRetryExecution(ctx)) {
			stored.executionId = executionId;
			return stored;
		}
	}
	const state = freshState(executionId);
	context[CONTEXT_KEY] = state as unknown as IDataObject;
	return state;
}

/**
 * The job for this key: a COMPLETED one, or with `'accepted'` also one fal only queued. Not one
 * whose images fal deletes (or is about to): they could not be downloaded again.
 */
export function findJob(
	state: LedgerState,
	key: string | undefined,
	wanted: 'completed' | 'accepted',
	now = Date.now(),
): LedgerJob | undefined {
	if (key === undefined) return undefined;
	const job = state.jobs.find((candidate) => candidate.key === key);
	if (!job || (wanted === 'completed' && job.state === 'accepted')) return undefined;
	return job.filesExpireAt === undefined || job.filesExpireAt - EXPIRY_MARGIN_MS > now
		? job
		: undefined;
}

function remember(state: LedgerState, job: LedgerJob): LedgerJob {
	forgetJob(state, job.key);
	state.jobs.push(job);
	if (state.jobs.length > MAX_LEDGER_JOBS)
		state.jobs.splice(0, state.jobs.length - MAX_LEDGER_JOBS);
	return job;
}

/** Remembers a job fal accepted (queued), replacing an older one for the key. */
export function recordAccepted(
	state: LedgerState,
	key: string,
	endpoint: string,
	requestId: string,
): LedgerJob {
	return remember(state, { key, requestId, endpoint, state: 'accepted' });
}

/** Remembers a job the moment fal reports it COMPLETED (it is paid), before its result is fetched. */
export function recordCompleted(
	state: LedgerState,
	key: string,
	endpoint: string,
	requestId: string,
	fileLifetimeSeconds?: number,
): LedgerJob {
	return remember(state, {
		key,
		requestId,
		endpoint,
		state: 'completed',
		...(fileLifetimeSeconds !== undefined
			? { filesExpireAt: Date.now() + fileLifetimeSeconds * 1000 }
			: {}),
	});
}

/** Keeps fal's result JSON with the job, unless it is large (then it is fetched again by id). */
export function recordResult(
	job: LedgerJob,
	result: { output: unknown; billableUnits?: number },
): void {
	try {
		if (JSON.stringify(result.output).length <= MAX_KEPT_OUTPUT_CHARS) job.output = result.output;
	} catch {
		// Not JSON: fetched again by request id when reused.
	}
	if (result.billableUnits !== undefined) job.billableUnits = result.billableUnits;
}

/** Forgets the job for this key: its images are gone, so a retry asks fal anew. */
export function forgetJob(state: LedgerState, key: string): void {
	const index = state.jobs.findIndex((job) => job.key === key);
	if (index >= 0) state.jobs.splice(index, 1);
}
