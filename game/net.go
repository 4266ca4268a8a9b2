package game

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/game/online"
	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/wasm/bridge"
)

// netView is what the game knows of the score server. The connection's
// goroutines never touch it: Update copies their events in (pollNet), and
// scenes only read it. Nothing here reaches a simulation.
type netView struct {
	client *online.Client // nil: no server, offline play only
	status online.Status
	pots   map[string]int64 // world pot totals by level id (looked up, never iterated)
	last   *submission      // the last finished run sent
	board  *boardView       // the leaderboard on screen
	rename renameState
}

// submission is what became of a finished run sent to the server.
type submission struct {
	run, level string
	state      submitState
	reply      protocol.Submitted
	code       protocol.Code
	message    string
}

// boardView is a level's leaderboard as the leaderboard scene shows it.
type boardView struct {
	level     string
	loaded    bool // the top has arrived
	total     uint32
	top       []protocol.Entry
	around    []protocol.Entry
	unranked  bool // the player has no run on this board
	aroundReq uint32
}

// submitState is where a finished run sent to the server stands.
type submitState uint8

// The states of a submission. Their names (String) are what the page and the
// browser tests read in window.arcade's state (bridge.Submission.State).
const (
	submitSending submitState = iota // sent, no answer yet
	submitLater                      // offline: kept in the outbox, sent on reconnecting
	submitStored                     // the server kept it; reply says where it ranks
	submitRetry                      // not kept for now; the outbox sends it again
	submitRefused                    // not kept, for good; code and message say why
)

var submitStateNames = [...]string{"sending", "later", "stored", "retry", "refused"}

func (s submitState) String() string {
	if int(s) < len(submitStateNames) {
		return submitStateNames[s]
	}
	return fmt.Sprintf("submitState(%d)", uint8(s))
}

// renameState follows a pseudonym change in the settings.
type renameState struct {
	req   uint32
	state renameStep
	code  protocol.Code
}

// renameStep is where a pseudonym change stands.
type renameStep uint8

// The steps of a pseudonym change.
const (
	renameIdle    renameStep = iota // nothing asked since the screen opened or the text changed
	renameSaving                    // asked of the server, no answer yet
	renameSaved                     // the server (or, with no server, the game) took it
	renameLater                     // offline: kept in Wanted and asked for after the next hello
	renameRefused                   // refused; code says why
)

var renameStepNames = [...]string{"idle", "saving", "saved", "later", "refused"}

func (s renameStep) String() string {
	if int(s) < len(renameStepNames) {
		return renameStepNames[s]
	}
	return fmt.Sprintf("renameStep(%d)", uint8(s))
}

// startNet creates the player's identity if it is missing and, when a
// server is configured, starts the client and hands it the outbox.
func (g *Game) startNet() error {
	g.net.pots = map[string]int64{}
	changed := false
	if g.saved.Online.Token == "" {
		tok, err := online.NewToken()
		if err != nil {
			return fmt.Errorf("game: %w", err)
		}
		g.saved.Online.Token = base64.StdEncoding.EncodeToString(tok)
		changed = true
	}
	if protocol.CheckPseudonymForm(g.saved.Online.Pseudonym) != nil {
		g.saved.Online.Pseudonym = g.randomPseudonym()
		changed = true
	}
	if w := g.saved.Online.Wanted; w != "" && protocol.CheckPseudonymForm(w) != nil {
		g.saved.Online.Wanted = ""
		changed = true
	}
	server := g.opts.Server
	if g.opts.SaveServer {
		if server == "off" {
			server = ""
		}
		if g.saved.Online.Server != server {
			g.saved.Online.Server, changed = server, true
		}
	} else if server == "" {
		server = g.saved.Online.Server
	}
	if changed {
		g.save()
	}
	api := g.opts.CommunityServer
	if api == "" {
		api = server
	}
	tok, err := decodeToken(g.saved.Online.Token)
	if err != nil {
		return fmt.Errorf("game: %w", err)
	}
	if err := g.startCommunity(api, tok); err != nil {
		return err
	}
	if server == "" {
		return nil
	}
	url, err := online.ServerURL(server)
	if err != nil {
		return err
	}
	cfg := g.opts.Net
	cfg.URL, cfg.Token, cfg.Pseudonym = url, tok, g.pseudonym()
	c, err := online.New(cfg)
	if err != nil {
		return err
	}
	g.net.client, g.net.status = c, c.Status()
	for _, o := range g.saved.Online.Outbox {
		if data, err := base64.StdEncoding.DecodeString(o.Replay); err == nil {
			c.Submit(o.ID, data)
		}
	}
	return nil
}

