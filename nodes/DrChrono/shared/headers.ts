/** HTTP headers as n8n's helpers hand them over: any case, a value or a list of values. */
export type Headers = Record<string, string | string[] | number | undefined>;

/** The first value of a header, whatever the case of its name; undefined when absent. */
export function headerValue(headers: Headers, name: string): string | undefined {
	const wanted = name.toLowerCase();
	const key = Object.keys(headers).find((k) => k.toLowerCase() === wanted);
	const value = key === undefined ? undefined : headers[key];
	const first = Array.isArray(value) ? value[0] : value;
	return first === undefined ? undefined : String(first);
}
