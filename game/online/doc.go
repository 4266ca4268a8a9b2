// Package online is the game's side of the score server: one WebSocket
// connection speaking server/protocol, kept open in the background.
//
// A Client dials, says hello with the player's token, matches replies to
// requests by id, delivers the server's pushes (record, pot), resends the
// runs it was given until the server has stored them, and reconnects with a
// growing delay when the connection is lost. Everything happens in its own
// goroutines; the game never waits for it. The game calls the Client's
// methods, which only queue work, and reads what happened with Poll once a
// tick, so the network never touches simulation state and never holds up a
// frame.
//
// The connection goes through a Transport: the browser's WebSocket in
// js/wasm builds, gorilla/websocket elsewhere, or a test's own.
package online
