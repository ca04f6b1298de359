import type { ServerResponse } from 'node:http';

import { isRecord, parseJsonBody } from './http';
import type { EmulatorBehaviour } from './types';
import { userIdOf } from './webhook-signer';
import {
	FORGED_KINDS,
	type DeliveryAttempt,
	type ForgeKind,
	type WebhookDelivery,
	type WebhookDispatcher,
} from './webhooks';

/** The control routes for fal webhook deliveries, under `/_emulator/webhooks`. */

export interface ControlDelivery {
	id: string;
	requestId: string;
	url: string;
	userId: string;
	status: 'OK' | 'ERROR';
	outcome: WebhookDelivery['outcome'];
	/** The body as POSTed, parsed. */
	body: unknown;
	attempts: DeliveryAttempt[];
}

/** `{from: <delivery or request id>, kind}` or `{url, requestId, body, kind}`; `url` overrides. */
export interface ForgeRequest {
	kind: ForgeKind;
	from?: string;
	url?: string;
	requestId?: string;
	body?: unknown;
}

export interface WebhookControlTarget {
	readonly webhooks: WebhookDispatcher;
	behaviour: EmulatorBehaviour;
}

type Send = (res: ServerResponse, status: number, body: unknown) => void;

function view(delivery: WebhookDelivery): ControlDelivery {
	return {
		id: delivery.id,
		requestId: delivery.requestId,
		url: delivery.url,
		userId: delivery.userId,
		status: delivery.status,
		outcome: delivery.outcome,
		body: JSON.parse(delivery.body.toString('utf8')) as unknown,
		attempts: delivery.attempts,
	};
}

function forgeTarget(
	target: WebhookControlTarget,
	body: unknown,
): { delivery: Pick<WebhookDelivery, 'requestId' | 'url' | 'userId' | 'body'>; kind: ForgeKind } {
	if (!isRecord(body)) throw new Error('Expected a JSON object');
	const kind = body.kind as ForgeKind;
	if (!FORGED_KINDS.includes(kind)) {
		throw new Error(`"kind" must be one of ${FORGED_KINDS.join(', ')}`);
	}
	const url = typeof body.url === 'string' ? body.url : undefined;
	if (typeof body.from === 'string') {
		const found = target.webhooks.find(body.from);
		if (!found) throw new Error(`No delivery ${body.from}`);
		return { delivery: url ? { ...found, url } : found, kind };
	}
	if (!url || typeof body.requestId !== 'string' || body.body === undefined) {
		throw new Error('Expected "from", or "url", "requestId" and "body"');
	}
	return {
		delivery: {
			url,
			requestId: body.requestId,
			userId: userIdOf('forged'),
			body: Buffer.from(JSON.stringify(body.body)),
		},
		kind,
	};
}

/**
 * GET webhooks | POST webhooks/<id>/resend | POST webhooks/forge | PATCH webhooks/behaviour.
 * Returns false when `call` is none of them.
 */
export async function handleWebhookControl(
	target: WebhookControlTarget,
	call: string,
	raw: Buffer,
	res: ServerResponse,
	send: Send,
): Promise<boolean> {
	const parsed = parseJsonBody(raw);
	const fail = (error: unknown) =>
		send(res, 400, { detail: error instanceof Error ? error.message : String(error) });
	if (call === 'GET /webhooks') {
		send(res, 200, target.webhooks.deliveries.map(view));
		return true;
	}
	const resend = /^POST \/webhooks\/([^/]+)\/resend$/.exec(call);
	if (resend) {
		const delivery = target.webhooks.find(decodeURIComponent(resend[1]));
		if (!delivery) send(res, 404, { detail: `No delivery ${resend[1]}` });
		else send(res, 200, await target.webhooks.resend(delivery));
		return true;
	}
	if (call === 'POST /webhooks/forge') {
		try {
			const { delivery, kind } = forgeTarget(target, parsed.body);
			send(res, 200, await target.webhooks.forge(delivery, kind));
		} catch (error) {
			fail(error);
		}
		return true;
	}
	if (call === 'PATCH /webhooks/behaviour') {
		const body = parsed.body;
		if (!isRecord(body) || typeof body.payloadError !== 'boolean') {
			fail(new Error('Expected {"payloadError": <boolean>}'));
			return true;
		}
		target.behaviour = { ...target.behaviour, webhookPayloadError: body.payloadError };
		send(res, 200, { payloadError: body.payloadError });
		return true;
	}
	return false;
}
