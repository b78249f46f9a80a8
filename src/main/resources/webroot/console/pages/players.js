import { get, post } from "../api.js";
import { clear, el, message, table } from "../dom.js";

export async function render(context) {
  const status = el("div", { id: "status" });
  const results = el("div", { id: "player-results" });
  const player = el("input", { id: "player-id", placeholder: "player id", required: true });
  const form = el("form", { id: "player-lookup" }, el("label", { for: "player-id", text: "Player " }), player,
    " ", el("button", { type: "submit", text: "Look up" }));
  const lookUp = async () => {
    const id = encodeURIComponent(player.value.trim());
    const [coupons, redemptions] = await Promise.all([get(`/user/${id}?limit=100`), get(`/user/${id}/redemptions`)]);
    const rollback = (r) => async () => {
      const reason = prompt("Why roll this redemption back?");
      if (!reason) return;
      try {
        await post(`/redemptions/${r.redemption_id}/rollback`, { reason });
        clear(status, message("Rolled back"));
        await lookUp();
      } catch (err) {
        clear(status, message(err.message, "error"));
      }
    };
    const redemptionColumns = [
      { title: "Code", cell: (r) => r.code },
      { title: "Definition", cell: (r) => r.definition_name },
      { title: "Redeemed", cell: (r) => r.redeemed_at },
      { title: "Redemption", cell: (r) => el("code", { text: r.redemption_id || "" }) },
    ];
    if (context.may("editor")) {
      redemptionColumns.push({ title: "", cell: (r) => el("button", { class: "edit-control", onclick: rollback(r), text: "Roll back" }) });
    }
    clear(results,
      el("h3", { text: `Coupons (${coupons.total})` }),
      table([
        { title: "Code", cell: (c) => c.code },
        { title: "Definition", cell: (c) => c.definition_name },
        { title: "Status", cell: (c) => c.status },
        { title: "Uses", cell: (c) => c.redemption_count },
        { title: "Coupon id", cell: (c) => el("code", { text: c.id }) },
      ], coupons.coupons),
      el("h3", { text: `Redemptions (${redemptions.total})` }),
      table(redemptionColumns, redemptions.redemptions));
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await lookUp();
    } catch (err) {
      clear(status, message(err.message, "error"));
    }
  });
  return el("section", { class: "card" }, el("h2", { text: "Player lookup" }), form, status, results);
}
