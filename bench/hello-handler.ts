/**
 * The smallest Function URL handler: what the public endpoints' cold response is measured
 * against (bench/endpoints.ts), bundled the same way as they are. Not product code.
 */
export function handler(): Promise<{
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}> {
  return Promise.resolve({
    statusCode: 200,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    body: 'hello',
  });
}
