/** Regions of the sample data (GB/T 2260 codes) and their responsible units (责任单位). */
export interface Region {
	readonly code: string;
	readonly name: string;
	readonly parent?: string;
	readonly level: "province" | "city" | "county";
}

export const regions: readonly Region[] = [
	{ code: "430000", name: "湖南省", level: "province" },
	{ code: "431100", name: "永州市", parent: "430000", level: "city" },
	{ code: "431102", name: "零陵区", parent: "431100", level: "county" },
	{ code: "431103", name: "冷水滩区", parent: "431100", level: "county" },
	{ code: "431122", name: "东安县", parent: "431100", level: "county" },
	{ code: "431123", name: "双牌县", parent: "431100", level: "county" },
	{ code: "431124", name: "道县", parent: "431100", level: "county" },
	{ code: "431125", name: "江永县", parent: "431100", level: "county" },
	{ code: "431126", name: "宁远县", parent: "431100", level: "county" },
	{ code: "431127", name: "蓝山县", parent: "431100", level: "county" },
	{ code: "431128", name: "新田县", parent: "431100", level: "county" },
	{ code: "431129", name: "江华瑶族自治县", parent: "431100", level: "county" },
	{ code: "431181", name: "祁阳市", parent: "431100", level: "county" },
];

const byCode = new Map(regions.map((r) => [r.code, r]));

export function findRegion(code: string): Region | undefined {
	return byCode.get(code);
}

export function isCounty(code: string): boolean {
	return byCode.get(code)?.level === "county";
}

/** The region and every region above it, nearest first. */
function ancestry(code: string): string[] {
	const out: string[] = [];
	for (let r = byCode.get(code); r; r = r.parent ? byCode.get(r.parent) : undefined) out.push(r.code);
	return out;
}

/** True when `code` is `scope` or lies below it. */
export function isWithin(code: string, scope: string): boolean {
	return ancestry(code).includes(scope);
}

export function childrenOf(code: string): Region[] {
	return regions.filter((r) => r.parent === code);
}

/** The departments every county has; a unit id is `<county code>-<key>`. */
const unitKinds: readonly { key: string; suffix: string }[] = [
	{ key: "housing", suffix: "住房和城乡建设局" },
	{ key: "hrss", suffix: "人力资源和社会保障局" },
	{ key: "natres", suffix: "自然资源局" },
	{ key: "edu", suffix: "教育局" },
	{ key: "health", suffix: "卫生健康局" },
	{ key: "police", suffix: "公安局" },
	{ key: "civil", suffix: "民政局" },
	{ key: "agri", suffix: "农业农村局" },
	{ key: "discipline", suffix: "纪委监委" },
];

export interface Unit {
	readonly id: string;
	readonly name: string;
	readonly region: string;
}

export const units: readonly Unit[] = regions
	.filter((r) => r.level === "county")
	.flatMap((r) => unitKinds.map((k) => ({ id: `${r.code}-${k.key}`, name: `${r.name}${k.suffix}`, region: r.code })));

const unitById = new Map(units.map((u) => [u.id, u]));

export function findUnit(id: string): Unit | undefined {
	return unitById.get(id);
}

export function unitsOf(region: string): Unit[] {
	return units.filter((u) => u.region === region);
}
