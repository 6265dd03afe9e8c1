import { randomBytes } from 'node:crypto';
import type { SandboxAccountInput, SandboxRequest } from '../../tools/sandbox';

/** Scripts the shared sandbox process: each test gets its own account (its own API key). */

export async function sandboxAccount(
  sandboxUrl: string,
  input: SandboxAccountInput,
): Promise<string> {
  // Random base64url, unlike the hex of request ids and UUIDs in logs: a leaked piece of it
  // cannot be mistaken for one of those.
  const apiKey = `dx_test_${randomBytes(24).toString('base64url')}`;
  const response = await fetch(`${sandboxUrl}/__sandbox/accounts/${apiKey}`, {
    method: 'PUT',
    body: JSON.stringify(input),
  });
  if (!response.ok) throw new Error(`the sandbox refused the account: ${response.status}`);
  return apiKey;
}

export async function sandboxRequests(
  sandboxUrl: string,
  apiKey: string,
): Promise<SandboxRequest[]> {
  const all = (await (await fetch(`${sandboxUrl}/__sandbox/requests`)).json()) as SandboxRequest[];
  return all.filter((r) => r.account === apiKey);
}

/** Revokes a key: the sandbox answers it 401 from then on, as DEXCHANGE does a rotated-out key. */
export async function revokeSandboxKey(sandboxUrl: string, apiKey: string): Promise<void> {
  const response = await fetch(`${sandboxUrl}/__sandbox/accounts/${encodeURIComponent(apiKey)}`, {
    method: 'DELETE',
  });
  if (!response.ok) throw new Error(`the sandbox refused to revoke the key: ${response.status}`);
}
