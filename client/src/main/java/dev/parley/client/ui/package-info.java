/**
 * Where the client meets the user: a {@link dev.parley.client.ui.Console} with a JLine version for
 * terminals and a plain one for pipes and scripts.
 */
package dev.parley.client.ui;