// Close stops the connection to the server, if any.
func (g *Game) Close() {
	if g.net.client != nil {
		g.net.client.Close()
	}
}

// pseudonym is the player's pseudonym as shown: the one chosen but not yet
// confirmed, else the server's.
func (g *Game) pseudonym() string {
	if w := g.saved.Online.Wanted; w != "" {
		return w
	}
	return g.saved.Online.Pseudonym
}

// randomPseudonym makes a friendly pseudonym from the catalogue's words in
// the player's language, such as Renard-Bleu-42. It is not game state, so
// it may use any randomness.
func (g *Game) randomPseudonym() string {
	animals := words(g.t("pseudonym.animals"))
	colors := words(g.t("pseudonym.colours"))
	for range 100 {
		p := fill(g.t("pseudonym.format"), []sim.Arg{
			arg("animal", animals[rand.IntN(len(animals))]),
			arg("colour", colors[rand.IntN(len(colors))]),
			arg("n", 10+rand.IntN(90)),
		})
		if protocol.CheckPseudonymForm(p) == nil {
			return p
		}
	}
	return fmt.Sprintf("Joueur-%d", 1000+rand.IntN(9000)) // unreachable with sane catalogues
}

// words splits a catalogue list "a, b, c".
func words(s string) []string {
	var out []string
	for _, w := range strings.Split(s, ",") {
		if w = strings.TrimSpace(w); w != "" {
			out = append(out, w)
		}
	}
	if len(out) == 0 {
		out = []string{"?"}
	}
	return out
}

// pseudonymProblem is the catalogue key explaining why p is refused, or "".
// It applies the rules a client can check alone (protocol's
// CheckPseudonymForm); the server is the authority on the rest (its
// blocklist, look-alikes of a taken name), and the pseudonym screen shows
// its refusal.
func pseudonymProblem(p string) string {
	n := utf8.RuneCountInString(p)
	switch {
	case n < protocol.MinPseudonym:
		return "pseudonym.too_short"
	case n > protocol.MaxPseudonym:
		return "pseudonym.too_long"
	case protocol.CheckPseudonymForm(p) != nil:
		return "pseudonym.invalid"
	}
	return ""
}

// submitRun sends a finished run, already in the outbox under id.
func (g *Game) submitRun(id, level string, data []byte) {
	c := g.net.client
	if c == nil || id == "" {
		g.net.last = nil
		return
	}
	state := submitSending
	if g.net.status != online.Online {
		state = submitLater
	}
	g.net.last = &submission{run: id, level: level, state: state}
	c.SubmitRun(id, data, g.publicRuns())
}

// pollNet applies what the connection reported since the last tick, and
// saves once if any of it changed saved data.
func (g *Game) pollNet() {
	c := g.net.client
	if c == nil {
		return
	}
	dirty := false
	for _, ev := range c.Poll() {
		if g.netEvent(ev) {
			dirty = true
		}
	}
	if dirty {
		g.save()
	}
}

// netEvent hands one event of the connection to the method for its kind;
// it reports whether saved data changed.
func (g *Game) netEvent(ev online.Event) bool {
	switch e := ev.(type) {
	case online.StatusChanged:
		g.statusChanged(e)
	case online.Welcomed:
		return g.welcomed(e.Welcome)
	case online.HelloRefused:
		return g.helloRefused()
	case online.Submitted:
		return g.submitted(e)
	case online.SubmitFailed:
		return g.submitFailed(e)
	case online.Renamed:
		return g.renamed(e)
	case online.RenameFailed:
		return g.renameFailed(e)
	case online.BoardReceived:
		g.boardReceived(e)
	case online.BoardFailed:
		g.boardFailed(e)
	case online.RecordPushed:
		g.recordPushed(e)
	case online.PotPushed:
		g.net.pots[e.Pot.Level] = e.Pot.Total
	default:
		return g.classEvent(ev)
	}
	return false
}

// statusChanged follows the connection: a run being sent when it drops
// waits in the outbox.
func (g *Game) statusChanged(e online.StatusChanged) {
	g.net.status = e.Status
	if l := g.net.last; l != nil && l.state == submitSending && e.Status != online.Online && e.Status != online.Connecting {
		l.state = submitLater
	}
}

// helloRefused replaces a pseudonym the server will not take (taken or
// blocked) with a random one, and tells the player; it reports that saved
// data changed.
func (g *Game) helloRefused() bool {
	old := g.pseudonym()
	g.saved.Online.Pseudonym, g.saved.Online.Wanted = g.randomPseudonym(), ""
	g.notice = g.t("pseudonym.replaced", arg("old", old), arg("new", g.saved.Online.Pseudonym))
	g.net.client.SetHelloPseudonym(g.saved.Online.Pseudonym)
	return true
}

