/** One hour: DrChrono's quota window, and the default of the credential's Quota Window. */
export const HOUR_MS = 3_600_000;
