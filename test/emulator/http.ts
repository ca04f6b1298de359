import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

export function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		// A client that gives up mid-body still gets its request recorded.
		req.on('error', () => resolve(Buffer.concat(chunks)));
	});
}

export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
	}
	return out;
}

/** The key from `Authorization: Key <key>`, or null. */
export function parseKey(authorization: string | undefined): string | null {
	const match = /^Key\s+(.+)$/i.exec(authorization?.trim() ?? '');
	return match ? match[1].trim() : null;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJsonBody(raw: Buffer): { body: unknown; error?: string } {
	if (raw.length === 0) return { body: undefined };
	try {
		return { body: JSON.parse(raw.toString('utf8')) };
	} catch (error) {
		return { body: undefined, error: error instanceof Error ? error.message : String(error) };
	}
}
