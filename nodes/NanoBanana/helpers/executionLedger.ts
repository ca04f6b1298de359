import { createHash } from 'node:crypto';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { ImageJob } from './interfaces';

/**
 * fal has no idempotency key, so a node that runs again in the same execution (n8n's Retry On
 * Fail, a loop, an AI Agent calling the tool again) would pay again for images fal already made.
 * The ledger remembers, per node and per execution, which fal jobs finished (request id and
 * fal's result JSON, never images) and how many images the node asked for.
 */

/** A fal job that COMPLETED in this execution, reusable by an identical request. */
export interface LedgerJob {
	key: string;
	requestId: string;
	endpoint: string;
	/** fal's result JSON; left out when large, then fetched again by request id. */
	output?: unknown;
	billableUnits?: number;
	/** With "Keep Files on fal For", when fal deletes the images (ms since epoch); not reused after. */
	filesExpireAt?: number;
}

export interface LedgerState {
	/** The execution the entries belong to: a retried execution may start with a copy of them. */
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

/** This node's ledger for the current execution, created on first use. */
export function openLedger(ctx: IExecuteFunctions): LedgerState {
	const executionId = executionIdOf(ctx);
	const context = nodeContext(ctx);
	if (!context) return fallbackState(ctx, executionId);
	const stored = context[CONTEXT_KEY];
	if (isLedgerState(stored) && stored.executionId === executionId) return stored;
	const state = freshState(executionId);
	context[CONTEXT_KEY] = state as unknown as IDataObject;
	return state;
}

/** JSON with object keys sorted, so equal bodies give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

export function sha256(bytes: Buffer | string): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** A file input as it is keyed: its URL as given, or the hash of the binary's bytes. */
export type KeyedFile = { url: string } | { sha256: string };

/**
 * The reuse key of a request: the endpoint and the body as it is before uploads, binaries
 * named by their content (upload URLs are new on every run, the bytes are not).
 */
export function reuseKeyOf(
	endpoint: string,
	input: IDataObject,
	images: KeyedFile[] = [],
	media: Record<string, KeyedFile> = {},
): string {
	return sha256(canonicalJson({ endpoint, input, images, media }));
}

/**
 * The job's reuse key, or undefined when it must not be reused: Sync Mode results carry the
 * images inline and fal does not keep them.
 */
export async function reuseKeyOfJob(
	ctx: IExecuteFunctions,
	job: ImageJob,
): Promise<string | undefined> {
	if (job.input.sync_mode === true) return undefined;
	const keyed = async (
		file: { kind: 'url'; url: string } | { kind: 'binary'; property: string },
	): Promise<KeyedFile> =>
		file.kind === 'url'
			? { url: file.url }
			: { sha256: sha256(await ctx.helpers.getBinaryDataBuffer(job.itemIndex, file.property)) };
	const images = await Promise.all((job.references ?? []).map(keyed));
	const media: Record<string, KeyedFile> = {};
	for (const file of job.media ?? []) media[file.falField] = await keyed(file);
	return reuseKeyOf(job.endpoint, job.input, images, media);
}

/**
 * Finished jobs for these keys, one job per key occurrence: two identical items of one run
 * take two different earlier jobs, and an item finds none when there are not enough.
 */
export function findReusable(
	state: LedgerState,
	keys: Array<string | undefined>,
	now = Date.now(),
): Array<LedgerJob | undefined> {
	const taken = new Set<LedgerJob>();
	// Images fal has deleted (or is about to) cannot be downloaded again: such a job is not reused.
	const usable = (job: LedgerJob) =>
		job.filesExpireAt === undefined || job.filesExpireAt - EXPIRY_MARGIN_MS > now;
	return keys.map((key) => {
		if (key === undefined) return undefined;
		const job = state.jobs.find(
			(candidate) => candidate.key === key && !taken.has(candidate) && usable(candidate),
		);
		if (job) taken.add(job);
		return job;
	});
}

/** Remembers a job fal finished, so a later run of this node may reuse it. */
export function recordFinished(
	state: LedgerState,
	key: string,
	endpoint: string,
	result: { requestId: string; output: unknown; billableUnits?: number },
	fileLifetimeSeconds?: number,
): void {
	if (state.jobs.some((job) => job.requestId === result.requestId)) return;
	let output: unknown = result.output;
	try {
		if (JSON.stringify(output).length > MAX_KEPT_OUTPUT_CHARS) output = undefined;
	} catch {
		output = undefined;
	}
	state.jobs.push({
		key,
		requestId: result.requestId,
		endpoint,
		...(output !== undefined ? { output } : {}),
		...(result.billableUnits !== undefined ? { billableUnits: result.billableUnits } : {}),
		...(fileLifetimeSeconds !== undefined
			? { filesExpireAt: Date.now() + fileLifetimeSeconds * 1000 }
			: {}),
	});
	if (state.jobs.length > MAX_LEDGER_JOBS)
		state.jobs.splice(0, state.jobs.length - MAX_LEDGER_JOBS);
}
