// >>> clients.md: typescript hook
import type { FetchParams, Middleware, RequestContext } from "./client";

const encoder = new TextEncoder();

/** Signs every request of the generated client as the coupon service's tenantHmac scheme says. */
export function hmacSigning(tenantId: string, secret: string): Middleware {
  const key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  let second = "";
  let writes = new Set<string>(); // the writes signed in the current second
  async function sign(canonical: string): Promise<string> {
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await key, encoder.encode(canonical)));
    return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  return {
    async pre({ url, init }: RequestContext): Promise<FetchParams> {
      const target = new URL(url);
      const body = typeof init.body === "string" ? init.body : ""; // JSON bodies arrive serialised
      const method = init.method ?? "GET";
      for (;;) {
        const timestamp = Math.floor(Date.now() / 1000).toString();
        const signature = await sign(`${method}\n${target.pathname}${target.search}\n${timestamp}\n${body}`);
        if (timestamp !== second) {
          second = timestamp;
          writes = new Set<string>();
        }
        if (method === "GET" || method === "HEAD" || !writes.has(signature)) {
          writes.add(signature);
          const headers = { ...(init.headers as Record<string, string>), "X-Tenant-Id": tenantId,
            "X-Timestamp": timestamp, "X-Signature": `hmac-sha256=${signature}` };
          return { url, init: { ...init, headers } };
        }
        // the same write (a retry) signed again this second is the same signature, refused as a replay
        await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)));
      }
    },
  };
}
// <<< clients.md
