import {
	createServer,
	STATUS_CODES,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { Clock } from './clock';
import type { RouteContext } from './context';
import { handleControl, isControlPath } from './control-routes';
import { Exchange, type AnswerFault } from './exchange';
import { FaultQueue } from './faults';
import { flattenHeaders, parseJsonBody, parseKey, readBody } from './http';
import { JobRunner } from './jobs';
import { createModel } from './model';
import { cancel, result, status, stream, submit } from './queue-routes';
import { isFalHost, isProxyPath, matchDirect, matchTarget, PROXY_PATH, type Match } from './router';
import type { EmulatorState, PendingUpload } from './state';
import { initiateUpload, receiveUpload, serveMedia } from './storage-routes';
import { Timers } from './timers';
import { WebhookSigner } from './webhook-signer';
import { WebhookDispatcher } from './webhooks';
import { acceptTunnels, tunnelledUrl, TUNNEL_MEDIA_ORIGIN, type TunnelRecord } from './tunnel';
import type {
	EmulatorBehaviour,
	EmulatorJob,
	EmulatorSettings,
	Fault,
	FalEmulatorOptions,
	FaultRoute,
	RecordedRequest,
	Route,
	StoredFile,
} from './types';

export const DEFAULT_KEY = 'fal-emulator-key';

/** The emulator's 401 text: fal's "Invalid API key", then what this is and the key it takes. */
export const rejectedKeyDetail = (validKeys: string[]) =>
	`Invalid API key. This is the local fal emulator, not fal.ai: it accepts the API key "${validKeys[0] ?? DEFAULT_KEY}"`;

const HTML_GARBAGE =
	'<!DOCTYPE html><html><head><title>Gateway</title></head><body><h1>Something went wrong</h1></body></html>';

/** Routes open to anyone, like fal's CDN and signed upload URLs. */
const PUBLIC_ROUTES: readonly Route[] = ['media', 'upload', 'jwks', 'other'];

function settingsFrom(options: FalEmulatorOptions): EmulatorSettings {
	return {
		port: options.port ?? 0,
		validKeys: options.validKeys ?? [DEFAULT_KEY],
		processingMs: options.processingMs ?? 50,
		queueMs: options.queueMs ?? 0,
		imageLongSide: options.imageLongSide ?? 256,
		imageBytes: options.imageBytes,
		quiet: options.quiet ?? true,
		echoRejectedKey: options.echoRejectedKey,
		webhookRetryMs: options.webhookRetryMs ?? 250,
		webhookRetryMaxMs: options.webhookRetryMaxMs,
		webhookRetries: options.webhookRetries ?? 10,
		webhookTimeoutMs: options.webhookTimeoutMs ?? 15_000,
	};
}

/**
 * A local stand-in for fal's queue, storage and CDN for the Nano Banana family, reached through
 * fal's proxy protocol.
 */
export class FalEmulator {
	/** Mutable at runtime; each job and request reads the current values. */
	options: EmulatorSettings;
	/** Applies to jobs submitted while set (snapshot per job). */
	behaviour: EmulatorBehaviour = {};
	readonly requests: RecordedRequest[] = [];
	readonly jobs = new Map<string, EmulatorJob>();
	readonly uploads = new Map<string, StoredFile>();
	readonly media = new Map<string, StoredFile>();
	/** CONNECT requests, when the emulator serves as an HTTPS proxy (see tunnel.ts). */
	readonly tunnels: TunnelRecord[] = [];

	/** The key deliveries are signed with, served as fal's JWKS. */
	readonly signer = new WebhookSigner();
	/** fal_webhook deliveries and their attempts. */
	readonly webhooks: WebhookDispatcher;
	private readonly faults = new FaultQueue();
	private readonly timers = new Timers();
	/** File expiry runs on this clock; `advanceClock` moves it. */
	readonly clock = new Clock();
	private readonly pendingUploads = new Map<string, PendingUpload>();
	private readonly openResponses = new Set<ServerResponse>();
	private readonly sockets = new Set<Socket>();
	private readonly server: Server;
	private readonly runner: JobRunner;
	private readonly state: EmulatorState;
	private boundPort = 0;

	static async start(options: FalEmulatorOptions = {}): Promise<FalEmulator> {
		const emulator = new FalEmulator(options);
		await emulator.listen();
		return emulator;
	}

	private constructor(options: FalEmulatorOptions) {
		this.options = settingsFrom(options);
		this.webhooks = new WebhookDispatcher(
			this.signer,
			this.timers,
			() => this.options,
			(line) => this.log(line),
		);
		// Handlers see live views, so reassigning `options` or `behaviour` takes effect at once.
		// eslint-disable-next-line @typescript-eslint/no-this-alias
		const self = this;
		this.state = {
			get url() {
				return self.url;
			},
			get options() {
				return self.options;
			},
			get behaviour() {
				return self.behaviour;
			},
			requests: this.requests,
			jobs: this.jobs,
			uploads: this.uploads,
			media: this.media,
			pendingUploads: this.pendingUploads,
			get runner() {
				return self.runner;
			},
			timers: this.timers,
			clock: this.clock,
			openResponses: this.openResponses,
			webhooks: this.webhooks,
			log: (line) => this.log(line),
		};
		this.runner = new JobRunner(
			this.timers,
			() => this.options,
			createModel(this.state),
			() => this.jobs.values(),
		);
		this.server = createServer((req, res) => {
			// The control interface is the test's own channel: not fal, not recorded, no faults.
			const handled = isControlPath(req.url)
				? handleControl(this, req, res)
				: this.handle(req, res);
			handled.catch((error: unknown) => this.fail(res, error));
		});
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		acceptTunnels(this.server, this.tunnels);
	}

	get port(): number {
		return this.boundPort;
	}

	get url(): string {
		return `http://127.0.0.1:${this.boundPort}`;
	}

	get proxyUrl(): string {
		return `${this.url}${PROXY_PATH}`;
	}

	/** Jobs in submit order: one per paid request. */
	submissions(): EmulatorJob[] {
		return [...this.jobs.values()].sort((a, b) => a.submittedAt - b.submittedAt);
	}

	/** Queues `fault` for the next `fault.times ?? 1` requests on `route`. */
	failNext(route: FaultRoute, fault: Fault): void {
		this.faults.add(route, fault);
	}

	/**
	 * Keeps every job IN_PROGRESS once its processing time is over, until `releaseJobs()`: lets a
	 * test observe jobs side by side without depending on how fast the machine is.
	 */
	holdJobs(): void {
		this.runner.hold();
	}

	releaseJobs(): void {
		this.runner.release();
	}

	/**
	 * Moves the clock that file expiry runs on forward by `ms`: files kept for less than that
	 * since they were made or uploaded answer 404 from now on. Returns the clock's offset.
	 */
	advanceClock(ms: number): number {
		return this.clock.advance(ms);
	}

	/** Clears records, faults, jobs, files, behaviour and the clock's offset; keeps options. */
	reset(): void {
		this.clock.reset();
		this.runner.clear();
		this.webhooks.clear();
		this.faults.clear();
		this.requests.length = 0;
		this.tunnels.length = 0;
		this.jobs.clear();
		this.uploads.clear();
		this.media.clear();
		this.pendingUploads.clear();
		this.behaviour = {};
		for (const res of this.openResponses) res.destroy();
		this.openResponses.clear();
	}

	/** Stops listening and ends every open connection (streams, stalls) at once. */
	close(): Promise<void> {
		this.runner.clear();
		this.webhooks.clear();
		this.timers.clear();
		return new Promise((resolve) => {
			if (!this.server.listening) {
				resolve();
				return;
			}
			this.server.close(() => resolve());
			for (const socket of this.sockets) socket.destroy();
		});
	}

	private listen(): Promise<void> {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port, '127.0.0.1', () => {
				this.server.off('error', reject);
				this.boundPort = (this.server.address() as AddressInfo).port;
				resolve();
			});
		});
	}

	/**
	 * fal's 401, saying it is the emulator (a user of `npm run dev` must not be sent to fal's
	 * dashboard for a key), or with `echoRejectedKey` one that repeats what it was sent.
	 */
	private rejectedKeyBody(authorization: string | undefined): Record<string, unknown> {
		if (!this.options.echoRejectedKey) return { detail: rejectedKeyDetail(this.options.validKeys) };
		const key = (authorization ?? '').replace(/^Key\s+/i, '');
		const [keyId, secret] = key.split(':');
		return {
			detail: `Invalid API key: ${authorization ?? 'none'} (id ${keyId}, secret ${secret}, encoded ${encodeURIComponent(key)})`,
		};
	}

	private log(line: string): void {
		if (!this.options.quiet) process.stderr.write(`[fal-emulator] ${line}\n`);
	}

	private fail(res: ServerResponse, error: unknown): void {
		const message = error instanceof Error ? error.message : String(error);
		this.log(`internal error: ${message}`);
		if (res.headersSent) {
			res.destroy();
			return;
		}
		res.writeHead(500, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ detail: `Internal emulator error: ${message}` }));
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const at = Date.now();
		const raw = await readBody(req);
		const method = (req.method ?? 'GET').toUpperCase();
		const headers = flattenHeaders(req.headers);
		const own = new URL(req.url ?? '/', this.url);
		let targetUrl: string | null = null;
		let path = `${own.pathname}${own.search}`;
		let query = own.searchParams;
		let match: Match;
		const tunnelled = tunnelledUrl(req);
		if (tunnelled) {
			// Reached as fal's own host through an HTTPS_PROXY tunnel: the URL is the target.
			targetUrl = tunnelled.href;
			path = `${tunnelled.pathname}${tunnelled.search}`;
			query = tunnelled.searchParams;
			// Upload URLs handed out through a tunnel live on fal's CDN host.
			match =
				/(^|\.)fal\.media$/.test(tunnelled.hostname) && /^\/upload\//.test(tunnelled.pathname)
					? matchDirect(method, tunnelled.pathname, '')
					: matchTarget(method, tunnelled);
		} else if (isProxyPath(own.pathname)) {
			targetUrl = headers['x-fal-target-url'] ?? null;
			const target = parseTarget(targetUrl);
			if (!targetUrl) {
				match = {
					route: 'other',
					error: { status: 400, detail: 'Missing the x-fal-target-url header' },
				};
			} else if (!target) {
				match = {
					route: 'other',
					error: { status: 412, detail: 'Invalid x-fal-target-url header' },
				};
			} else {
				path = `${target.pathname}${target.search}`;
				query = target.searchParams;
				match = matchTarget(method, target);
			}
		} else {
			match = matchDirect(method, own.pathname, `${this.url}${own.pathname}`);
		}

		// Upload bodies are file bytes, not JSON.
		const parsed = match.route === 'upload' ? { body: undefined } : parseJsonBody(raw);
		const key = parseKey(headers.authorization);
		const record: RecordedRequest = {
			at,
			method,
			targetUrl,
			path,
			route: match.route,
			key,
			headers,
			body: parsed.body,
			status: 0,
		};
		this.requests.push(record);
		res.on('close', () => {
			record.endedAt = Date.now();
			this.log(`${method} ${targetUrl ?? path} -> ${record.status || 'dropped'}`);
		});

		const fault = match.route === 'other' ? undefined : this.faults.take(match.route);
		if (fault?.kind === 'delay') await this.timers.sleep(fault.ms);
		const ex = new Exchange(req, res, record, this.state, answerFault(fault));
		if (fault?.kind === 'http') {
			const body = fault.body ?? { detail: STATUS_CODES[fault.status] ?? 'Error' };
			if (fault.endless) {
				const headers = { 'content-type': 'application/json', ...fault.headers };
				ex.sendEndless(fault.status, headers, Buffer.from(JSON.stringify(body)));
			} else {
				ex.json(fault.status, body, fault.headers);
			}
			return;
		}
		if (fault?.kind === 'not-json') {
			ex.send(
				fault.status ?? 200,
				{ 'content-type': 'text/html; charset=utf-8' },
				Buffer.from(HTML_GARBAGE),
			);
			return;
		}
		if (fault?.kind === 'drop' && (match.route !== 'stream' || fault.afterEvents === undefined)) {
			ex.drop();
			return;
		}
		if (
			!PUBLIC_ROUTES.includes(match.route) &&
			!(key !== null && this.options.validKeys.includes(key))
		) {
			ex.json(401, this.rejectedKeyBody(headers.authorization));
			return;
		}
		if ('error' in match) {
			ex.json(match.error.status, { detail: match.error.detail });
			return;
		}
		const rc: RouteContext = {
			ex,
			// Through a tunnel, upload URLs and produced media get fal's CDN host, as on fal.
			state: tunnelled ? withUrl(this.state, TUNNEL_MEDIA_ORIGIN) : this.state,
			key,
			body: parsed.body,
			bodyError: parsed.error,
			raw,
			query,
		};
		await dispatch(rc, match);
	}
}

