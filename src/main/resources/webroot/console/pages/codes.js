import { get, post } from "../api.js";
import { clear, el, message } from "../dom.js";

const POLL_MS = 300;

/** Follows a generation job until it is done or failed, moving the progress bar. */
async function follow(jobId, bar, label) {
  for (;;) {
    const job = await get(`/jobs/${jobId}`);
    bar.value = Math.round(job.progress * 100);
    label.textContent = `${job.done} / ${job.total} codes (${Math.round(job.progress * 100)} %) · ${job.status}`;
    if (job.status === "done" || job.status === "failed") return job;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

export async function render(context) {
  const definitions = (await get("/definition-overview?limit=1000")).definitions.filter((d) => d.status !== "archived");
  const status = el("div", { id: "status" });
  const choice = el("select", { id: "codes-definition" },
    definitions.map((d) => el("option", { value: d.id, text: `${d.name} (${d.status})` })));
  const exportLink = el("a", { id: "codes-export", text: "Export CSV" });
  const syncExport = () => exportLink.setAttribute("href", `/console/api/definitions/${choice.value}/coupons/export`);
  choice.addEventListener("change", syncExport);
  syncExport();
  const section = el("section", { class: "card" }, el("h2", { text: "Codes" }),
    el("p", {}, el("label", { for: "codes-definition", text: "Definition " }), choice, " ", exportLink), status);
  if (!context.may("editor")) return section;

  const count = el("input", { id: "codes-count", type: "number", min: 1, max: 1000000, value: 1000 });
  const bar = el("progress", { id: "codes-progress", max: 100, value: 0 });
  const label = el("span", { id: "codes-progress-text" });
  const generate = el("form", { id: "codes-generate" }, el("label", { for: "codes-count", text: "Codes to make " }), count,
    " ", el("button", { type: "submit", class: "edit-control", id: "codes-start", text: "Generate" }), el("p", {}, bar, " ", label));
  generate.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const answer = await post(`/definitions/${choice.value}/coupons`, { count: Number(count.value) });
      if (answer.job_id) {
        const job = await follow(answer.job_id, bar, label);
        clear(status, message(job.status === "done" ? `Made ${job.total} codes` : `The job failed: ${job.error}`, job.status === "done" ? "info" : "error"));
      } else {
        bar.value = 100;
        label.textContent = `${answer.total} / ${answer.total} codes (100 %) · done`;
        clear(status, message(`Made ${answer.total} codes`));
      }
    } catch (err) {
      clear(status, message(err.message, "error"));
    }
  });

  const couponId = el("input", { id: "revoke-id", placeholder: "coupon id", size: 38 });
  const revoke = el("form", { id: "codes-revoke" }, el("label", { for: "revoke-id", text: "Revoke one code " }), couponId,
    " ", el("button", { type: "submit", class: "edit-control", text: "Revoke" }));
  revoke.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!confirm(`Revoke coupon ${couponId.value}? Its player can no longer redeem it.`)) return;
    try {
      await post(`/coupons/${encodeURIComponent(couponId.value.trim())}/revoke`);
      clear(status, message("Revoked"));
    } catch (err) {
      clear(status, message(err.message, "error"));
    }
  });
  section.append(el("h3", { text: "Generate" }), generate, el("h3", { text: "Revoke" }), revoke);
  return section;
}
