// Package loadgen is the score server's load generator, behind
// `arcade loadgen` and `make bench-server`. It speaks protocol version 1
// (server/protocol) over many WebSockets and measures three things:
//
//   - Idle: how many connections that said hello the server holds, and
//     what each costs in server memory (RSS from /proc).
//   - Submit: how many verified submissions per second the server stores,
//     and how fast it re-simulates runs compared with real time.
//   - Read: the latency of get_board with many connected readers while
//     submissions go on.
//
// It only ever targets loopback addresses (127.0.0.0/8 and ::1): it is a
// benchmark of this machine, not a tool to load someone else's server.
// Client sockets bind source addresses of their own in 127.0.0.0/8, a few
// hundred connections each, so that neither the ephemeral ports of one
// address nor the server's per-address connection cap get in the way.
package loadgen
