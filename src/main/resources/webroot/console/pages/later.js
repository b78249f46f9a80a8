import { el } from "../dom.js";

// Stats (redemptions over time, refusals by reason, top definitions) and batches (import, revoke a batch) get
// their pages here once the service answers them; the navigation already has their places.
export async function render(context) {
  return el("section", { class: "card" },
    el("h2", { text: context.page === "stats" ? "Stats" : "Batches" }),
    el("p", { class: "placeholder", text: "This page arrives with the service's stats and batch endpoints." }));
}
