// The console's shell: who is signed in, the navigation, and one module per page (pages/*.js), chosen by the
// address's fragment. Controls that change something are shown only to roles that may use them; the API checks
// the role again, whatever the page shows.
import { get, post } from "./api.js";
import { clear, el, message } from "./dom.js";

const PAGES = {
  definitions: () => import("./pages/definitions.js"),
  codes: () => import("./pages/codes.js"),
  stats: () => import("./pages/stats.js"),
  batches: () => import("./pages/batches.js"),
  players: () => import("./pages/players.js"),
  webhooks: () => import("./pages/webhooks.js"),
  users: () => import("./pages/users.js"),
  audit: () => import("./pages/audit.js"),
};
const RANK = { viewer: 0, editor: 1, owner: 2 };

async function show(session) {
  const name = PAGES[location.hash.slice(1)] ? location.hash.slice(1) : "definitions";
  for (const link of document.querySelectorAll("#nav a")) {
    link.classList.toggle("current", link.getAttribute("href") === `#${name}`);
  }
  const page = document.getElementById("page");
  const context = { session, may: (role) => RANK[session.role] >= RANK[role], page: name };
  try {
    const module = await PAGES[name]();
    clear(page, await module.render(context));
  } catch (err) {
    clear(page, message(err.message, "error"));
  }
}

const session = await get("/session");
document.body.dataset.role = session.role;
clear(document.getElementById("who"), el("span", { text: `${session.email} · ${session.role} · ${session.tenant_id}` }));
document.getElementById("sign-out").addEventListener("click", async () => {
  await post("/sign-out");
  location.assign("/console/sign-in.html");
});
window.addEventListener("hashchange", () => show(session));
show(session);
