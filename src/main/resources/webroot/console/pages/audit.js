import { get } from "../api.js";
import { el, table } from "../dom.js";

const json = (value) => el("pre", { text: value ? JSON.stringify(value, null, 1) : "" });

export async function render() {
  const body = el("div", { id: "audit" });
  const more = el("button", { id: "audit-more", text: "Older entries" });
  let cursor = null;
  const load = async () => {
    const page = await get(`/audit?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    body.append(table([
      { title: "When", cell: (e) => e.at },
      { title: "Who", cell: (e) => e.actor },
      { title: "What", cell: (e) => e.action },
      { title: "On", cell: (e) => e.target_id || "" },
      { title: "Before", cell: (e) => json(e.before) },
      { title: "After", cell: (e) => json(e.after) },
      { title: "Request id", cell: (e) => e.request_id || "" },
    ], page.entries));
    cursor = page.next_cursor;
    more.hidden = !cursor;
  };
  more.addEventListener("click", load);
  await load();
  return el("section", { class: "card" }, el("h2", { text: "Audit log" }), body, more);
}
