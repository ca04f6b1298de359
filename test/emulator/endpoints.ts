import { ENDPOINT_SCHEMAS, appOf, type EndpointSchema, type NanoBananaEndpoint } from './schemas';
import { STAND_INS, type StandInEndpoint } from './stand-ins';

/** Every endpoint the emulator answers: fal's typed family plus the stand-ins. */
export type ServedEndpoint = NanoBananaEndpoint | StandInEndpoint;

const SERVED: Record<ServedEndpoint, EndpointSchema> = { ...ENDPOINT_SCHEMAS, ...STAND_INS };

export const SERVED_ENDPOINTS = Object.keys(SERVED) as ServedEndpoint[];

export const SERVED_APPS = [...new Set(SERVED_ENDPOINTS.map(appOf))];

export function isServedEndpoint(endpoint: string): endpoint is ServedEndpoint {
	return Object.prototype.hasOwnProperty.call(SERVED, endpoint);
}

export function servedSchemaOf(endpoint: ServedEndpoint): EndpointSchema {
	return SERVED[endpoint];
}
