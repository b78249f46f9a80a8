-- A bundle's reward items, all of them in order (the first is also reward_item_id), each as a coupon shows it:
-- reward items never change, so the copy stays exact, and the statement that writes a coupon.redeemed event
-- reads them from the definition's row. NULL for a definition of one reward item.
ALTER TABLE coupon_definitions ADD COLUMN reward_items jsonb
  CHECK (reward_items IS NULL OR jsonb_typeof(reward_items) = 'array');
