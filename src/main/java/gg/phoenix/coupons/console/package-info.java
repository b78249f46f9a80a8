/**
 * The studio console's users: invitations, Argon2id passwords, sign-in and roles, over the event bus. Knows no
 * HTTP and no session: the console's routes (http.console) keep the sessions and decide what a role may do.
 */
package gg.phoenix.coupons.console;
