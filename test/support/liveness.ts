/**
 * Real-person verification against the emulator, as a person's phone would finish it: the simulated H5 step over
 * HTTP, and a verified LivenessFace group through the project's whole flow (provider/liveness.ts).
 */
import { expect } from "vitest";
import type { GatewayClient } from "../../provider/client.js";
import { verifyRealPerson } from "../../provider/liveness.js";
import type { EmulatorHandle } from "../../emulator/server.js";

/** The callback URL the tests' sessions name. */
export const CALLBACK = "https://app.example.com/verified";

/** The simulated H5 step, as a person's phone would finish it: the admin call over HTTP. */
export async function completeH5(e: EmulatorHandle, token: string, body: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${e.url}/_emulator/visual-validate/${token}/complete`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** A verified LivenessFace group of face `face`, through the whole flow; resolves with its id. */
export async function verifiedGroup(e: EmulatorHandle, client: GatewayClient, face: string): Promise<string> {
  return verifyRealPerson(client, {
    callbackUrl: CALLBACK,
    pollIntervalMs: 10,
    onSession: async (session) => {
      expect((await completeH5(e, session.bytedToken, { face })).status).toBe(200);
    },
  });
}
