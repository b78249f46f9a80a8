import { del, get, post } from "../api.js";
import { clear, el, message, table } from "../dom.js";

const EVENT_TYPES = ["coupon.redeemed", "coupon.redemption_rolled_back", "coupon.revoked", "coupon.generation_completed"];

export async function render(context) {
  const status = el("div", { id: "status" });
  const list = el("div", { id: "webhooks" });
  const deliveries = el("div", { id: "deliveries" });
  const retry = (hook, delivery) => async () => {
    try {
      await post(`/webhooks/${hook.id}/deliveries/${delivery.id}/retry`);
      clear(status, message(`Delivery of ${delivery.event_type} sent again`));
    } catch (err) {
      clear(status, message(err.message, "error"));
    }
    await showDeliveries(hook)();
  };
  const showDeliveries = (hook) => async () => {
    const page = await get(`/webhooks/${hook.id}/deliveries?limit=50`);
    const columns = [
      { title: "Event", cell: (d) => d.event_type },
      { title: "Status", cell: (d) => d.status },
      { title: "Attempts", cell: (d) => d.attempt_count },
      { title: "Next attempt", cell: (d) => d.next_attempt_at || "" },
      { title: "Last answer", cell: (d) => { const last = (d.attempts || []).at(-1); return last ? JSON.stringify(last) : ""; } },
    ];
    if (context.may("owner")) {
      columns.push({ title: "", cell: (d) => d.status === "delivered" ? ""
        : el("button", { class: "edit-control retry-delivery", onclick: retry(hook, d), text: "Retry now" }) });
    }
    clear(deliveries, el("h3", { text: `Recent deliveries to ${hook.url}` }), table(columns, page.deliveries || []));
  };
  const refresh = async () => {
    const page = await get("/webhooks");
    const columns = [
      { title: "URL", cell: (h) => h.url },
      { title: "Events", cell: (h) => (h.event_types || []).join(", ") },
      { title: "Since", cell: (h) => h.created_at },
      { title: "", cell: (h) => el("button", { onclick: showDeliveries(h), text: "Deliveries" }) },
    ];
    if (context.may("owner")) {
      columns.push({ title: "", cell: (h) => el("button", { class: "edit-control", text: "Delete", onclick: async () => {
        if (!confirm(`Stop sending events to ${h.url}?`)) return;
        await del(`/webhooks/${h.id}`);
        await refresh();
      } }) });
    }
    clear(list, table(columns, page.webhooks || []));
  };
  await refresh();
  const section = el("section", { class: "card" }, el("h2", { text: "Webhooks" }), status, list, deliveries,
    el("p", { class: "placeholder", text: "A failed delivery is retried on its schedule (docs/events.md); an owner may retry one at once." }));
  if (context.may("owner")) {
    const url = el("input", { id: "hook-url", type: "url", size: 50, required: true });
    const boxes = EVENT_TYPES.map((type) => el("label", {}, el("input", { type: "checkbox", value: type, checked: true }), ` ${type} `));
    const form = el("form", { id: "hook-create" }, el("label", { for: "hook-url", text: "URL " }), url, el("p", {}, boxes),
      el("button", { type: "submit", class: "edit-control", text: "Add endpoint" }));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        const created = await post("/webhooks", { url: url.value,
          event_types: [...form.querySelectorAll("input[type=checkbox]:checked")].map((b) => b.value) });
        clear(status, message(`Added. Its signing secret, shown this once: ${created.signing_secret}`));
        await refresh();
      } catch (err) {
        clear(status, message(err.message, "error"));
      }
    });
    section.append(el("h3", { text: "New endpoint" }), form);
  }
  return section;
}
