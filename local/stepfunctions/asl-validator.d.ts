/** Types for asl-validator (the package ships none). */
declare module "asl-validator" {
	interface ValidationOptions {
		checkPaths?: boolean;
		checkArn?: boolean;
	}
	interface ValidationResult {
		isValid: boolean;
		errors: {
			message?: string;
			"Error code"?: string;
			Message?: string;
			schemaError?: { instancePath?: string };
		}[];
		errorsText(separator?: string): string;
	}
	function validator(definition: Record<string, unknown>, opts?: ValidationOptions): ValidationResult;
	export default validator;
}
