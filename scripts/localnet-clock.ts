// The embedded chain's test-only clock control (`hex_advanceClock`): moves
// its clock forward and returns the new unix time.
export async function advanceClock(url: string, seconds: number): Promise<number> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "hex_advanceClock", params: [seconds] }),
  });
  const body = (await response.json()) as { result?: number; error?: unknown };
  if (body.result === undefined) throw new Error(`hex_advanceClock failed: ${JSON.stringify(body.error)}`);
  return body.result;
}