/** The state with another public URL; everything else stays live. */
function withUrl(state: EmulatorState, url: string): EmulatorState {
	return Object.create(state, { url: { value: url } }) as EmulatorState;
}

function parseTarget(value: string | null): URL | null {
	if (!value) return null;
	try {
		const url = new URL(value);
		return (url.protocol === 'https:' || url.protocol === 'http:') && isFalHost(url.hostname)
			? url
			: null;
	} catch {
		return null;
	}
}

/** Faults that cut the route's own answer; the rest are handled before the route runs. */
function answerFault(fault: Fault | undefined): AnswerFault | undefined {
	if (
		fault?.kind === 'stall' ||
		fault?.kind === 'truncate' ||
		fault?.kind === 'drop' ||
		fault?.kind === 'chunked'
	) {
		return fault;
	}
	return undefined;
}

async function dispatch(
	rc: RouteContext,
	match: Exclude<Match, { error: unknown }>,
): Promise<void> {
	switch (match.route) {
		case 'submit':
			return submit(rc, match.endpoint);
		case 'status':
			return status(rc, match.requestId, match.app);
		case 'stream':
			return stream(rc, match.requestId, match.app);
		case 'result':
			return result(rc, match.requestId, match.app);
		case 'cancel':
			return cancel(rc, match.requestId, match.app);
		case 'upload-initiate':
			return initiateUpload(rc);
		case 'upload':
			return receiveUpload(rc, match.token);
		case 'media':
			return serveMedia(rc, match.fileUrl);
		case 'jwks':
			rc.ex.json(200, rc.state.webhooks.jwks());
			return;
	}
}
