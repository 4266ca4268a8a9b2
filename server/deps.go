package server

// The server speaks WebSocket through gorilla/websocket (see
// docs/architecture.md). It is pinned in go.mod now, before the server
// issue builds on it, so that every part of the stack is fixed from the
// first commit; this import keeps `go mod tidy` from dropping it.
import _ "github.com/gorilla/websocket"
