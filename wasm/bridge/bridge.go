// Package bridge is the game's side of window.arcade, the small JavaScript
// object through which the page (wasm/loader.js) and the browser tests see
// the game running in WebAssembly:
//
//	window.arcade.ready     false until the first frame is drawn, then true
//	window.arcade.state()   {scene, level, tick, score, hash, outcome, online, community, class}
//	window.arcade.replay()  base64 of the current run's replay record (msgp), or null
//	window.arcade.error     the message of the error that stopped the game, if any
//
// When ready turns true the bridge also dispatches an "arcade:ready" event on
// window, and "arcade:error" when Fail is called, so the page waits without
// polling.
//
// Expose and Fail do something only in the browser (js/wasm); elsewhere they
// do nothing, so the game can call them on every platform.
package bridge

import (
	"encoding/base64"
	"fmt"
)

// State is what window.arcade.state() reports about the game.
type State struct {
	// Scene names what the game shows: "menu", "play", … (the stand-in only
	// has "play").
	Scene string
	// Level is the id of the level being played, "" outside a level.
	Level string
	// Tick is the number of ticks simulated in the current run.
	Tick uint32
	// Score is the current run's score.
	Score int64
	// Hash is the simulation's state hash after the last tick.
	Hash uint64
	// Outcome is "playing", "won" or "lost".
	Outcome string
	// Online is the score server as the player sees it.
	Online Online
	// Community is what the Community screens show; nil leaves
	// state().community null.
	Community *Community
	// Class is the pupil's classroom workshop; nil leaves state().class
	// null.
	Class *Class
	// Touch is where the touch controls are; nil (without them) leaves
	// state().touch null.
	Touch *Touch
}

// Touch is state().touch: the on-screen controls and what a tap can
// choose on the screen, in the page's CSS pixels (the canvas fills the
// window from its top-left corner).
type Touch struct {
	Screen           Rect // the screen's size (X and Y are 0)
	View             Rect // where the game's view is drawn
	Pad, A, B, Pause Circle
	Targets          []Rect // the menu items a tap chooses, as last drawn
}

// Rect is a rectangle: top-left corner, width and height.
type Rect struct{ X, Y, W, H int }

// Circle is a round control: centre and radius.
type Circle struct{ X, Y, R int }

func (r Rect) object() map[string]any {
	return map[string]any{"x": r.X, "y": r.Y, "w": r.W, "h": r.H}
}

func (c Circle) object() map[string]any {
	return map[string]any{"x": c.X, "y": c.Y, "r": c.R}
}

// Class is state().class: the class the pupil is in or joining, as the
// server last said. Outside a class, after a refused join, only Error is
// set (the server's code).
type Class struct {
	Code, Name, Pseudonym string
	// Joined is true once the server has answered the join.
	Joined bool
	// Paused and Message are the teacher's pause, shown over the game.
	Paused  bool
	Message string
	// Levels are the class's levels; Locked, those the teacher locked.
	Levels, Locked []string
	// Public is the pupil's choice: runs go to the public board too.
	Public bool
	Error  string
}

// Community is state().community.
type Community struct {
	// Shown are the ids of the levels the Community screen lists now.
	Shown []string
	// Selected is the id of the level selected or open, "" for none.
	Selected string
	// Answer is the server's answer to the last rating or report: "ok",
	// an error code (docs/api.md), "offline", or "" before any.
	Answer string
	// Card is the level whose card is open, nil when none.
	Card *CommunityCard
}

// CommunityCard is state().community.card: what a level's card shows of
// what players made of it.
type CommunityCard struct {
	ID      string
	Version int
	Plays   int64
	Rating  float64
	Ratings int
}

// Online is state().online: the connection to the score server.
type Online struct {
	// Status is "off" (no server), "connecting", "online", "offline" or
	// "outdated".
	Status string
	// Pseudonym is the player's pseudonym.
	Pseudonym string
	// Outbox counts the finished runs not yet stored by the server.
	Outbox int
	// Pot is the world total of the current level's shared pot, when the
	// level has one and the server has told it.
	Pot *int64
	// Submission is what became of the last finished run, if any.
	Submission *Submission
	// Board is the leaderboard on screen, if any.
	Board *Board
}

// Submission is state().online.submission.
type Submission struct {
	Run, Level string
	// State is "sending", "later" (offline), "stored", "retry" or
	// "refused"; Code is the server's error code when not stored.
	State, Code string
	// Rank and Total place the player's best on the board (stored only).
	Rank, Total uint32
	// Score is the verified score; NewBest and Duplicate as the server said.
	Score              int64
	NewBest, Duplicate bool
}

