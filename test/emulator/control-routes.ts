import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { isRecord, parseJsonBody, readBody } from './http';
import type { Clock } from './clock';
import { handleWebhookControl, type WebhookControlTarget } from './control-webhooks';
import type { EmulatorJob, EmulatorSettings, RecordedRequest, StoredFile } from './types';

/**
 * The control interface: plain JSON over HTTP on the emulator's own port, so a test in another
 * process (an n8n worker's emulator, a queue-mode suite) can steer and inspect it. Never proxied,
 * never recorded in `requests`, no key: the emulator only listens on 127.0.0.1.
 */
export const CONTROL_PATH = '/_emulator';

/** What the control routes need from the emulator; FalEmulator satisfies it. */
export interface ControlTarget extends WebhookControlTarget {
	readonly url: string;
	options: EmulatorSettings;
	readonly requests: RecordedRequest[];
	readonly media: Map<string, StoredFile>;
	readonly uploads: Map<string, StoredFile>;
	readonly clock: Clock;
	advanceClock(ms: number): number;
	submissions(): EmulatorJob[];
	reset(): void;
}

/** Options a controller may change; port, keys and logging are fixed at start. */
export const TUNABLE_OPTIONS = [
	'processingMs',
	'queueMs',
	'imageLongSide',
	'imageBytes',
	'webhookRetryMs',
	'webhookRetryMaxMs',
	'webhookRetries',
	'webhookTimeoutMs',
] as const;
export type TunableOption = (typeof TUNABLE_OPTIONS)[number];
export type TunableOptions = Partial<Record<TunableOption, number>>;

export interface ControlJob {
	requestId: string;
	endpoint: string;
	status: string;
	cancelled: boolean;
	submittedAt: number;
	startedAt?: number;
	completedAt?: number;
	cancelRequestedAt?: number;
	input: Record<string, unknown>;
	/** URLs of the images the job produced (empty until it completes, or when cancelled). */
	imageUrls: string[];
	/** `x-fal-queue-priority` of the submit (`normal` when absent). */
	priority: string;
	/** `expiration_duration_seconds` of the submit's lifecycle preference, if any. */
	lifetimeSeconds?: number;
	/** `fal_webhook` of the submit, if any. */
	webhookUrl?: string;
}

export interface ControlUpload {
	fileUrl: string;
	size: number;
	contentType: string;
	/** `expiration_duration_seconds` of the initiate's lifecycle preference, if any. */
	lifetimeSeconds?: number;
	lifetimeHeader?: string;
	/** On the emulator's clock (see `clock`). */
	expiresAt?: number;
}

export interface ControlClock {
	/** The emulator's time in ms since the epoch: real time plus `offsetMs`. */
	now: number;
	offsetMs: number;
}

export interface ControlCancel {
	at: number;
	requestId: string;
	/** 202 when the job was stopped, 400 when it had already completed. */
	status: number;
}

export interface ControlMedia {
	url: string;
	sha256: string;
	size: number;
	contentType: string;
	/** 200 answers to GET for this URL so far (downloads by the node or anyone else). */
	served: number;
}

export function isControlPath(url: string | undefined): boolean {
	const path = (url ?? '').split('?')[0];
	return path === CONTROL_PATH || path.startsWith(`${CONTROL_PATH}/`);
}

export function sha256(bytes: Buffer): string {
	return createHash('sha256').update(bytes).digest('hex');
}

function send(res: ServerResponse, status: number, body: unknown): void {
	const bytes = Buffer.from(JSON.stringify(body));
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': String(bytes.length),
	});
	res.end(bytes);
}

function jobView(job: EmulatorJob): ControlJob {
	return {
		requestId: job.requestId,
		endpoint: job.endpoint,
		status: job.status,
		cancelled: job.cancelled,
		submittedAt: job.submittedAt,
		startedAt: job.startedAt,
		completedAt: job.completedAt,
		cancelRequestedAt: job.cancelRequestedAt,
		input: job.input,
		imageUrls: job.output?.images.map((image) => image.url) ?? [],
		priority: job.priority,
		...(job.lifetimeSeconds !== undefined ? { lifetimeSeconds: job.lifetimeSeconds } : {}),
		...(job.webhookUrl !== undefined ? { webhookUrl: job.webhookUrl } : {}),
	};
}

function cancelsOf(requests: RecordedRequest[]): ControlCancel[] {
	return requests
		.filter((r) => r.route === 'cancel' && r.status !== 0)
		.map((r) => ({
			at: r.at,
			requestId: /\/requests\/([^/]+)\/cancel/.exec(r.path)?.[1] ?? '',
			status: r.status,
		}));
}

function mediaOf(target: ControlTarget): ControlMedia[] {
	const served = new Map<string, number>();
	for (const r of target.requests) {
		if (r.route !== 'media' || r.status !== 200 || r.method !== 'GET') continue;
		// Proxied downloads name the file in x-fal-target-url; direct ones on the emulator's port.
		const key = r.targetUrl
			? new URL(r.targetUrl).origin + new URL(r.targetUrl).pathname
			: `${target.url}${r.path.split('?')[0]}`;
		served.set(key, (served.get(key) ?? 0) + 1);
	}
	return [...target.media.entries()].map(([url, file]) => ({
		url,
		sha256: sha256(file.bytes),
		size: file.bytes.length,
		contentType: file.contentType,
		served: served.get(url) ?? 0,
	}));
}

