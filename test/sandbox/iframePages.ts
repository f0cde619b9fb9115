/**
 * DrChrono's own pages that show apps' iframes, reduced to what an iframe app sees: a patient chart
 * (`GET /patients/{id}`) and a clinical note page (`GET /clinical_notes/{id}`, id = the note's id,
 * which is its appointment's id). Each embeds the Patient Iframe / Clinical Notes Iframe of every
 * API application that has one configured (`SandboxApp.patientIframe` / `clinicalNoteIframe`) and
 * that the viewing doctor is registered with (`POST /api/iframe_integration`), the way DrChrono's
 * docs describe it (S2 "iframe integration"):
 *
 *   <iframe_url>?doctor_id=<doctor_id>&patient_id=<patient_id>&practice_id=<practice_id>&iat=<iat>&jwt=<jwt>
 *
 * where `jwt` holds the same four values, signed HS256 with the app's client secret (PyJWT's
 * encoding: header {"typ":"JWT","alg":"HS256"}, unpadded base64url). `iat` comes from the sandbox
 * clock. The docs show the URL for the patient page only; the clinical note page gets the same
 * parameters here (nothing else is documented). When the configured URL already has a query, the
 * parameters are appended with `&` (undocumented; DrChrono's behaviour is unknown).
 *
 * The viewer is the sandbox's logged-in user's doctor (`store.meta.primaryDoctorId`), or
 * `?doctor=<id>` to look as another doctor of the practice. No login: the sandbox is local.
 */
import { createHmac } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { escapeHtml, sendHtml } from './http';
import type { SandboxRuntime } from './runtime';
import type { ApiObject } from './store';
import type { SandboxApp } from './types';

const PAGE = /^\/(patients|clinical_notes)\/(\d+)\/?$/;

/** Default iframe height when the app's configuration has none (DrChrono asks for one). */
export const DEFAULT_IFRAME_HEIGHT = 600;

