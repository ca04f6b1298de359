import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { sha256 } from '../helpers/hash';
import type { FalControls, ImageJob } from '../helpers/interfaces';

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

/** A file input as it is keyed: its URL as given, or the hash of the binary's bytes. */
export type KeyedFile = { url: string } | { sha256: string };

/** Which run of the node and which of its items a request belongs to. */
export interface RunPosition {
	/** n8n's `$runIndex`: a retry keeps it; a loop pass, a tool call or a later run gets a new one. */
	runIndex: number;
	itemIndex: number;
}

export interface KeyedRequest {
	endpoint: string;
	input: IDataObject;
	controls?: FalControls;
	images?: KeyedFile[];
	media?: Record<string, KeyedFile>;
	/** Where fal delivers the result (Wait for Result off): a retry to another URL is a new job. */
	notifyUrl?: string;
}

/**
 * The reuse key: the run and item, the endpoint, the body as it is before uploads with binaries
 * named by their content (upload URLs are new on every run, the bytes are not), and fal's
 * controls (a job kept 1 minute must not serve a run that asked for 30 days).
 */
export function reuseKeyOf(position: RunPosition, request: KeyedRequest): string {
	const { endpoint, input, controls = {}, images = [], media = {}, notifyUrl } = request;
	return sha256(
		canonicalJson({ ...position, endpoint, input, controls, images, media, notifyUrl }),
	);
}

/** n8n's run index of this run of the node, as expressions see it (`$runIndex`). */
export function runIndexOf(ctx: IExecuteFunctions, itemIndex: number): number {
	try {
		const runIndex = ctx.getWorkflowDataProxy(itemIndex).$runIndex;
		return typeof runIndex === 'number' ? runIndex : 0;
	} catch {
		return 0;
	}
}

/**
 * The job's reuse key, or undefined when it must not be reused: Sync Mode results carry the
 * images inline and fal does not keep them.
 */
export async function reuseKeyOfJob(
	ctx: IExecuteFunctions,
	job: ImageJob,
	runIndex: number,
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
	return reuseKeyOf(
		{ runIndex, itemIndex: job.itemIndex },
		{
			endpoint: job.endpoint,
			input: job.input,
			controls: job.controls,
			images,
			media,
			notifyUrl: job.submitOnly?.notifyUrl,
		},
	);
}
