import { randomUUID } from 'node:crypto';

import type { RouteContext } from './context';
import { resolveImageUrls } from './inputs';
import type { ServedEndpoint } from './endpoints';
import { readLifetimeSeconds, readQueuePriority } from './request-headers';
import { appOf, MEDIA_FIELDS } from './schemas';
import type { EmulatorJob, QueueLog } from './types';
import { validateInput, type ValidationIssue } from './validation';

/** fal's figure for what a job costs, sent on the result as `x-fal-billable-units`. */
export const BILLABLE_UNITS_HEADER = 'x-fal-billable-units';

/** One unit per image, scaled like fal's published price factors for resolution and search. */
export function billableUnits(job: EmulatorJob): number {
	const images = job.output?.images.length ?? 0;
	const factor = { '0.5K': 0.75, '1K': 1, '2K': 1.5, '4K': 2 }[String(job.input.resolution)] ?? 1;
	return images * factor + (job.input.enable_web_search === true ? 0.25 : 0);
}

// Status, result and cancel live under owner/app, never under a sub-path such as /edit.
function jobUrls(job: EmulatorJob) {
	const base = `https://queue.fal.run/${appOf(job.endpoint)}/requests/${job.requestId}`;
	return { status_url: `${base}/status`, response_url: base, cancel_url: `${base}/cancel` };
}

function requestHeaders(requestId: string): Record<string, string> {
	return { 'x-fal-request-id': requestId };
}

/** Queued jobs ahead: those submitted earlier and, for a low-priority job, normal ones of its endpoint. */
function queuePosition(rc: RouteContext, job: EmulatorJob): number {
	let position = 0;
	let earlier = true;
	for (const other of rc.state.jobs.values()) {
		if (other === job) {
			earlier = false;
			continue;
		}
		if (other.status !== 'IN_QUEUE') continue;
		// In one endpoint's queue normal jobs go before low ones, whenever they came.
		const sameQueue = other.endpoint === job.endpoint;
		const ahead = sameQueue && job.priority !== other.priority ? other.priority !== 'low' : earlier;
		if (ahead) position++;
	}
	return position;
}

function statusBody(
	rc: RouteContext,
	job: EmulatorJob,
	logs: QueueLog[] | undefined,
): Record<string, unknown> {
	const body: Record<string, unknown> = {
		status: job.status,
		request_id: job.requestId,
		...jobUrls(job),
	};
	if (job.status === 'IN_QUEUE') body.queue_position = queuePosition(rc, job);
	if (logs) body.logs = logs;
	if (job.status === 'COMPLETED' && job.startedAt && job.completedAt && !job.cancelled) {
		body.metrics = { inference_time: (job.completedAt - job.startedAt) / 1000 };
	}
	return body;
}

/** A job is found only under the app it was submitted to, as on fal. */
function findJob(rc: RouteContext, requestId: string, app: string): EmulatorJob | undefined {
	const found = rc.state.jobs.get(requestId);
	const job = found && appOf(found.endpoint) === app ? found : undefined;
	if (!job) rc.ex.json(404, { detail: 'Request not found' });
	return job;
}

