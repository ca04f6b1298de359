import {
	CONTROL_PATH,
	type ControlCancel,
	type ControlClock,
	type ControlUpload,
	type ControlJob,
	type ControlMedia,
	type TunableOption,
	type TunableOptions,
} from './control-routes';
import type { ControlDelivery, ForgeRequest } from './control-webhooks';
import type { DeliveryAttempt } from './webhooks';

export type { ControlDelivery, ForgeRequest } from './control-webhooks';
export type { DeliveryAttempt } from './webhooks';
export type {
	ControlCancel,
	ControlClock,
	ControlJob,
	ControlMedia,
	ControlUpload,
	TunableOptions,
} from './control-routes';
export { sha256 } from './control-routes';

/**
 * Drives an emulator's control interface over HTTP, from this process or any other:
 * `new EmulatorControl(emulator.url)` or the URL the standalone command printed.
 */
export class EmulatorControl {
	readonly base: string;

	constructor(emulatorUrl: string) {
		this.base = `${emulatorUrl.replace(/\/$/, '')}${CONTROL_PATH}`;
	}

	async options(): Promise<Record<TunableOption, number | null>> {
		return await this.call('GET', '/options');
	}

	/** Changes timings or image size; jobs pick the new values up at their next step. */
	async setOptions(
		changes: TunableOptions | { imageBytes: null },
	): Promise<Record<TunableOption, number | null>> {
		return await this.call('PATCH', '/options', changes);
	}

	/** Every job in submit order (one per paid request). */
	async jobs(): Promise<ControlJob[]> {
		return await this.call('GET', '/jobs');
	}

	/** Every answered cancel request in arrival order. */
	async cancels(): Promise<ControlCancel[]> {
		return await this.call('GET', '/cancels');
	}

	/** Every produced image with its SHA-256 and how often it was downloaded. */
	async media(): Promise<ControlMedia[]> {
		return await this.call('GET', '/media');
	}

	/** Every stored upload with its lifecycle preference and expiry. */
	async uploads(): Promise<ControlUpload[]> {
		return await this.call('GET', '/uploads');
	}

	/** The clock file expiry runs on. */
	async clock(): Promise<ControlClock> {
		return await this.call('GET', '/clock');
	}

	/** Moves the expiry clock forward: files whose time is up answer 404 from then on. */
	async advanceClock(ms: number): Promise<ControlClock> {
		return await this.call('POST', '/clock', { advanceMs: ms });
	}

	/** fal_webhook deliveries with every attempt and its outcome. */
	async webhooks(): Promise<ControlDelivery[]> {
		return await this.call('GET', '/webhooks');
	}

	/** Sends a delivery (by its id or request id) once more, freshly signed. */
	async resendWebhook(id: string): Promise<DeliveryAttempt> {
		return await this.call('POST', `/webhooks/${encodeURIComponent(id)}/resend`);
	}

	/** A one-off delivery signed as `kind` says (forged, unsigned, stale, wrong-key, changed-body, signed). */
	async forgeWebhook(request: ForgeRequest): Promise<DeliveryAttempt> {
		return await this.call('POST', '/webhooks/forge', request);
	}

	/** Jobs submitted from now on deliver `payload: null` with `payload_error` (or not). */
	async setWebhookPayloadError(payloadError: boolean): Promise<void> {
		await this.call('PATCH', '/webhooks/behaviour', { payloadError });
	}

	/** Clears jobs, records, files, faults, behaviour and the clock offset; keeps options. */
	async reset(): Promise<void> {
		await this.call('POST', '/reset');
	}

	private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.base}${path}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) {
			let detail = text;
			try {
				detail = String((JSON.parse(text) as { detail?: unknown }).detail ?? text);
			} catch {
				// not JSON: keep the text as it came
			}
			throw new Error(`Emulator control ${method} ${path} answered ${response.status}: ${detail}`);
		}
		return JSON.parse(text) as T;
	}
}
