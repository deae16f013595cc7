/**
 * The regions of the sample data (GB/T 2260) and the departments every county has, for the selects.
 * A copy of shared/domain/regions.ts (the pages load no TypeScript); a unit test keeps the two equal.
 */

export const city = { code: "431100", name: "永州市" };

export const counties = [
	{ code: "431102", name: "零陵区" },
	{ code: "431103", name: "冷水滩区" },
	{ code: "431122", name: "东安县" },
	{ code: "431123", name: "双牌县" },
	{ code: "431124", name: "道县" },
	{ code: "431125", name: "江永县" },
	{ code: "431126", name: "宁远县" },
	{ code: "431127", name: "蓝山县" },
	{ code: "431128", name: "新田县" },
	{ code: "431129", name: "江华瑶族自治县" },
	{ code: "431181", name: "祁阳市" },
];

const unitKinds = [
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

/** The city and its counties: the regions a staff login or a statistics query may name. */
export const staffRegions = [city, ...counties];

export function regionName(code) {
	if (code === city.code) return city.name;
	return counties.find((c) => c.code === code)?.name ?? code ?? "—";
}

/** The responsible units of a county: `[{ id, name, region }]`, as GET /v1/units answers. */
export function unitsOf(region) {
	const county = counties.find((c) => c.code === region);
	return county
		? unitKinds.map((k) => ({ id: `${county.code}-${k.key}`, name: `${county.name}${k.suffix}`, region: county.code }))
		: [];
}

export function unitName(id) {
	const region = String(id ?? "").split("-")[0];
	return unitsOf(region).find((u) => u.id === id)?.name ?? id ?? "—";
}
