/** IRC message model, parser and serializer. */
package dev.parley.protocol;
