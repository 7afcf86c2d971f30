/** Wire records of Guard's HTTP/2 protocol and their codec, shared by the driver and the server. */
package dev.guard.protocol;
