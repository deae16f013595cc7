/** The online petition form (网上信访): its request body, its field names and its Idempotency-Key. */

/** The form's field names, in the order the page shows them. */
export const petitionFields = [
	"name",
	"idNumber",
	"phone",
	"address",
	"region",
	"category",
	"title",
	"content",
	"persons",
	"public",
];

/** Shown under 信访内容 (R19: request, facts and reasons). */
export const contentHint = "请写明：一、请求（希望解决什么问题）；二、事实（时间、地点、经过）；三、理由（依据）。";

const text = (v) => (typeof v === "string" ? v.trim() : "");

/**
 * The POST /v1/petitions body from the form's values (strings, as FormData gives them). Empty
 * optional fields are left out, so the body holds exactly what petitionSchema accepts.
 */
export function buildPetitionBody(values) {
	const address = text(values.address);
	const category = text(values.category);
	const persons = text(values.persons);
	const pub = text(values.public);
	return {
		petitioner: {
			name: text(values.name),
			idNumber: text(values.idNumber).toUpperCase(),
			phone: text(values.phone),
			...(address ? { address } : {}),
		},
		region: text(values.region),
		...(category ? { category } : {}),
		title: text(values.title),
		content: text(values.content),
		...(persons ? { persons: Number(persons) } : {}),
		...(pub === "yes" ? { public: true } : pub === "no" ? { public: false } : {}),
	};
}

/** The form field an issue path of the API names ("petitioner.phone" → "phone"). */
export function fieldOfIssue(path) {
	const p = String(path ?? "");
	const last = p.startsWith("petitioner.") ? p.slice("petitioner.".length) : p;
	return petitionFields.includes(last) ? last : "";
}

/**
 * A fresh Idempotency-Key for one fill of the form: a double click or a retry sends the same key,
 * so the server returns the case it already created instead of opening a second one.
 */
export function newIdempotencyKey(cryptoImpl = globalThis.crypto) {
	return `petition-${cryptoImpl.randomUUID()}`;
}

/** How often a submission is sent in all when the server sheds load or the network fails. */
export const SUBMIT_ATTEMPTS = 5;

/**
 * Whether to send the same submission again (same body, same Idempotency-Key, so at most one case is
 * made) and after how many milliseconds: on 503 (shed under load, after its Retry-After), on a lost
 * connection, and while the same key is still being processed. Anything else — a 429 included, whose
 * wait can be long — is shown to the petitioner. `undefined`: do not retry.
 */
export function retryDelayMs(reply, attempt, random = Math.random) {
	if (attempt >= SUBMIT_ATTEMPTS) return undefined;
	const inProgress = reply.status === 409 && reply.body?.error?.code === "IDEMPOTENCY_IN_PROGRESS";
	if (reply.status !== 503 && reply.status !== 0 && !inProgress) return undefined;
	const told = Number(reply.retryAfter);
	const base = Number.isFinite(told) && told > 0 ? told * 1000 : 500 * 2 ** (attempt - 1);
	return Math.round(Math.min(base, 10_000) * (1 + 0.5 * random()));
}
