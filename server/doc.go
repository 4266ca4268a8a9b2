// Package server assembles the Communs Arcade server: the WebSocket hub on
// /ws (server/hub), the community levels' HTTP API on /api/ and their
// pages on /l/ (server/community), /healthz, /metrics in the Prometheus
// text format, and the web game on every other path (server/web). The score server verifies
// every submitted run by replaying its inputs in the same deterministic
// simulation before it ranks it; see docs/server.md.
package server
