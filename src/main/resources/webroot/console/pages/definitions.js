import { get, patch, post } from "../api.js";
import { clear, el, message, table } from "../dom.js";

function limitText(config) {
  const limit = config.usage_limit || {};
  if (limit.limit_type === "unlimited") return "unlimited";
  if (limit.limit_type === "global") return `${limit.max_uses} in total`;
  return `${limit.max_uses} per player` + (limit.max_total_uses ? `, ${limit.max_total_uses} in total` : "");
}

function field(label, input) {
  return [el("label", { for: input.id, text: label }), input];
}

function createForm(items, status, refresh) {
  const input = (id, attrs = {}) => el("input", { id, ...attrs });
  const select = (id, options) => el("select", { id }, options.map(([value, text]) => el("option", { value, text })));
  const form = el("form", { class: "grid", id: "create-definition" },
    field("Name", input("def-name", { required: true, maxlength: 200 })),
    field("Description", input("def-description", { maxlength: 2000 })),
    field("Reward item", select("def-item", items.map((i) => [i.item_id || i.id, `${i.name} (${i.reward_type})`]))),
    field("Coupon type", input("def-type", { value: "reward" })),
    field("Code format", select("def-format", [["random", "random"], ["pattern", "pattern"], ["fixed", "one public code"]])),
    field("Code prefix (random)", input("def-prefix")),
    field("Code length (random)", input("def-length", { type: "number", min: 4, max: 32 })),
    field("Pattern (# = random)", input("def-pattern", { placeholder: "GIFT-####-####" })),
    field("Public code (fixed)", input("def-code")),
    field("Case sensitive", input("def-case", { type: "checkbox" })),
    field("Usage limit", select("def-limit", [["per_user", "per player"], ["global", "in total"], ["unlimited", "unlimited"]])),
    field("Max uses", input("def-max", { type: "number", min: 1, value: 1 })),
    field("Max total uses (per player limit)", input("def-total", { type: "number", min: 1 })),
    field("Starts at", input("def-starts", { type: "datetime-local" })),
    field("Expires at", input("def-expires", { type: "datetime-local" })),
    el("span"), el("button", { type: "submit", id: "def-create", text: "Create definition" }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const value = (id) => document.getElementById(id).value.trim();
    const number = (id) => (value(id) === "" ? undefined : Number(value(id)));
    const time = (id) => (value(id) === "" ? undefined : new Date(value(id)).toISOString().replace(/\.\d{3}Z$/, "Z"));
    const config = {
      reward_item_id: value("def-item"), coupon_type: value("def-type") || undefined, code_format: value("def-format"),
      case_sensitive: document.getElementById("def-case").checked,
      usage_limit: { limit_type: value("def-limit"), max_uses: number("def-max"), max_total_uses: number("def-total") },
    };
    if (config.code_format === "random") Object.assign(config, { code_prefix: value("def-prefix") || undefined, code_length: number("def-length") });
    if (config.code_format === "pattern") config.pattern = value("def-pattern");
    if (config.code_format === "fixed") config.code = value("def-code");
    try {
      const created = await post("/definitions", {
        name: value("def-name"), description: value("def-description") || undefined, config,
        starts_at: time("def-starts"), expires_at: time("def-expires"),
      });
      clear(status, message(`Created ${created.name}`));
      refresh();
    } catch (err) {
      clear(status, message(err.message, "error"));
    }
  });
  return form;
}

function itemForm(status) {
  const form = el("form", { class: "grid", id: "create-item" },
    field("Name", el("input", { id: "item-name", required: true, maxlength: 200 })),
    field("Reward type", el("input", { id: "item-type", value: "points" })),
    field("Payload (JSON)", el("input", { id: "item-payload", value: '{"amount": 100}' })),
    el("span"), el("button", { type: "submit", id: "item-create", text: "Create reward item" }));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const payload = JSON.parse(document.getElementById("item-payload").value || "{}");
      await post("/reward-items", { name: document.getElementById("item-name").value,
        reward_type: document.getElementById("item-type").value, payload });
      location.reload();
    } catch (err) {
      clear(status, message(err.message, "error"));
    }
  });
  return form;
}

function actions(def, status, refresh) {
  const change = (body, done) => async () => {
    try {
      await patch(`/definitions/${def.id}`, body);
      clear(status, message(done));
      refresh();
    } catch (err) {
      clear(status, message(err.message, "error"));
    }
  };
  const rename = async () => {
    const name = prompt("New name", def.name);
    if (name !== null) await change({ name }, "Renamed")();
  };
  return el("span", {},
    def.status === "active" ? el("button", { class: "edit-control pause", onclick: change({ status: "paused" }, "Paused"), text: "Pause" })
      : def.status === "paused" ? el("button", { class: "edit-control resume", onclick: change({ status: "active" }, "Resumed"), text: "Resume" }) : null,
    def.status !== "archived" ? el("button", { class: "edit-control archive", onclick: change({ status: "archived" }, "Archived"), text: "Archive" }) : null,
    el("button", { class: "edit-control rename", onclick: rename, text: "Rename" }));
}

export async function render(context) {
  const status = el("div", { id: "status" });
  const list = el("div", { id: "definitions" });
  const section = el("section", { class: "card" }, el("h2", { text: "Definitions" }), status, list);
  const refresh = async () => {
    const page = await get("/definition-overview?limit=1000");
    const columns = [
      { title: "Name", cell: (d) => el("span", { class: "name", text: d.name }) },
      { title: "Status", cell: (d) => d.status },
      { title: "Usage limit", cell: (d) => limitText(d.config || {}) },
      { title: "Remaining", cell: (d) => (d.remaining_uses === null ? "no cap" : `${d.remaining_uses} of ${d.total_uses_cap}`) },
      { title: "Expires", cell: (d) => d.expires_at || "never" },
      { title: "Id", cell: (d) => el("code", { text: d.id }) },
    ];
    if (context.may("editor")) columns.push({ title: "", cell: (d) => actions(d, status, refresh) });
    clear(list, table(columns, page.definitions), el("p", { text: `${page.total} definitions` }));
  };
  await refresh();
  if (context.may("editor")) {
    const items = (await get("/reward-items?limit=1000")).reward_items;
    section.append(el("h3", { text: "New definition" }), createForm(items, status, refresh),
      el("h3", { text: "New reward item" }), itemForm(status));
  }
  return section;
}
