import type { Exchange } from './exchange';
import type { EmulatorState } from './state';

/** Everything a route handler gets: the exchange to answer on and the parsed request. */
export interface RouteContext {
	ex: Exchange;
	state: EmulatorState;
	/** Valid key for authenticated routes (checked before the handler runs). */
	key: string | null;
	/** Parsed JSON body, or undefined. */
	body: unknown;
	/** Set when a body was sent but is not JSON. */
	bodyError?: string;
	raw: Buffer;
	query: URLSearchParams;
}
