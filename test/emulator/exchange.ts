import type { IncomingMessage, ServerResponse } from 'node:http';

import type { EmulatorState } from './state';
import type { Fault, RecordedRequest } from './types';

/** Faults that shape an answer instead of replacing it: the route still runs. */
export type AnswerFault = Extract<Fault, { kind: 'stall' | 'truncate' | 'drop' | 'chunked' }>;

/** Piece size of a `chunked` answer. */
const CHUNK_BYTES = 16 * 1024;

export interface SseStream {
	send(data: unknown): void;
	end(): void;
}

/**
 * One request and its answer. Every answer goes through here, so the recorded status is always
 * what was sent and stall/truncate/drop faults cut any route's answer the same way.
 */
export class Exchange {
	constructor(
		readonly req: IncomingMessage,
		readonly res: ServerResponse,
		readonly record: RecordedRequest,
		private readonly state: EmulatorState,
		readonly fault?: AnswerFault,
	) {}

	json(status: number, body: unknown, headers: Record<string, string> = {}): void {
		const bytes = Buffer.from(JSON.stringify(body));
		this.send(status, { 'content-type': 'application/json', ...headers }, bytes);
	}

	send(status: number, headers: Record<string, string>, body: Buffer): void {
		const { res, fault } = this;
		this.record.status = status;
		if (fault?.kind === 'chunked') {
			res.writeHead(status, headers);
			const sent = this.req.method === 'HEAD' ? 0 : body.length;
			for (let at = 0; at < sent; at += CHUNK_BYTES) {
				res.write(body.subarray(at, at + CHUNK_BYTES));
			}
			res.end();
			return;
		}
		res.writeHead(status, { ...headers, 'content-length': String(body.length) });
		if (fault?.kind === 'stall') {
			// Media gets half its body so a download visibly starts, then hangs.
			if (this.record.route === 'media') res.write(body.subarray(0, Math.floor(body.length / 2)));
			res.flushHeaders();
			this.keepOpen();
			return;
		}
		if (fault?.kind === 'truncate') {
			res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.end());
			return;
		}
		res.end(this.req.method === 'HEAD' ? undefined : body);
	}

	/**
	 * Status, headers and the first half of `body` (chunked), then a space every 100 ms: the
	 * answer never ends, and never goes idle long enough for a socket timeout to end it either.
	 */
	sendEndless(status: number, headers: Record<string, string>, body: Buffer): void {
		const { res } = this;
		this.record.status = status;
		res.writeHead(status, headers);
		res.write(body.subarray(0, Math.floor(body.length / 2)));
		this.keepOpen();
		const trickle = () => {
			if (res.destroyed || res.writableEnded) return;
			res.write(' ');
			this.state.timers.later(100, trickle);
		};
		this.state.timers.later(100, trickle);
	}

	/** Resets the connection without answering. */
	drop(): void {
		this.record.status = 0;
		const socket = this.req.socket;
		if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
		else socket.destroy();
	}

	/**
	 * Starts a text/event-stream answer. `drop` with `afterEvents` destroys the socket after that
	 * many events; `stall` sends no event; `truncate` ends the stream cleanly after the first
	 * event, before COMPLETED (like a proxy closing an idle stream).
	 */
	openStream(headers: Record<string, string>): SseStream {
		const { res, fault } = this;
		this.record.status = 200;
		res.writeHead(200, {
			'content-type': 'text/event-stream',
			'cache-control': 'no-cache',
			connection: 'keep-alive',
			...headers,
		});
		res.flushHeaders();
		this.keepOpen();
		const dropAfter = fault?.kind === 'drop' ? (fault.afterEvents ?? 0) : Infinity;
		const stalled = fault?.kind === 'stall';
		const endAfter = fault?.kind === 'truncate' ? 1 : Infinity;
		let sent = 0;
		let done = dropAfter === 0;
		if (done) {
			// An SSE comment makes sure the headers left before the connection goes.
			res.write(':\n\n', () => res.destroy());
		}
		return {
			send: (data) => {
				if (done || stalled) return;
				sent++;
				const last = sent >= dropAfter;
				if (last) done = true;
				res.write(`data: ${JSON.stringify(data)}\n\n`, () => {
					if (last) res.destroy();
				});
				if (!last && sent >= endAfter) {
					done = true;
					res.end();
				}
			},
			end: () => {
				if (done || stalled) return;
				done = true;
				res.end();
			},
		};
	}

	private keepOpen(): void {
		const { res } = this;
		this.state.openResponses.add(res);
		res.on('close', () => this.state.openResponses.delete(res));
	}
}
