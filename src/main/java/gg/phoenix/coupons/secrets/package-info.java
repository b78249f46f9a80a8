/**
 * Secrets at rest: the AEAD keyset (where it comes from, how an operator makes and rotates it), sealing and
 * opening each stored secret bound to its table, column and row, the list of columns that hold sealed secrets,
 * and the checks and rewrites that span them (which keys the stored secrets need, re-encryption under the
 * primary key). It knows the sealed columns by name but no business rule, and imports no verticle.
 */
package gg.phoenix.coupons.secrets;
