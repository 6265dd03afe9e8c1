import { randomUUID } from 'node:crypto';
import type { SandboxAccountInput, SandboxRequest } from '../../lambda/local/sandbox';

/** Scripts the shared sandbox process: each test gets its own account (its own API key). */

export async function sandboxAccount(
  sandboxUrl: string,
  input: SandboxAccountInput,
): Promise<string> {
  const apiKey = `dx_test_${randomUUID().replace(/-/g, '')}`;
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
