package replay

import "github.com/communs-arcade/arcade/engine/sim"

//go:generate go run github.com/tinylib/msgp@v1.6.5 -tests=false -file record.go -o record_gen.go

//msgp:noduplicates
//msgp:shim sim.Outcome as:uint8 using:uint8/sim.Outcome
//msgp:clearomitted

// The field tags below are the wire names: one letter each, so a record of
// a few hundred runs stays a few kilobytes. Renaming a Go field is free;
// changing a tag or a field's type is a new format (see FormatVersion).
// Array limits (limit=N) make the generated decoder refuse a slice longer
// than a valid record could hold before allocating it; they mirror
// MaxTicks and MaxTicks/CheckpointEvery. The directives above make the
// decoder reject a key given twice and zero the fields a run leaves out, so
// one record has one meaning whatever decoded into it before.

// Record is everything needed to replay and verify one run of a level: which
// engine and level it ran on, the seed, one input per tick (run-length
// encoded), the state hash at regular checkpoints and the claimed result.
//
// Records travel as MessagePack (see Encode and Decode); a Record built in
// memory is only trusted after Validate.
type Record struct {
	// Format is the layout version of the record, FormatVersion.
	Format uint8 `msg:"f"`
	// Engine is the version of the engine that recorded the run.
	Engine string `msg:"e"`
	// LevelID names the level that was played.
	LevelID string `msg:"l"`
	// LevelHash is the SHA-256 of the level content (HashSize bytes), so a
	// record never replays against an edited level.
	LevelHash []byte `msg:"h,limit=32"`
	// Seed seeds the simulation's random number generator.
	Seed uint64 `msg:"s"`
	// Inputs are the per-tick inputs, consecutive equal ticks merged into
	// one Run (see Compress and Frames).
	Inputs []Run `msg:"i,limit=108000"`
	// Checkpoints are the state hashes taken every CheckpointEvery ticks,
	// in increasing tick order.
	Checkpoints []Checkpoint `msg:"c,limit=1800"`
	// Result is what the run claims to have reached after its last tick.
	Result Result `msg:"r"`
}

// Run is Count consecutive ticks with the same input. Fields that are zero
// are left out of the encoding, so a keyboard-only run costs a few bytes.
type Run struct {
	// Buttons is the sim.Buttons bitmask held during these ticks.
	Buttons uint8 `msg:"b,omitempty"`
	// PointerX is the pointer's x position in view pixels.
	PointerX int16 `msg:"x,omitempty"`
	// PointerY is the pointer's y position in view pixels.
	PointerY int16 `msg:"y,omitempty"`
	// PointerDown is true while the mouse button or a touch is held.
	PointerDown bool `msg:"d,omitempty"`
	// Count is the number of ticks this input lasted, at least 1.
	Count uint32 `msg:"n"`
}

// Checkpoint is the simulation's state hash after tick Tick.
type Checkpoint struct {
	// Tick is the number of ticks simulated when the hash was taken.
	Tick uint32 `msg:"t"`
	// Hash is the state hash at that tick.
	Hash uint64 `msg:"h"`
}

// Result is the state a run ended in.
type Result struct {
	// Outcome tells whether the level was won, lost or still playing when
	// the run stopped. It travels as one byte (the shim above).
	Outcome sim.Outcome `msg:"o"`
	// Score is the final score.
	Score int64 `msg:"s"`
	// Ticks is the number of ticks simulated; it equals the number of
	// inputs.
	Ticks uint32 `msg:"t"`
	// Hash is the state hash after the last tick.
	Hash uint64 `msg:"h"`
}
