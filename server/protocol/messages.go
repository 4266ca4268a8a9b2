package protocol

import "github.com/tinylib/msgp/msgp"

//go:generate go run github.com/tinylib/msgp@v1.6.5 -tests=false -io=false -file messages.go -o messages_gen.go

//msgp:noduplicates
//msgp:clearomitted

// The msg tags are the wire names (docs/protocol.md): short, stable, and
// shared with clients written in other languages. Renaming a Go field is
// free; changing a tag or a type is a new protocol Version. The limit=N
// tags make the generated decoders refuse a longer byte string or array
// before allocating it (too_large); string lengths, and the sizes of the
// fixed-size byte strings a client sends (a token, a level hash: a wrong
// size is invalid, whichever way it is wrong), are checked by each
// message's Validate. Neither can make a client allocate more than the
// frame it sent.

// Type is a message's type tag: the names are in types.go.
type Type string

// Code is an error code: the values are in errors.go.
type Code string

// BoardKind says which part of a leaderboard GetBoard asks for.
type BoardKind string

// Envelope is every WebSocket message: a type tag, the request id the
// reply echoes (0 for pushes from the server), and the message body, itself
// a MessagePack map whose layout the type tag selects.
type Envelope struct {
	Type Type     `msg:"t"`
	ID   uint32   `msg:"id"`
	Body msgp.Raw `msg:"b"`
}

// Hello opens a session; it must be the first message. Token is the
// player's random secret (TokenSize bytes): the server keeps only its hash.
// Pseudonym names a new player (ignored for a known token).
type Hello struct {
	Version   uint16 `msg:"v"`
	Token     []byte `msg:"k"`
	Pseudonym string `msg:"p"`
	Client    string `msg:"c"`
}

// Welcome answers Hello.
type Welcome struct {
	Version    uint16 `msg:"v"`
	Pseudonym  string `msg:"p"`
	Engine     string `msg:"e"`
	MaxMessage uint32 `msg:"m"`
	Pots       []Pot  `msg:"pots,limit=1000"`
}

// SetPseudonym renames the player; the reply is Renamed.
type SetPseudonym struct {
	Pseudonym string `msg:"p"`
}

// Renamed confirms the player's new pseudonym.
type Renamed struct {
	Pseudonym string `msg:"p"`
}

// Submit sends a finished run: its replay record (engine/replay encoding).
// Client is the client's own id for the run, so that a run resent after a
// lost connection is not counted twice.
//
// Public matters only on a connection that joined a class: a pupil's run
// goes to the class (RecordClassRun) and, only when Public, to the public
// board too. Elsewhere every run is public.
type Submit struct {
	Replay []byte `msg:"r,limit=1048576"`
	Client string `msg:"c"`
	Public bool   `msg:"pub"`
}

// Submitted answers Submit once the verified run is stored: the values are
// the server's own replay of the run, never the client's claim.
type Submitted struct {
	Level     string  `msg:"l"`
	Hash      []byte  `msg:"h,limit=32"`
	Score     int64   `msg:"s"`
	Ticks     uint32  `msg:"t"`
	Won       bool    `msg:"w"`
	NewBest   bool    `msg:"nb"`
	Duplicate bool    `msg:"dup"`
	Best      Entry   `msg:"best"`
	Around    []Entry `msg:"around,limit=21"`
	Total     uint32  `msg:"n"`
	Pot       int64   `msg:"pot"`
	// Class is true when the run counted in the pupil's class (a level of
	// the class, not locked, the class live). Public is true when the run
	// is on the public board: Best, Around and Total are then set, else
	// they are empty.
	Class  bool `msg:"cls"`
	Public bool `msg:"pub"`
}

// GetBoard asks for part of a leaderboard; the reply is Board.
type GetBoard struct {
	Level  string    `msg:"l"`
	Hash   []byte    `msg:"h"`
	Kind   BoardKind `msg:"k"`
	Offset uint32    `msg:"o"`
	Limit  uint32    `msg:"n"`
}

// Board is part of a leaderboard.
type Board struct {
	Level   string    `msg:"l"`
	Hash    []byte    `msg:"h,limit=32"`
	Kind    BoardKind `msg:"k"`
	Total   uint32    `msg:"n"`
	Entries []Entry   `msg:"e,limit=100"`
	Me      *Entry    `msg:"me"`
}

// Watch subscribes to a level's live records; the reply is Board (top).
type Watch struct {
	Level string `msg:"l"`
}

// Unwatch ends a Watch; the reply is OK.
type Unwatch struct {
	Level string `msg:"l"`
}

// OK is the empty reply of requests that return nothing else.
type OK struct{}

// Record is pushed to clients watching a level when its top changes.
type Record struct {
	Level string  `msg:"l"`
	Hash  []byte  `msg:"h,limit=32"`
	Total uint32  `msg:"n"`
	Top   []Entry `msg:"top,limit=100"`
}

// Pot is a level's shared pot total; pushed to every client when it changes.
type Pot struct {
	Level string `msg:"l"`
	Total int64  `msg:"s"`
}

// Error answers a request that failed, or closes a session.
//
// Its envelope's id says which request failed; id 0 with NoID false is a
// push (shutdown). NoID is true when the error answers a frame whose
// request id could not be read (not MessagePack, not an envelope, a text
// frame, a frame too large): its id is then 0 too, but it is no push.
type Error struct {
	Code    Code   `msg:"c"`
	Message string `msg:"m"`
	NoID    bool   `msg:"noid"`
}

// Entry is one line of a leaderboard.
type Entry struct {
	Rank      uint32 `msg:"r"`
	Pseudonym string `msg:"p"`
	Score     int64  `msg:"s"`
	Ticks     uint32 `msg:"t"`
	Me        bool   `msg:"m"`
}

// Join makes this connection's player a pupil of a class: a new pupil
// (New) with a pseudonym free in the class, or a pupil rejoining (from
// another device, a new token) with their pseudonym and the same secret
// picture. The picture is a cell of a fixed grid: Animal and Color are
// its indexes (docs/protocol.md lists them). The reply is Joined.
type Join struct {
	Code      string `msg:"c"`
	Pseudonym string `msg:"p"`
	Animal    uint8  `msg:"a"`
	Color     uint8  `msg:"k"`
	New       bool   `msg:"new"`
}

// Joined answers Join: the class as it stands and the pupil's pseudonym.
// EndsAt is the class's end, in Unix seconds.
type Joined struct {
	Code      string   `msg:"c"`
	Name      string   `msg:"n"`
	Levels    []string `msg:"l,limit=50"`
	Locked    []string `msg:"lk,limit=50"`
	Paused    bool     `msg:"pz"`
	Message   string   `msg:"m"`
	Pseudonym string   `msg:"p"`
	EndsAt    int64    `msg:"end"`
}

// Leave ends this connection's membership of its class; the reply is OK.
// The pupil stays in the class (they can rejoin with their picture),
// unless Forget: the pupil is then deleted from the class with all their
// progress and answers, as when the teacher removes them.
type Leave struct {
	Forget bool `msg:"forget"`
}

// Start tells the server that the connection's pupil opened a level of
// their class, so the teacher's dashboard shows it being played; the
// reply is OK.
type Start struct {
	Level string `msg:"l"`
}

// ClassState is pushed to every connection of a class's pupils when the
// teacher pauses or resumes it, locks or unlocks a level, or ends it.
// After Ended the connection is no longer in the class.
type ClassState struct {
	Code    string   `msg:"c"`
	Locked  []string `msg:"lk,limit=50"`
	Paused  bool     `msg:"pz"`
	Message string   `msg:"m"`
	Ended   bool     `msg:"x"`
}