// submitted takes a run the server kept out of the outbox and notes its
// rank and the level's pot; it reports whether saved data changed.
func (g *Game) submitted(e online.Submitted) bool {
	dirty := g.saved.sent(e.Run)
	if e.Reply.Pot != 0 || g.net.pots[e.Reply.Level] != 0 {
		g.net.pots[e.Reply.Level] = e.Reply.Pot
	}
	if l := g.net.last; l != nil && l.run == e.Run {
		l.state, l.reply = submitStored, e.Reply
	}
	if b := g.net.board; b != nil && b.level == e.Reply.Level {
		g.askAround(b)
	}
	return dirty
}

// submitFailed notes a run the server did not keep; a final refusal also
// takes it out of the outbox. It reports whether saved data changed.
func (g *Game) submitFailed(e online.SubmitFailed) bool {
	dirty := false
	if e.Final {
		dirty = g.saved.sent(e.Run)
	}
	if l := g.net.last; l != nil && l.run == e.Run {
		l.state, l.code, l.message = submitRetry, e.Code, e.Message
		if e.Final {
			l.state = submitRefused
		}
	}
	return dirty
}

// renamed saves the pseudonym the server confirmed; it always changes saved
// data.
func (g *Game) renamed(e online.Renamed) bool {
	g.saved.Online.Pseudonym, g.saved.Online.Wanted = e.Pseudonym, ""
	if g.net.rename.req == e.Request {
		g.net.rename.state = renameSaved
	}
	return true
}

// renameFailed drops a pseudonym the server refused, or keeps it for the
// next hello when the connection was down; it reports whether saved data
// changed.
func (g *Game) renameFailed(e online.RenameFailed) bool {
	mine := g.net.rename.req == e.Request
	if e.Code == online.CodeOffline {
		// Kept in Wanted: asked for again after the next hello.
		if mine {
			g.net.rename.state = renameLater
		}
		return false
	}
	g.saved.Online.Wanted = ""
	if mine {
		g.net.rename.state, g.net.rename.code = renameRefused, e.Code
	}
	return true
}

// boardReceived fills the leaderboard on screen with the top or the entries
// around the player.
func (g *Game) boardReceived(e online.BoardReceived) {
	b := g.net.board
	if b == nil || b.level != e.Board.Level {
		return
	}
	if e.Board.Kind == protocol.BoardAround {
		b.around, b.unranked = e.Board.Entries, false
	} else {
		b.top, b.total, b.loaded = e.Board.Entries, e.Board.Total, true
	}
}

// boardFailed notes that the player has no run on the board on screen.
func (g *Game) boardFailed(e online.BoardFailed) {
	if b := g.net.board; b != nil && b.level == e.Level && e.Kind == protocol.BoardAround {
		b.unranked = e.Code == protocol.CodeNotRanked
	}
}

// recordPushed shows a new top of the watched board and asks again where
// the player stands.
func (g *Game) recordPushed(e online.RecordPushed) {
	if b := g.net.board; b != nil && b.level == e.Record.Level {
		b.top, b.total, b.loaded = e.Record.Top, e.Record.Total, true
		g.askAround(b)
	}
}

// welcomed takes the server's word for the pseudonym, or asks for the one
// chosen offline; it reports whether saved data changed.
func (g *Game) welcomed(w protocol.Welcome) bool {
	for _, p := range w.Pots {
		g.net.pots[p.Level] = p.Total
	}
	if b := g.net.board; b != nil {
		g.askAround(b)
	}
	o := &g.saved.Online
	if o.Wanted != "" && !strings.EqualFold(o.Wanted, w.Pseudonym) {
		g.net.rename.req = g.net.client.SetPseudonym(o.Wanted)
		g.net.rename.state = renameSaving
	} else {
		o.Wanted = ""
	}
	if o.Pseudonym == w.Pseudonym {
		return false
	}
	o.Pseudonym = w.Pseudonym
	return true
}

// setPseudonym applies a pseudonym chosen in the settings: it is sent now
// when online, or kept and sent after the next hello.
func (g *Game) setPseudonym(p string) {
	o := &g.saved.Online
	g.net.rename = renameState{}
	if p == g.pseudonym() {
		g.net.rename.state = renameSaved
		return
	}
	o.Wanted = p
	switch c := g.net.client; {
	case c == nil:
		o.Pseudonym, o.Wanted = p, ""
		g.net.rename.state = renameSaved
	case g.net.status == online.Online:
		g.net.rename.req = c.SetPseudonym(p)
		g.net.rename.state = renameSaving
	default:
		// Before the first connection the server does not know the token:
		// the next hello carries the new pseudonym itself.
		c.SetHelloPseudonym(p)
		g.net.rename.state = renameLater
	}
	g.save()
}

