import { get, post } from "../api.js";
import { clear, el, message, table } from "../dom.js";

async function definitionChoice(id) {
  const definitions = (await get("/definition-overview?limit=1000")).definitions;
  return el("select", { id }, definitions.map((d) => el("option", { value: d.id, text: `${d.name} (${d.status})` })));
}

export async function render(context) {
  const status = el("div", { id: "status" });
  const list = el("div", { id: "batches" });
  const choice = await definitionChoice("batches-definition");
  const revoke = (batch) => async () => {
    if (!confirm(`Revoke the ${batch.remaining} codes of batch "${batch.label || batch.batch_id}" that can still be used?`)) return;
    try {
      const answer = await post(`/batches/${batch.batch_id}/revoke`);
      clear(status, message(answer.job_id ? "Revocation started as a job; reload to follow it" : "Batch revoked"));
      await refresh();
    } catch (err) {
      clear(status, message(err.message, "error"));
    }
  };
  const refresh = async () => {
    const page = await get(`/definitions/${choice.value}/batches?limit=1000`);
    const columns = [
      { title: "Label", cell: (b) => b.label || "" },
      { title: "Issued", cell: (b) => b.issued },
      { title: "Redeemed", cell: (b) => b.redeemed },
      { title: "Revoked", cell: (b) => b.revoked },
      { title: "Remaining", cell: (b) => b.remaining },
      { title: "Made", cell: (b) => b.created_at },
      { title: "", cell: (b) => el("a", { href: `/console/api/batches/${b.batch_id}/export`, text: "Export CSV" }) },
    ];
    if (context.may("editor")) {
      columns.push({ title: "", cell: (b) => el("button", { class: "edit-control", onclick: revoke(b), text: "Revoke batch" }) });
    }
    clear(list, table(columns, page.batches.map((b) => ({ ...b, id: b.batch_id }))));
  };
  choice.addEventListener("change", () => refresh().catch((err) => clear(status, message(err.message, "error"))));
  if (choice.value) await refresh();
  return el("section", { class: "card" }, el("h2", { text: "Batches" }),
    el("p", {}, el("label", { for: "batches-definition", text: "Definition " }), choice), status, list);
}