/** Whether a request is for one of the pages here. */
export function isIframePage(method: string | undefined, pathname: string): boolean {
	return (method === 'GET' || method === 'HEAD') && PAGE.test(pathname);
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** An HS256 JWT as DrChrono makes it for an iframe (PyJWT `jwt.encode(claims, client_secret)`). */
export function signIframeJwt(claims: Record<string, unknown>, clientSecret: string): string {
	const input = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }))}.${b64url(JSON.stringify(claims))}`;
	return `${input}.${createHmac('sha256', clientSecret).update(input).digest('base64url')}`;
}

export interface IframeClaims {
	doctor_id: number;
	patient_id: number;
	practice_id: number;
	iat: number;
}

/** The iframe's src: the configured URL with the four values and the token that holds them. */
export function iframeSrc(baseUrl: string, claims: IframeClaims, clientSecret: string): string {
	const params = new URLSearchParams({
		doctor_id: String(claims.doctor_id),
		patient_id: String(claims.patient_id),
		practice_id: String(claims.practice_id),
		iat: String(claims.iat),
		jwt: signIframeJwt({ ...claims }, clientSecret),
	});
	return `${baseUrl}${baseUrl.includes('?') ? '&' : '?'}${params.toString()}`;
}

type Kind = 'patient' | 'clinical_note';

const settingOf = (app: SandboxApp, kind: Kind) => (kind === 'patient' ? app.patientIframe : app.clinicalNoteIframe);

export class IframePages {
	constructor(private readonly rt: SandboxRuntime) {}

	handle(res: ServerResponse, url: URL): void {
		const match = PAGE.exec(url.pathname) as RegExpExecArray;
		const id = Number(match[2]);
		const store = this.rt.store;
		const doctorParam = url.searchParams.get('doctor');
		const doctorId = doctorParam && /^\d+$/.test(doctorParam) ? Number(doctorParam) : store.meta.primaryDoctorId;
		const doctor = store.collection('doctors').get(doctorId);
		if (!doctor) return sendHtml(res, 404, page('Not found', '<p>No such doctor in this practice.</p>'));

		if (match[1] === 'patients') {
			const patient = store.collection('patients').get(id);
			if (!patient) return sendHtml(res, 404, page('Not found', '<p>No such patient.</p>'));
			const body = `${patientHeader(patient)}${this.apps('patient', doctor, patient)}`;
			return sendHtml(res, 200, page(`${fullName(patient)} – Patient chart`, body));
		}

		const note = store.collection('clinical_notes').get(id);
		const patient = note ? store.collection('patients').get(Number(note.patient)) : undefined;
		if (!note || !patient) return sendHtml(res, 404, page('Not found', '<p>No such clinical note.</p>'));
		const sections = (note.clinical_note_sections as Array<{ name?: string; values?: Array<{ value?: unknown }> }>) ?? [];
		const noteHtml = [
			`<h2>Clinical note, ${escapeHtml(String(note.date_of_service ?? ''))}${note.locked ? ' (locked)' : ''}</h2>`,
			...sections.map(
				(s) =>
					`<h3>${escapeHtml(String(s.name ?? ''))}</h3>${(s.values ?? []).map((v) => `<p>${escapeHtml(String(v.value ?? ''))}</p>`).join('')}`,
			),
		].join('');
		const body = `${patientHeader(patient)}${noteHtml}${this.apps('clinical_note', doctor, patient)}`;
		return sendHtml(res, 200, page(`${fullName(patient)} – Clinical note`, body));
	}

	/** The iframes of the apps the doctor is registered with, or a hint saying why there are none. */
	private apps(kind: Kind, doctor: ApiObject, patient: ApiObject): string {
		const registrations = this.rt.store.collection('iframe_integration');
		const configured = [...this.rt.auth.apps.values()].filter((app) => settingOf(app, kind)?.url);
		const shown = configured.filter((app) => registrations.find((r) => r.client_id === app.clientId && r.doctor === doctor.id));
		const section = kind === 'patient' ? 'Patient Iframe' : 'Clinical Notes Iframe';
		if (shown.length === 0) {
			const why =
				configured.length === 0
					? `No API application has a ${section} URL (set one with POST /_sandbox/apps {clientId, ${kind === 'patient' ? 'patientIframe' : 'clinicalNoteIframe'}: {url, height}}).`
					: `Dr. ${String(doctor.last_name)} (doctor ${doctor.id}) is not registered with ${configured.map((a) => a.clientId).join(', ')}: POST /api/iframe_integration with that doctor's access token.`;
			return `<section class="apps"><p class="hint">${escapeHtml(why)}</p></section>`;
		}
		const claimsBase = {
			doctor_id: doctor.id,
			patient_id: patient.id,
			practice_id: this.rt.store.meta.practiceGroup,
			iat: Math.floor(this.rt.clock.now() / 1000),
		};
		return shown
			.map((app) => {
				const setting = settingOf(app, kind) as { url: string; height?: number };
				const src = iframeSrc(setting.url, claimsBase, app.clientSecret);
				const height = setting.height && setting.height > 0 ? setting.height : DEFAULT_IFRAME_HEIGHT;
				return `<section class="apps"><h2>${escapeHtml(app.clientId)}</h2><iframe class="app-iframe" data-client-id="${escapeHtml(app.clientId)}" title="${escapeHtml(app.clientId)}" src="${escapeHtml(src)}" height="${height}"></iframe></section>`;
			})
			.join('');
	}
}

function fullName(patient: ApiObject): string {
	return `${String(patient.first_name ?? '')} ${String(patient.last_name ?? '')}`.trim();
}

function patientHeader(patient: ApiObject): string {
	return `<header><h1>${escapeHtml(fullName(patient))}</h1><p>Patient ${patient.id} · Chart ${escapeHtml(String(patient.chart_id ?? ''))} · Born ${escapeHtml(String(patient.date_of_birth ?? ''))}</p></header>`;
}

function page(title: string, body: string): string {
	return [
		'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">',
		`<title>${escapeHtml(title)}</title>`,
		'<style>body{font-family:system-ui,sans-serif;margin:0;padding:1rem 1.5rem;color:#222}header{border-bottom:1px solid #ddd;margin-bottom:1rem}',
		'.apps{margin-top:1.5rem}.app-iframe{width:100%;border:1px solid #ccc}.hint{color:#a60}</style>',
		`</head><body><p><small>DrChrono sandbox</small></p>${body}</body></html>`,
	].join('');
}