// openBoard shows a level's leaderboard: watched for live changes.
func (g *Game) openBoard(level string) {
	g.closeBoard()
	b := &boardView{level: level}
	g.net.board = b
	if c := g.net.client; c != nil {
		c.Watch(level)
		g.askAround(b)
	}
}

func (g *Game) closeBoard() {
	if b := g.net.board; b != nil && g.net.client != nil {
		g.net.client.Unwatch(b.level)
	}
	g.net.board = nil
}

// askAround asks for the entries around the player's best.
func (g *Game) askAround(b *boardView) {
	if c := g.net.client; c != nil && g.net.status == online.Online {
		b.aroundReq = c.GetBoard(protocol.GetBoard{Level: b.level, Kind: protocol.BoardAround, Limit: 2})
	}
}

// statusLine says in words where the connection stands.
func (g *Game) statusLine() string {
	if g.net.client == nil {
		return g.t("online.off")
	}
	switch g.net.status {
	case online.Online:
		return g.t("online.online", arg("pseudonym", g.pseudonym()))
	case online.Connecting:
		return g.t("online.connecting")
	case online.Outdated:
		return g.t("online.outdated")
	}
	return g.t("online.offline")
}

// submissionLines says what became of the last run sent.
func (g *Game) submissionLines(s *submission) []string {
	switch s.state {
	case submitSending:
		return []string{g.t("online.sending")}
	case submitLater:
		return []string{g.t("online.later")}
	case submitRetry:
		return []string{g.t("online.retry")}
	case submitRefused:
		return []string{g.refusal(s.code, s.message)}
	}
	r := s.reply
	if !r.Public {
		// A pupil's run kept for the class only: no public rank.
		key := "class.run_counted"
		if !r.Class {
			key = "class.run_not_counted"
		}
		return []string{g.t(key), g.t("class.run_score", arg("score", r.Score))}
	}
	lines := []string{g.t("online.rank", arg("rank", r.Best.Rank), arg("total", r.Total))}
	if r.Class {
		lines = append(lines, g.t("class.run_also"))
	}
	switch {
	case r.Duplicate:
		lines = append(lines, g.t("online.dup"))
	case r.NewBest:
		lines = append(lines, g.t("online.newbest"))
	default:
		lines = append(lines, g.t("online.kept", arg("score", r.Best.Score)))
	}
	return lines
}

// refusal says in words why the server did not keep a run.
func (g *Game) refusal(code protocol.Code, message string) string {
	switch code {
	case protocol.CodeRefused:
		reason, _, _ := strings.Cut(message, ":")
		switch reason {
		case "level_changed":
			return g.t("online.level_changed")
		case "engine", "wrong_seed":
			// A run on another seed than the board's comes from a game
			// of another version: this one always plays on it.
			return g.t("online.engine")
		case "copied":
			return g.t("online.copied")
		case "too_long":
			return g.t("online.too_long")
		case "unknown_level":
			return g.t("online.unknown_level")
		case "malformed":
			return g.t("online.unreadable")
		}
		return g.t("online.refused")
	case protocol.CodeUnknownLevel:
		return g.t("online.unknown_level")
	}
	return g.t("online.unreadable")
}

// netState is the online part of State.
func (g *Game) netState() bridge.Online {
	st := bridge.Online{Status: "off", Pseudonym: g.pseudonym(), Outbox: len(g.saved.Online.Outbox)}
	if g.net.client != nil {
		st.Status = g.net.status.String()
	}
	if p := g.lastPlay(); p != nil && p.lvl.Manifest.Pot {
		if pot, ok := g.net.pots[p.lvl.Manifest.ID]; ok {
			st.Pot = &pot
		}
	}
	if s := g.net.last; s != nil {
		st.Submission = &bridge.Submission{
			Run: s.run, Level: s.level, State: s.state.String(), Code: string(s.code),
			Rank: s.reply.Best.Rank, Total: s.reply.Total, Score: s.reply.Score,
			NewBest: s.reply.NewBest, Duplicate: s.reply.Duplicate,
		}
	}
	if b := g.net.board; b != nil {
		st.Board = &bridge.Board{Level: b.level, Loaded: b.loaded, Total: b.total, Top: entries(b.top), Around: entries(b.around)}
	}
	return st
}

func entries(es []protocol.Entry) []bridge.Entry {
	out := make([]bridge.Entry, len(es))
	for i, e := range es {
		out[i] = bridge.Entry{Rank: e.Rank, Pseudonym: e.Pseudonym, Score: e.Score, Ticks: e.Ticks, Me: e.Me}
	}
	return out
}
