// Package protocol is the language the game and the server speak over the
// WebSocket endpoint /ws: the messages, their type tags, their size limits
// and the error codes. It is the only package of the server that the game
// imports; docs/protocol.md describes the same thing for clients written in
// other languages.
//
// Every WebSocket message is one binary frame holding one MessagePack map,
// the Envelope: a type tag, a request id and the body. Encode and Decode go
// from a Message to a frame and back, and Decode refuses what the protocol
// does not allow (unknown types, oversize fields, trailing bytes) with an
// *Error whose Code says what went wrong.
package protocol
