import type { EndpointTypeMap } from '@fal-ai/client/endpoints';

import type { AheadEndpoints, AheadFields } from '../contract/aheadOfClient';
import { ENDPOINT_SCHEMAS } from '../emulator/schemas';

/*
 * The emulator's schemas (the family reference, from fal's current client types) held against
 * the older copy of fal's types that the installed @fal-ai/client ships. The checks are types:
 * ts-jest compiles this file, so a mismatch fails the suite before a test runs.
 *
 * What the reference knows ahead of the installed client is the reviewed list the request-body
 * contract uses too (test/contract/aheadOfClient.ts). When a client release adds one of its
 * entries, the checks below fail until it is removed from the list.
 */

type Schemas = typeof ENDPOINT_SCHEMAS;
type ClientEndpoint = keyof EndpointTypeMap;
type Known = Exclude<keyof Schemas, AheadEndpoints>;
type ClientInput<E> = E extends ClientEndpoint ? EndpointTypeMap[E]['input'] : never;
type Fields<E extends keyof Schemas> = Schemas[E]['fields'];

type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type All<T extends Record<string, boolean>> = T[keyof T] extends true ? true : false;

/** Every endpoint the emulator serves, except those ahead, is one the client types know. */
type EndpointsKnown = Equal<Exclude<Known, ClientEndpoint>, never>;
/** None of the endpoints listed as ahead is in the client yet. */
type EndpointsStillAhead = Equal<Extract<AheadEndpoints, ClientEndpoint>, never>;

/** Same field names, once the fields listed as ahead are set aside. */
type SameFields = All<{
	[E in Known]: Equal<Exclude<keyof Fields<E>, AheadFields<E>>, keyof ClientInput<E>>;
}>;
/** The fields listed as ahead are not in the client's input types yet. */
type FieldsStillAhead = All<{
	[E in Known]: Equal<Extract<AheadFields<E>, keyof ClientInput<E>>, never>;
}>;
/** And each is a field of its endpoint's schema: the list names nothing fal lacks. */
type FieldsExist = All<{
	[E in Known]: Equal<Exclude<AheadFields<E>, keyof Fields<E>>, never>;
}>;

type EnumOf<E extends Known, F extends string> = F extends keyof Fields<E>
	? Fields<E>[F] extends { options: readonly string[] }
		? Fields<E>[F]['options'][number]
		: never
	: never;
type ClientEnum<E extends Known, F extends string> = F extends keyof ClientInput<E>
	? NonNullable<ClientInput<E>[F]>
	: never;
/** The same option values for every choice field, endpoint by endpoint. */
type SameOptions = All<{
	[E in Known]: All<{
		[
			F in 'aspect_ratio' | 'output_format' | 'resolution' | 'safety_tolerance' | 'thinking_level'
		]: Equal<EnumOf<E, F>, ClientEnum<E, F>>;
	}>;
}>;

function holds<T extends true>(): T {
	return true as T;
}

describe("the emulator's schemas against @fal-ai/client's endpoint types", () => {
	it('serves the endpoints the client knows, plus the reviewed ones ahead of it', () => {
		expect(holds<EndpointsKnown>()).toBe(true);
		expect(holds<EndpointsStillAhead>()).toBe(true);
	});

	it('has the same fields and option values, plus the reviewed fields ahead of it', () => {
		expect(holds<SameFields>()).toBe(true);
		expect(holds<FieldsStillAhead>()).toBe(true);
		expect(holds<FieldsExist>()).toBe(true);
		expect(holds<SameOptions>()).toBe(true);
	});
});
