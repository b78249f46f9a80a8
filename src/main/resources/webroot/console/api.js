// The console's calls: same-origin JSON under /console/api, the session cookie sent by the browser, and every change
// carrying the XSRF-TOKEN cookie's value in X-XSRF-TOKEN. A 401 sends the user to the sign-in page.
export class ApiError extends Error {
  constructor(status, body) {
    super(body && body.message ? body.message : `HTTP ${status}`);
    this.status = status;
    this.code = body && body.error;
  }
}

function csrfToken() {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("XSRF-TOKEN="));
  return cookie ? decodeURIComponent(cookie.slice("XSRF-TOKEN=".length)) : "";
}

export async function call(method, path, body, { redirectOnSignOut = true } = {}) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-XSRF-TOKEN"] = csrfToken();
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`/console/api${path}`, {
    method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text && (response.headers.get("Content-Type") || "").includes("json") ? JSON.parse(text) : null;
  if (response.status === 401 && redirectOnSignOut) {
    location.assign("/console/sign-in.html");
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

export const get = (path) => call("GET", path);
export const post = (path, body) => call("POST", path, body === undefined ? {} : body);
export const patch = (path, body) => call("PATCH", path, body);
export const del = (path) => call("DELETE", path);
