export interface WebRegion {
	code: string;
	name: string;
}
export const city: WebRegion;
export const counties: readonly WebRegion[];
export const staffRegions: readonly WebRegion[];
export function regionName(code: string | null | undefined): string;
export function unitsOf(region: string): { id: string; name: string; region: string }[];
export function unitName(id: string | null | undefined): string;
