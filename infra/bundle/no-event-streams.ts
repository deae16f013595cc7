/**
 * `@smithy/core/event-streams` in the bundles: no operation the functions call (DynamoDB, Step
 * Functions, S3 HeadObject/GetObject/DeleteObject, SMS) streams events, but the SDK's HTTP protocol
 * imports the module for event-stream members and the S3 client builds a marshaller at construction.
 * Bundles alias it here (infra/constructs/registry-function.ts), ~14 KB less: the marshaller exists,
 * and using it, or the serde, throws naming the reason.
 */
class NoEventStreams extends Error {
	constructor() {
		super("event streams are not bundled: no operation of this function streams events");
		this.name = "NoEventStreams";
	}
}

const unavailable = (): never => {
	throw new NoEventStreams();
};

export const eventStreamSerdeProvider = (_config?: unknown) => ({ serialize: unavailable, deserialize: unavailable });

export class EventStreamSerde {
	constructor(_options?: unknown) {
		throw new NoEventStreams();
	}
}

/** As in the SDK: the client's config gets the (here unusable) marshaller. */
export const resolveEventStreamSerdeConfig = <T extends { eventStreamSerdeProvider: (input: T) => unknown }>(
	input: T,
): T & { eventStreamMarshaller: unknown } =>
	Object.assign(input, { eventStreamMarshaller: input.eventStreamSerdeProvider(input) });