function uploadsOf(target: ControlTarget): ControlUpload[] {
	return [...target.uploads.entries()].map(([fileUrl, file]) => ({
		fileUrl,
		size: file.bytes.length,
		contentType: file.contentType,
		...(file.lifetimeSeconds !== undefined ? { lifetimeSeconds: file.lifetimeSeconds } : {}),
		...(file.lifetimeHeader !== undefined ? { lifetimeHeader: file.lifetimeHeader } : {}),
		...(file.expiresAt !== undefined ? { expiresAt: file.expiresAt } : {}),
	}));
}

function clockView(target: ControlTarget): ControlClock {
	return { now: target.clock.now(), offsetMs: target.clock.offset };
}

/** Reads `{advanceMs: 61000}`: a non-negative number. */
function parseAdvance(body: unknown): number {
	const ms = isRecord(body) ? body.advanceMs : undefined;
	if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
		throw new Error('Expected {"advanceMs": <non-negative number>}');
	}
	return ms;
}

/** Reads `{processingMs: 2000, …}`; every value a non-negative number (imageBytes may be null). */
function parseTunable(body: unknown): TunableOptions & { clearImageBytes?: boolean } {
	if (!isRecord(body)) throw new Error('Expected a JSON object of options');
	const out: TunableOptions & { clearImageBytes?: boolean } = {};
	for (const [name, value] of Object.entries(body)) {
		if (!(TUNABLE_OPTIONS as readonly string[]).includes(name)) {
			throw new Error(`Unknown option "${name}" (known: ${TUNABLE_OPTIONS.join(', ')})`);
		}
		if (name === 'imageBytes' && value === null) {
			out.clearImageBytes = true;
			continue;
		}
		if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
			throw new Error(`Option "${name}" must be a non-negative number`);
		}
		out[name as TunableOption] = value;
	}
	return out;
}

function tunableView(options: EmulatorSettings): Record<TunableOption, number | null> {
	return {
		processingMs: options.processingMs,
		queueMs: options.queueMs,
		imageLongSide: options.imageLongSide,
		imageBytes: options.imageBytes ?? null,
		webhookRetryMs: options.webhookRetryMs,
		webhookRetryMaxMs: options.webhookRetryMaxMs ?? null,
		webhookRetries: options.webhookRetries,
		webhookTimeoutMs: options.webhookTimeoutMs,
	};
}

/**
 * GET options | PATCH options | GET jobs | GET cancels | GET media | GET uploads | GET clock |
 * POST clock | POST reset, and the webhook routes (control-webhooks.ts).
 * Errors answer `{detail}` like fal's own routes.
 */
export async function handleControl(
	target: ControlTarget,
	req: IncomingMessage,
	res: ServerResponse,
): Promise<void> {
	const method = (req.method ?? 'GET').toUpperCase();
	const route = (req.url ?? '').split('?')[0].slice(CONTROL_PATH.length).replace(/\/$/, '');
	const raw = await readBody(req);
	const call = `${method} ${route}`;
	switch (call) {
		case 'GET /options':
			return send(res, 200, tunableView(target.options));
		case 'PATCH /options': {
			const parsed = parseJsonBody(raw);
			let changes: ReturnType<typeof parseTunable>;
			try {
				if (parsed.error) throw new Error(`Invalid JSON: ${parsed.error}`);
				changes = parseTunable(parsed.body);
			} catch (error) {
				return send(res, 400, { detail: error instanceof Error ? error.message : String(error) });
			}
			const { clearImageBytes, ...values } = changes;
			// Jobs read options when they move on, so new timings apply from the next job step.
			Object.assign(target.options, values);
			if (clearImageBytes) target.options.imageBytes = undefined;
			return send(res, 200, tunableView(target.options));
		}
		case 'GET /jobs':
			return send(res, 200, target.submissions().map(jobView));
		case 'GET /cancels':
			return send(res, 200, cancelsOf(target.requests));
		case 'GET /media':
			return send(res, 200, mediaOf(target));
		case 'GET /uploads':
			return send(res, 200, uploadsOf(target));
		case 'GET /clock':
			return send(res, 200, clockView(target));
		case 'POST /clock': {
			const parsed = parseJsonBody(raw);
			let ms: number;
			try {
				if (parsed.error) throw new Error(`Invalid JSON: ${parsed.error}`);
				ms = parseAdvance(parsed.body);
			} catch (error) {
				return send(res, 400, { detail: error instanceof Error ? error.message : String(error) });
			}
			target.advanceClock(ms);
			return send(res, 200, clockView(target));
		}
		case 'POST /reset':
			target.reset();
			return send(res, 200, { reset: true });
		default:
			if (await handleWebhookControl(target, call, raw, res, send)) return;
			return send(res, 404, { detail: `No control route ${call}` });
	}
}
