// Package online is the game's side of the score server: one WebSocket
// connection speaking server/protocol, kept open in the background.
//
// # Use
//
// [New] starts a [Client] from a [Config] (the server's address, the
// player's token from [NewToken], a pseudonym for a new player). The game
// calls the Client's methods, which only queue work and return at once —
// [Client.Submit] and [Client.SubmitRun] for finished runs, [Client.GetBoard],
// [Client.Watch], [Client.SetPseudonym], [Client.Join] and [Client.Leave]
// for a class — and once a tick reads what happened with [Client.Poll]: a
// list of events ([Welcomed], [Submitted], [SubmitFailed], [BoardReceived],
// [RecordPushed], [StatusChanged]…). Requests return an id that the event
// answering them carries. [Client.Close] stops it.
//
// # Guarantees
//
//   - The game never waits on the network: everything happens in the
//     Client's own goroutines, so the network never touches simulation
//     state and never holds up a frame.
//   - A run given to Submit is sent until the server stores it or refuses
//     it for good ([Final]): it is resent after a reconnection, under the
//     client's run id ([NewRunID]) so that the server counts it once; at
//     most [Config].MaxRuns wait, the oldest forgotten first.
//   - A lost connection is retried with a growing delay (or at once by
//     [Client.Retry]); a request that cannot be answered because the
//     connection is down gets its failure event with [CodeOffline].
//   - The token is a secret: it is sent in hello only and never logged.
//
// # What it does not do
//
// It shows nothing and holds no player-visible text: the game turns
// events and error codes into its own messages. It does not decide
// scores: the server verifies each run's replay. The connection goes
// through a [Transport] — the browser's WebSocket in js/wasm builds,
// gorilla/websocket elsewhere ([DefaultTransport]), or a test's own
// (game/online/onlinetest holds a fake server).
package online
