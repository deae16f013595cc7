/** Personal identifiers: the resident ID check digit (GB 11643-1999), mobile numbers, masking. */

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const checkChars = "10X98765432";

/** The check character of the first 17 digits of a resident ID (ISO 7064 MOD 11-2). */
export function residentIdCheckChar(first17: string): string {
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (weights[i] ?? 0);
	return checkChars[sum % 11] ?? "";
}

function isValidDate(yyyymmdd: string): boolean {
	const y = Number(yyyymmdd.slice(0, 4));
	const m = Number(yyyymmdd.slice(4, 6));
	const d = Number(yyyymmdd.slice(6, 8));
	const dt = new Date(Date.UTC(y, m - 1, d));
	return y >= 1900 && dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** An 18-character resident ID: 17 digits, a valid birth date, and the GB 11643 check character. */
export function isValidResidentId(id: string): boolean {
	if (!/^\d{17}[\dX]$/.test(id)) return false;
	if (!isValidDate(id.slice(6, 14))) return false;
	return residentIdCheckChar(id.slice(0, 17)) === id[17];
}

/** A mainland mobile number: 11 digits starting 13–19. */
export function isValidMobile(phone: string): boolean {
	return /^1[3-9]\d{9}$/.test(phone);
}

/** 430000********1234 style: the region part and the last four stay visible. */
export function maskIdNumber(id: string): string {
	if (id.length <= 10) return "*".repeat(id.length);
	return id.slice(0, 6) + "*".repeat(id.length - 10) + id.slice(-4);
}

/** 138****5678 */
export function maskPhone(phone: string): string {
	if (phone.length < 7) return "*".repeat(phone.length);
	return phone.slice(0, 3) + "*".repeat(phone.length - 7) + phone.slice(-4);
}

/** 张* / 欧阳** : the family name stays. */
export function maskName(name: string): string {
	const chars = [...name];
	if (chars.length <= 1) return name;
	return chars[0] + "*".repeat(chars.length - 1);
}
