/**
 * Where the node or the sandbox deliberately differs from DrChrono's OpenAPI document, and why.
 * This is the one list: the conformance test skips exactly these and nothing else.
 */
export interface Difference {
	/** The node resource value (e.g. `patient`) or the sandbox resource path (e.g. `patients`). */
	resource: string;
	kind: 'endpoint' | 'operation' | 'required' | 'enum' | 'filter' | 'scope';
	/** The endpoint (`METHOD /api/path`), operation, field or parameter name. */
	name: string;
	reason: string;
}

export const DIFFERENCES: Difference[] = [
	{
		resource: 'clinicalNote',
		kind: 'scope',
		name: 'GET /api/appointments/{id}',
		reason: 'Download PDF reads the appointment, so it needs and names the appointment’s scopes (calendar and clinical), as the OpenAPI lists them for that path, not the clinical note’s',
	},
	{
		resource: 'patientPayment',
		kind: 'required',
		name: 'amount',
		reason:
			'The OpenAPI requires only patient, but says amount "cannot be zero"; a payment without an amount records nothing, so the node asks for it up front.',
	},
	{
		resource: 'user',
		kind: 'endpoint',
		name: 'GET /api/users/current',
		reason: 'Not in the OpenAPI paths; the API docs and the official example app use it (302 to /api/users/{id}).',
	},
	{
		resource: 'iframeIntegration',
		kind: 'endpoint',
		name: 'POST /api/iframe_integration',
		reason: 'Documented only in the API prose on iframes (register a doctor), not in the OpenAPI paths.',
	},
	{
		resource: 'iframeIntegration',
		kind: 'endpoint',
		name: 'DELETE /api/iframe_integration',
		reason: 'Documented only in the API prose on iframes (unregister a doctor), not in the OpenAPI paths.',
	},
	{
		resource: 'iframe_integration',
		kind: 'endpoint',
		name: '/api/iframe_integration',
		reason: 'The sandbox emulates the iframe registration the API prose documents; the OpenAPI has no such path.',
	},
];

/** The DrChrono calls each special operation makes (`{path}` is the resource's collection path). */
export const CUSTOM_ENDPOINTS: Record<string, Array<{ path: string; method: string; access: 'read' | 'write' }>> = {
	'amendment.download': [{ path: '{path}/{id}', method: 'GET', access: 'read' }],
	'document.download': [{ path: '{path}/{id}', method: 'GET', access: 'read' }],
	'labDocument.download': [{ path: '{path}/{id}', method: 'GET', access: 'read' }],
	// The note's lock state and PDF are on the verbose appointment (Appointment.clinical_note).
	'clinicalNote.downloadPdf': [{ path: '/api/appointments/{id}', method: 'GET', access: 'read' }],
	'office.addExamRoom': [{ path: '{path}/{id}/add_exam_room', method: 'POST', access: 'write' }],
	'patient.addFlag': [
		{ path: '{path}/{id}', method: 'GET', access: 'read' },
		{ path: '{path}/{id}', method: 'PATCH', access: 'write' },
	],
	'user.getCurrent': [{ path: '{path}/current', method: 'GET', access: 'read' }],
	'iframeIntegration.register': [{ path: '{path}', method: 'POST', access: 'write' }],
	'iframeIntegration.unregister': [{ path: '{path}', method: 'DELETE', access: 'write' }],
	// Reads the quota guard of this n8n process; calls DrChrono not at all.
	'quota.getStatus': [],
};
