// >>> clients.md: typescript hook
import type { FetchParams, Middleware, RequestContext } from "./client";

const encoder = new TextEncoder();

/** Signs every request of the generated client as the coupon service's tenantHmac scheme says. */
export function hmacSigning(tenantId: string, secret: string): Middleware {
  const key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return {
    async pre({ url, init }: RequestContext): Promise<FetchParams> {
      const target = new URL(url);
      const body = typeof init.body === "string" ? init.body : ""; // JSON bodies arrive serialised
      const timestamp = Math.floor(Date.now() / 1000).toString();
      const canonical = `${init.method}\n${target.pathname}${target.search}\n${timestamp}\n${body}`;
      const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await key, encoder.encode(canonical)));
      const signature = Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
      const headers = { ...(init.headers as Record<string, string>), "X-Tenant-Id": tenantId,
        "X-Timestamp": timestamp, "X-Signature": `hmac-sha256=${signature}` };
      return { url, init: { ...init, headers } };
    },
  };
}
// <<< clients.md
