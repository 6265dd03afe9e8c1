/**
 * The signing secret `npm start -- --webhook` and `npm run webhook-receiver` share when none is
 * given: a Standard Webhooks secret (whsec_ and a base64 key), for this machine only.
 */
export const LOCAL_WEBHOOK_SECRET = 'whsec_bG9jYWwtZGV2LXdlYmhvb2sta2V5LW5vdC1mb3ItcHJvZCE=';
