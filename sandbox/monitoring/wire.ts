/** The Cloud Run stand-in's Google wire helpers serve the Monitoring stand-in too (the same error shape, AIP-193). */
export { ApiError, sendGoogleError } from '../cloud-run/wire.js';
export { sendJson } from '../http.js';
