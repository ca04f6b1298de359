import { randomUUID } from 'node:crypto';

import type { Timers } from './timers';
import type { EmulatorJob, EmulatorSettings } from './types';
import { userIdOf, type SignedParts, type WebhookSigner } from './webhook-signer';

/**
 * fal's webhook deliveries: when a job submitted with `?fal_webhook=<url>` ends, its result is
 * POSTed there, signed, and a delivery that gets no 2xx is tried again on a doubling schedule.
 */

/** How an attempt was made: as fal does, or spoilt on purpose for a receiver to refuse. */
export type DeliveryKind =
	'signed' | 'resent' | 'forged' | 'unsigned' | 'stale' | 'wrong-key' | 'changed-body';

export const FORGED_KINDS = [
	'signed',
	'forged',
	'unsigned',
	'stale',
	'wrong-key',
	'changed-body',
] as const;
export type ForgeKind = (typeof FORGED_KINDS)[number];

export interface DeliveryAttempt {
	at: number;
	kind: DeliveryKind;
	/** The receiver's HTTP status; 0 when it gave none (refused, timed out). */
	status: number;
	/** Why there was no status, or the start of a non-2xx answer. */
	error?: string;
}

export interface WebhookDelivery {
	id: string;
	requestId: string;
	url: string;
	userId: string;
	/** `status` of the body: OK or ERROR. */
	status: 'OK' | 'ERROR';
	/** The exact bytes POSTed each time. */
	body: Buffer;
	attempts: DeliveryAttempt[];
	/** delivered: a 2xx came back; failed: every try was used. */
	outcome: 'pending' | 'delivered' | 'failed';
}

/** fal's body: the result as payload, or the error with fal's details as payload. */
export function deliveryBody(job: EmulatorJob): Record<string, unknown> {
	const base = { request_id: job.requestId, gateway_request_id: job.requestId };
	if (job.error) {
		return {
			...base,
			status: 'ERROR',
			error: `Invalid status code: ${job.error.status}`,
			payload: job.error.body,
		};
	}
	if (job.behaviour.webhookPayloadError) {
		return {
			...base,
			status: 'OK',
			payload: null,
			payload_error: 'Response payload is not JSON serializable',
			error: null,
		};
	}
	return { ...base, status: 'OK', payload: job.output ?? null, error: null };
}

/**
 * A later attempt's delay: `webhookRetryMs` doubling, as fal spreads its tries over two hours,
 * up to `webhookRetryMaxMs` when set.
 */
export function retryDelay(settings: EmulatorSettings, retry: number): number {
	const doubling = settings.webhookRetryMs * 2 ** (retry - 1);
	return Math.min(doubling, settings.webhookRetryMaxMs ?? doubling);
}

export class WebhookDispatcher {
	readonly deliveries: WebhookDelivery[] = [];
	private readonly scheduled = new Set<NodeJS.Timeout>();

	constructor(
		private readonly signer: WebhookSigner,
		private readonly timers: Timers,
		private readonly settings: () => EmulatorSettings,
		private readonly log: (line: string) => void,
	) {}

	/** The public key as fal's JWKS. */
	jwks(): ReturnType<WebhookSigner['jwks']> {
		return this.signer.jwks();
	}

	/** Starts the delivery of a finished job's result to `url`. */
	deliverJob(job: EmulatorJob, url: string): WebhookDelivery {
		const body = deliveryBody(job);
		const delivery: WebhookDelivery = {
			id: randomUUID(),
			requestId: job.requestId,
			url,
			userId: userIdOf(job.key),
			status: body.status as 'OK' | 'ERROR',
			body: Buffer.from(JSON.stringify(body)),
			attempts: [],
			outcome: 'pending',
		};
		this.deliveries.push(delivery);
		void this.tryDelivery(delivery);
		return delivery;
	}

	find(id: string): WebhookDelivery | undefined {
		return this.deliveries.find((d) => d.id === id || d.requestId === id);
	}

	/** One more attempt, freshly signed, outside the retry schedule (as fal's "resend"). */
	async resend(delivery: WebhookDelivery): Promise<DeliveryAttempt> {
		const attempt = await this.post(delivery, 'resent');
		if (ok(attempt.status)) delivery.outcome = 'delivered';
		return attempt;
	}

	/** A delivery of `delivery`'s body to its URL, signed as `kind` says; not retried. */
	async forge(
		delivery: Pick<WebhookDelivery, 'requestId' | 'url' | 'userId' | 'body'>,
		kind: ForgeKind,
	): Promise<DeliveryAttempt> {
		return await this.post(delivery, kind);
	}

	clear(): void {
		for (const timer of this.scheduled) this.timers.cancel(timer);
		this.scheduled.clear();
		this.deliveries.length = 0;
	}

	private async tryDelivery(delivery: WebhookDelivery): Promise<void> {
		const attempt = await this.post(delivery, 'signed');
		if (delivery.outcome !== 'pending') return;
		if (ok(attempt.status)) {
			delivery.outcome = 'delivered';
			return;
		}
		const retries = delivery.attempts.filter((a) => a.kind === 'signed').length - 1;
		if (retries >= this.settings().webhookRetries) {
			delivery.outcome = 'failed';
			return;
		}
		const timer = this.timers.later(retryDelay(this.settings(), retries + 1), () => {
			this.scheduled.delete(timer);
			void this.tryDelivery(delivery);
		});
		this.scheduled.add(timer);
	}

	private async post(
		delivery: Pick<WebhookDelivery, 'requestId' | 'url' | 'userId' | 'body'> & {
			attempts?: DeliveryAttempt[];
		},
		kind: DeliveryKind,
	): Promise<DeliveryAttempt> {
		const now = Math.floor(Date.now() / 1000);
		const parts: SignedParts = {
			requestId: delivery.requestId,
			userId: delivery.userId,
			timestamp: kind === 'stale' ? now - 600 : now,
			body: delivery.body,
		};
		let headers: Record<string, string> = this.signer.headers(parts, kind === 'wrong-key');
		let body = delivery.body;
		if (kind === 'unsigned') headers = {};
		if (kind === 'forged') {
			headers = { ...headers, 'x-fal-webhook-signature': 'ab'.repeat(64) };
		}
		if (kind === 'changed-body') {
			body = Buffer.from(
				delivery.body.toString('utf8').replace(/"status":"(OK|ERROR)"/, '"status":"$1" '),
			);
		}
		const at = Date.now();
		let attempt: DeliveryAttempt;
		try {
			const response = await fetch(delivery.url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body: new Uint8Array(body),
				signal: AbortSignal.timeout(this.settings().webhookTimeoutMs),
			});
			const text = await response.text();
			attempt = {
				at,
				kind,
				status: response.status,
				...(ok(response.status) ? {} : { error: text.slice(0, 300) }),
			};
		} catch (error) {
			const cause = (error as { cause?: { code?: string } }).cause?.code;
			attempt = {
				at,
				kind,
				status: 0,
				error: cause ?? (error instanceof Error ? error.message : String(error)),
			};
		}
		delivery.attempts?.push(attempt);
		this.log(`webhook ${kind} ${delivery.requestId} -> ${attempt.status || attempt.error}`);
		return attempt;
	}
}

function ok(status: number): boolean {
	return status >= 200 && status < 300;
}
