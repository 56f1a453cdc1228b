/**
 * Bounds on what one interaction script (the Raft lab, `npm run conformance`) may ask for. etcd's
 * own scripts use a handful of nodes; a script asking for millions would freeze the page.
 */

/** Nodes one interaction environment may hold (all add-nodes commands together). */
export const maxInteractionNodes = 64;
