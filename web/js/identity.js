/** The resident ID check (GB 11643-1999, ISO 7064 MOD 11-2) and the mobile number rule, for inline hints. */

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChars = "10X98765432";

/** The check character of the first 17 digits. */
export function residentIdCheckChar(first17) {
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
	return checkChars[sum % 11];
}

function validBirthDate(yyyymmdd) {
	const y = Number(yyyymmdd.slice(0, 4));
	const m = Number(yyyymmdd.slice(4, 6));
	const d = Number(yyyymmdd.slice(6, 8));
	const dt = new Date(Date.UTC(y, m - 1, d));
	return y >= 1900 && dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/**
 * Checks a resident ID as the server does and says what is wrong: `{ ok, message }`.
 * An empty value is not an error yet (the field is simply unfilled).
 */
export function checkResidentId(value) {
	const id = String(value ?? "")
		.trim()
		.toUpperCase();
	if (id === "") return { ok: false, empty: true, message: "" };
	if (id.length !== 18) return { ok: false, message: `居民身份证号码应为18位，当前${id.length}位` };
	if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, message: "前17位须为数字，最后一位为数字或X" };
	if (!validBirthDate(id.slice(6, 14))) return { ok: false, message: "出生日期（第7–14位）无效" };
	const expected = residentIdCheckChar(id.slice(0, 17));
	if (expected !== id[17]) return { ok: false, message: `校验码不符：按GB 11643最后一位应为 ${expected}` };
	return { ok: true, message: "校验通过" };
}

/** 11 digits starting 13–19. */
export function isValidMobile(value) {
	return /^1[3-9]\d{9}$/.test(String(value ?? "").trim());
}
