import { call } from "./api.js";
import { clear, el, message } from "./dom.js";

// The token travels in the link's fragment, which browsers never send to a server; it leaves the address bar at once.
const token = new URLSearchParams(location.hash.slice(1)).get("token") || "";
history.replaceState(null, "", location.pathname);
// Asking who is signed in hands out the CSRF token the change needs (a 401 is expected).
call("GET", "/session", undefined, { redirectOnSignOut: false }).catch(() => {});

document.getElementById("set-password").addEventListener("submit", async (event) => {
  event.preventDefault();
  const status = document.getElementById("status");
  const password = document.getElementById("password").value;
  if (password !== document.getElementById("again").value) {
    clear(status, message("The two passwords differ", "error"));
    return;
  }
  try {
    await call("POST", "/invitations/accept", { token, password }, { redirectOnSignOut: false });
    clear(status, message("Password set."), el("a", { href: "/console/sign-in.html", text: "Sign in" }));
  } catch (err) {
    clear(status, message(err.message, "error"));
  }
});
