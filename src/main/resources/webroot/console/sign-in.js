import { call } from "./api.js";
import { clear, message } from "./dom.js";

// Asking who is signed in hands out the CSRF token the sign-in needs; someone signed in already goes on.
call("GET", "/session", undefined, { redirectOnSignOut: false }).then(() => location.assign("/console/"), () => {});

document.getElementById("sign-in").addEventListener("submit", async (event) => {
  event.preventDefault();
  const status = document.getElementById("status");
  try {
    await call("POST", "/sign-in", {
      email: document.getElementById("email").value,
      password: document.getElementById("password").value,
    }, { redirectOnSignOut: false });
    location.assign("/console/");
  } catch (err) {
    clear(status, message(err.message, "error"));
  }
});
