import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { createSecureContext, TLSSocket, type SecureContext } from 'node:tls';

import { isFalHost } from './router';

/**
 * The emulator as the HTTPS proxy n8n reaches fal through when no Proxy URL is set
 * (HTTPS_PROXY): it accepts `CONNECT` for fal's host names, ends TLS itself with a certificate for
 * those names signed by a test-only CA, and serves what arrives inside like any other request.
 */

const TLS_DIR = join(__dirname, 'tls');

/** The test-only CA: give it to a client by NODE_EXTRA_CA_CERTS (a file path) or as `ca`. */
export const TEST_CA_FILE = join(TLS_DIR, 'test-only-ca.pem');

/** Where a tunnel's produced media and upload URLs live: looks like fal's CDN. */
export const TUNNEL_MEDIA_ORIGIN = 'https://v3.fal.media';

export interface TunnelRecord {
	/** `host:port` as the CONNECT line named it. */
	authority: string;
	host: string;
	port: number;
	/** false when the emulator refused it (not a fal host). */
	accepted: boolean;
}

let context: SecureContext | undefined;

function falHostsContext(): SecureContext {
	context ??= createSecureContext({
		cert: readFileSync(join(TLS_DIR, 'test-only-fal-hosts.pem')),
		key: readFileSync(join(TLS_DIR, 'test-only-fal-hosts.key')),
	});
	return context;
}

/** The host each tunnelled TLS socket was opened for. */
const tunnelHosts = new WeakMap<Socket, string>();

/** `https://<host><path>` for a request that came through a tunnel, else null. */
export function tunnelledUrl(req: IncomingMessage): URL | null {
	const host = tunnelHosts.get(req.socket);
	if (!host) return null;
	return new URL(req.url ?? '/', `https://${host}`);
}

function splitAuthority(authority: string): { host: string; port: number } {
	const at = authority.lastIndexOf(':');
	if (at <= 0) return { host: authority.toLowerCase(), port: 443 };
	return { host: authority.slice(0, at).toLowerCase(), port: Number(authority.slice(at + 1)) };
}

/**
 * Answers CONNECT on `server`: fal hosts on 443 get a tunnel whose decrypted requests the same
 * server handles; anything else gets 403, since the emulator must never reach the internet.
 */
export function acceptTunnels(server: Server, records: TunnelRecord[]): void {
	server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
		const authority = req.url ?? '';
		const { host, port } = splitAuthority(authority);
		const accepted = isFalHost(host) && port === 443;
		records.push({ authority, host, port, accepted });
		socket.on('error', () => socket.destroy());
		if (!accepted) {
			socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
			return;
		}
		socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head.length) socket.unshift(head);
		const tls = new TLSSocket(socket, { isServer: true, secureContext: falHostsContext() });
		tls.on('error', () => tls.destroy());
		tunnelHosts.set(tls, host);
		server.emit('connection', tls);
	});
}
