/**
 * The configuration: conf/config.json, then environment variables, then deployment options, merged by
 * {@link gg.phoenix.coupons.config.ConfigLoader} and read into {@link gg.phoenix.coupons.config.ServiceConfig} (what
 * the service serves) and {@link gg.phoenix.coupons.config.DeployConfig} (how it runs), once, by MainVerticle, which
 * hands the records to the verticles. Yes-or-no keys share one reading. A bad value stops start-up with one line
 * naming its key. Reads keys and nothing else: no client, no verticle, no business rule.
 */
package gg.phoenix.coupons.config;
