// Package verify re-simulates submitted runs to decide their score: the
// server never trusts a score a client claims. A run is ranked only if
// replaying its recorded inputs on the server's own copy of the level
// reaches the state hashes the client recorded.
//
// # Pieces
//
//   - [Verifier] is what the hub calls: Verify takes a [Job] (an encoded
//     engine/replay record and who sent it) and returns a [Result] (the
//     score, ticks, outcome and pot contribution the server itself found,
//     and the quiz answers seen), or an error.
//   - [Admit] refuses, before anything is played, what can never be
//     ranked: a malformed record, another engine version, an unknown level
//     or another version of it, the wrong seed, a run longer than the level
//     allows. The hub admits a run this way before queueing it.
//   - [Pool] verifies runs in worker processes (`arcade verify-worker`,
//     whose main loop is [Serve]), one job at a time each, under a wall
//     deadline, a CPU limit (RLIMIT_CPU, [ExitCPULimit]), a memory limit
//     ([LimitMemory]) and a lower CPU priority: a hostile level or replay
//     can only ever cost one worker, which is then replaced.
//   - [Scheduler] shares a Verifier fairly: a fair queue by address then
//     player, and per-player and per-address CPU budgets; a job over
//     budget or finding the queue full gets a [*Busy] with the time to
//     wait.
//   - [Local] verifies in the calling process, for tests and tools only.
//   - [Library] says where workers find levels ([Builtin] for the levels
//     built into the binary, plus community packages).
//
// # Errors
//
// A run that cannot be accepted gets a [*Refusal] whose [Reason] is
// stable (the protocol's errors and the metrics use it): malformed,
// diverged, timeout, crashed, copied… A job that may be sent again later
// gets a [*Busy] (errors.Is [ErrQueueFull] when the queue was full). Any
// other error is the verifier's own failure ([ErrClosed], a context that
// ended) and says nothing about the run.
//
// # What it never does
//
// It never takes a score, outcome or state hash from the client without
// replaying the inputs; it never runs a level's script in the server's
// own process ([Local] aside); it keeps no state on disk and logs no
// player identity: [Job].Player and [Job].Addr are opaque keys held in
// memory only.
package verify