// Board is state().online.board: a level's leaderboard on screen.
type Board struct {
	Level string
	// Loaded is true once the server has sent the top: until then Total
	// and Top are zero, not an empty board.
	Loaded      bool
	Total       uint32
	Top, Around []Entry
}

// Entry is one line of a Board.
type Entry struct {
	Rank      uint32
	Pseudonym string
	Score     int64
	Ticks     uint32
	Me        bool
}

// Object returns s as the plain object state() gives to JavaScript. The
// hash is 16 hexadecimal digits: JavaScript numbers cannot hold 64 bits.
func (s State) Object() map[string]any {
	m := map[string]any{
		"scene":     s.Scene,
		"level":     s.Level,
		"tick":      s.Tick,
		"score":     s.Score,
		"hash":      fmt.Sprintf("%016x", s.Hash),
		"outcome":   s.Outcome,
		"online":    s.Online.object(),
		"community": nil,
		"class":     nil,
		"touch":     nil,
	}
	if t := s.Touch; t != nil {
		targets := make([]any, len(t.Targets))
		for i, r := range t.Targets {
			targets[i] = r.object()
		}
		m["touch"] = map[string]any{
			"screen": t.Screen.object(), "view": t.View.object(), "pad": t.Pad.object(),
			"a": t.A.object(), "b": t.B.object(), "pause": t.Pause.object(), "targets": targets,
		}
	}
	if c := s.Class; c != nil {
		m["class"] = map[string]any{
			"code": c.Code, "name": c.Name, "pseudonym": c.Pseudonym, "joined": c.Joined,
			"paused": c.Paused, "message": c.Message, "levels": strings_(c.Levels), "locked": strings_(c.Locked),
			"public": c.Public, "error": c.Error,
		}
	}
	if c := s.Community; c != nil {
		shown := make([]any, len(c.Shown))
		for i, id := range c.Shown {
			shown[i] = id
		}
		var card any
		if k := c.Card; k != nil {
			card = map[string]any{"id": k.ID, "version": k.Version, "plays": k.Plays, "rating": k.Rating, "ratings": k.Ratings}
		}
		m["community"] = map[string]any{"shown": shown, "selected": c.Selected, "answer": c.Answer, "card": card}
	}
	return m
}

func (o Online) object() map[string]any {
	m := map[string]any{
		"status": o.Status, "pseudonym": o.Pseudonym, "outbox": o.Outbox,
		"pot": nil, "submission": nil, "board": nil,
	}
	if o.Pot != nil {
		m["pot"] = *o.Pot
	}
	if s := o.Submission; s != nil {
		m["submission"] = map[string]any{
			"run": s.Run, "level": s.Level, "state": s.State, "code": s.Code,
			"rank": s.Rank, "total": s.Total, "score": s.Score,
			"newBest": s.NewBest, "duplicate": s.Duplicate,
		}
	}
	if b := o.Board; b != nil {
		m["board"] = map[string]any{"level": b.Level, "loaded": b.Loaded, "total": b.Total, "top": entries(b.Top), "around": entries(b.Around)}
	}
	return m
}

// strings_ makes a JavaScript array of strings (never null).
func strings_(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func entries(es []Entry) []any {
	out := make([]any, len(es))
	for i, e := range es {
		out[i] = map[string]any{"rank": e.Rank, "pseudonym": e.Pseudonym, "score": e.Score, "ticks": e.Ticks, "me": e.Me}
	}
	return out
}

// Game is what the page may ask the game. Its methods are called from
// JavaScript callbacks, between two of Ebiten's Update or Draw calls: guard
// the state they read (a sync.Mutex held only while stepping or drawing is
// enough, since nothing inside blocks on JavaScript).
type Game interface {
	// State describes the game now.
	State() State
	// Replay returns the encoded replay record (engine/replay.Encode) of
	// the current run, or an error if there is no run.
	Replay() ([]byte, error)
}

// encodeReplay returns what replay() gives JavaScript: the record in
// standard base64, or nil (null) with the error to log.
func encodeReplay(g Game) (any, error) {
	data, err := g.Replay()
	if err != nil {
		return nil, fmt.Errorf("bridge: replay: %w", err)
	}
	return base64.StdEncoding.EncodeToString(data), nil
}
