/**
 * Tenants' webhook endpoints and the delivery of events to them: registration, signing-secret rotation and retrying a
 * delivery at once ({@link gg.phoenix.coupons.webhook.WebhookVerticle}), and sending with signatures, retries, fair shares between
 * tenants and error categories ({@link gg.phoenix.coupons.webhook.WebhookSenderVerticle}). Where it may connect is
 * egress's decision; which events exist is events'.
 */
package gg.phoenix.coupons.webhook;