export async function submit(rc: RouteContext, endpoint: ServedEndpoint): Promise<void> {
	const { ex, state } = rc;
	if (rc.bodyError !== undefined) {
		ex.json(422, {
			detail: [
				{
					loc: ['body', 0],
					msg: 'JSON decode error',
					type: 'json_invalid',
					ctx: { error: rc.bodyError },
				},
			],
		});
		return;
	}
	const priority = readQueuePriority(ex.record.headers);
	const lifetime = readLifetimeSeconds(ex.record.headers);
	if ('error' in priority || 'error' in lifetime) {
		const detail = 'error' in priority ? priority.error : (lifetime as { error: string }).error;
		ex.json(400, { detail });
		return;
	}
	const issues = validateInput(endpoint, rc.body);
	if (issues.length > 0) {
		ex.json(422, { detail: issues });
		return;
	}
	const input = rc.body as Record<string, unknown>;
	let receivedImages: EmulatorJob['receivedImages'];
	if (Array.isArray(input.image_urls)) {
		const resolved = await resolveImageUrls(state, input.image_urls as string[]);
		if (resolved.missing.length > 0) {
			const detail: ValidationIssue[] = resolved.missing.map((index) => {
				const url = resolved.images[index].url;
				return {
					loc: ['body', 'image_urls', index],
					msg: `Failed to download the file from ${url}. Please check that the URL is accessible.`,
					type: 'file_download_error',
					input: url,
				};
			});
			ex.json(422, { detail });
			return;
		}
		receivedImages = resolved.images;
	}
	const mediaFields = MEDIA_FIELDS.filter((field) => typeof input[field] === 'string');
	const receivedMedia: NonNullable<EmulatorJob['receivedMedia']> = {};
	if (mediaFields.length > 0) {
		const resolved = await resolveImageUrls(
			state,
			mediaFields.map((field) => input[field] as string),
		);
		if (resolved.missing.length > 0) {
			const detail: ValidationIssue[] = resolved.missing.map((index) => ({
				loc: ['body', mediaFields[index]],
				msg: `Failed to download the file from ${resolved.images[index].url}. Please check that the URL is accessible.`,
				type: 'file_download_error',
				input: resolved.images[index].url,
			}));
			ex.json(422, { detail });
			return;
		}
		mediaFields.forEach((field, index) => (receivedMedia[field] = resolved.images[index]));
	}
	const requestId = randomUUID();
	const job: EmulatorJob = {
		requestId,
		endpoint,
		input,
		key: rc.key ?? '',
		submittedAt: Date.now(),
		mediaBase: state.url,
		status: 'IN_QUEUE',
		cancelled: false,
		priority: priority.value,
		...(lifetime.value !== undefined ? { lifetimeSeconds: lifetime.value } : {}),
		...(rc.query.get('fal_webhook') ? { webhookUrl: rc.query.get('fal_webhook')! } : {}),
		behaviour: { ...state.behaviour },
		logs: [],
		...(receivedImages ? { receivedImages } : {}),
		...(mediaFields.length > 0 ? { receivedMedia } : {}),
	};
	state.jobs.set(requestId, job);
	state.runner.start(job);
	state.log(`job ${requestId} submitted to ${endpoint}`);
	ex.json(
		200,
		{
			request_id: requestId,
			status: 'IN_QUEUE',
			queue_position: queuePosition(rc, job),
			...jobUrls(job),
		},
		requestHeaders(requestId),
	);
}

export function status(rc: RouteContext, requestId: string, app: string): void {
	const job = findJob(rc, requestId, app);
	if (!job) return;
	const logs = rc.query.get('logs') === '1' ? job.logs : undefined;
	// fal answers 202 while the job is unfinished and 200 once it is done.
	rc.ex.json(
		job.status === 'COMPLETED' ? 200 : 202,
		statusBody(rc, job, logs),
		requestHeaders(requestId),
	);
}

/** Server-sent status events, pushed as the job changes state; ends after COMPLETED. */
export function stream(rc: RouteContext, requestId: string, app: string): void {
	const job = findJob(rc, requestId, app);
	if (!job) return;
	const withLogs = rc.query.get('logs') === '1';
	const sse = rc.ex.openStream(requestHeaders(requestId));
	let logsSent = 0;
	let unsubscribe = () => {};
	const push = () => {
		// Each event carries only the new log lines: the client accumulates them itself.
		const logs = withLogs ? job.logs.slice(logsSent) : undefined;
		logsSent = job.logs.length;
		sse.send(statusBody(rc, job, logs));
		if (job.status === 'COMPLETED') {
			unsubscribe();
			sse.end();
		}
	};
	if (job.status !== 'COMPLETED') {
		unsubscribe = rc.state.runner.subscribe(requestId, push);
		rc.ex.res.on('close', () => unsubscribe());
	}
	push();
}

export function result(rc: RouteContext, requestId: string, app: string): void {
	const job = findJob(rc, requestId, app);
	if (!job) return;
	const headers = requestHeaders(requestId);
	if (job.cancelled) {
		rc.ex.json(400, { detail: 'Request was cancelled' }, headers);
	} else if (job.status !== 'COMPLETED') {
		rc.ex.json(400, { detail: 'Request is still in progress' }, headers);
	} else if (job.error) {
		rc.ex.json(job.error.status, job.error.body, headers);
	} else {
		rc.ex.json(200, job.output, {
			...headers,
			[BILLABLE_UNITS_HEADER]: String(billableUnits(job)),
		});
	}
}

export function cancel(rc: RouteContext, requestId: string, app: string): void {
	const job = findJob(rc, requestId, app);
	if (!job) return;
	const headers = requestHeaders(requestId);
	if (rc.state.runner.cancel(job)) {
		rc.state.log(`job ${requestId} cancelled`);
		rc.ex.json(202, { status: 'CANCELLATION_REQUESTED' }, headers);
	} else {
		rc.ex.json(400, { status: 'ALREADY_COMPLETED' }, headers);
	}
}
