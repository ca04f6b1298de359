/** fal's webhook body: `{ request_id, gateway_request_id, status, payload, error }`. */
export interface FalDelivery {
	requestId: string;
	status: 'OK' | 'ERROR';
	payload: unknown;
	/** Set when fal could not include the result (payload null). */
	payloadError?: string;
	error?: string;
}

export function readDelivery(body: unknown): FalDelivery | string {
	if (!body || typeof body !== 'object' || Array.isArray(body))
		return 'the body is not a JSON object';
	const b = body as Record<string, unknown>;
	if (typeof b.request_id !== 'string' || !b.request_id) return 'the body has no request_id';
	if (b.status !== 'OK' && b.status !== 'ERROR') return 'the body has no status OK or ERROR';
	return {
		requestId: b.request_id,
		status: b.status,
		payload: b.payload ?? null,
		...(typeof b.payload_error === 'string' ? { payloadError: b.payload_error } : {}),
		...(typeof b.error === 'string' ? { error: b.error } : {}),
	};
}

/** An endpoint ID as fal names it (owner/app and an optional sub-path), from the Notify URL. */
const ENDPOINT = /^[a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9.-]*(\/[a-z0-9][a-z0-9.-]*)*$/i;

export function endpointFromQuery(query: unknown): string | undefined {
	const value = (query as Record<string, unknown> | null)?.endpoint;
	return typeof value === 'string' && ENDPOINT.test(value) ? value : undefined;
}
