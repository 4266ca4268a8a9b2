package hub

import (
	"context"
	"crypto/sha256"
	"errors"
	"slices"

	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/protocol/pseudonym"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/store"
)

// handle answers one frame, on the reader goroutine.
func (c *conn) handle(frame []byte) {
	h := c.hub
	env, m, err := protocol.Decode(frame)
	if err == nil {
		err = pseudonym.Validate(m) // the rules Decode leaves to the server
	}
	h.metrics.Received.WithLabelValues(typeLabel(env.Type, err)).Inc()
	if !c.lim.Allow() {
		e := protocol.Errorf(protocol.CodeRateLimited, "more than %g messages a second", float64(h.limits.MessageRate))
		// The request's id is only known if its envelope decoded.
		e.NoID = protocol.NoID(err)
		c.replyErr(env.ID, e)
		return
	}
	if err != nil {
		if env.Type == protocol.TypeHello && !c.hello && c.otherVersion(env) {
			return
		}
		c.replyErr(env.ID, err)
		return
	}
	if !protocol.FromClient(env.Type) {
		c.replyErr(env.ID, protocol.Errorf(protocol.CodeUnknownType, "%q is sent by the server only", env.Type))
		return
	}
	if h.isStopping() {
		c.replyErr(env.ID, protocol.Errorf(protocol.CodeShutdown, "the server is stopping"))
		return
	}
	if hello, ok := m.(*protocol.Hello); ok {
		c.handleHello(env.ID, hello)
		return
	}
	if !c.hello {
		c.replyErr(env.ID, protocol.Errorf(protocol.CodeNoHello, "say hello first"))
		return
	}
	switch m := m.(type) {
	case *protocol.SetPseudonym:
		c.handleRename(env.ID, m)
	case *protocol.Submit:
		c.handleSubmit(env.ID, m)
	case *protocol.GetBoard:
		c.handleBoard(env.ID, m)
	case *protocol.Watch:
		c.handleWatch(env.ID, m)
	case *protocol.Unwatch:
		c.handleUnwatch(env.ID, m)
	case *protocol.Join:
		c.handleJoin(env.ID, m)
	case *protocol.Leave:
		c.handleLeave(env.ID, m)
	case *protocol.Start:
		c.handleStart(env.ID, m)
	}
}

// typeLabel is the metrics label of a received message: its type when it
// decoded, else one of a fixed few, so clients cannot invent labels.
func typeLabel(t protocol.Type, err error) string {
	switch {
	case err == nil:
		return string(t)
	case protocol.CodeOf(err) == protocol.CodeUnknownType:
		return "unknown"
	default:
		return "invalid"
	}
}

// otherVersion answers a hello that did not decode but names another
// protocol version: its layout may differ, and the client must learn
// about the version, not about a field. It reports whether it answered.
func (c *conn) otherVersion(env protocol.Envelope) bool {
	var hello protocol.Hello
	hello.UnmarshalMsg(env.Body) // best effort: only the version matters
	if hello.Version == 0 || hello.Version == protocol.Version {
		return false
	}
	c.refuseVersion(env.ID, hello.Version)
	return true
}

func (c *conn) refuseVersion(id uint32, v uint16) {
	c.replyErr(id, protocol.Errorf(protocol.CodeVersion,
		"protocol version %d is not spoken here: this server speaks version %d", v, protocol.Version))
	c.closeGracefully(1002, "protocol version") // 1002: protocol error
}

func (c *conn) handleHello(id uint32, m *protocol.Hello) {
	h := c.hub
	if c.hello {
		c.replyErr(id, protocol.Errorf(protocol.CodeNoHello, "hello was already said on this connection"))
		return
	}
	if m.Version != protocol.Version {
		c.refuseVersion(id, m.Version)
		return
	}
	token := sha256.Sum256(m.Token)
	var p store.Player
	err := h.storeCall("player_by_token", func(ctx context.Context) (err error) {
		p, err = h.store.PlayerByToken(ctx, token)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		if m.Pseudonym == "" {
			c.replyErr(id, protocol.Errorf(protocol.CodeBadPseudonym, "a new player needs a pseudonym"))
			return
		}
		// The hello's validation checked only the size: the rules apply to
		// new names (a known player keeps the name they were given).
		if err := pseudonym.CheckProtocol(m.Pseudonym); err != nil {
			c.replyErr(id, err)
			return
		}
		if err := h.signups.take(c.addr); err != nil {
			h.metrics.NewPlayersRefused.Inc()
			c.replyErr(id, err)
			return
		}
		err = h.storeCall("create_player", func(ctx context.Context) (err error) {
			p, err = h.store.CreatePlayer(ctx, token, m.Pseudonym)
			return err
		})
		if err != nil {
			h.signups.refund(c.addr) // no player was created
		}
		if err != nil && !errors.Is(err, store.ErrPseudonymTaken) {
			// Another connection may have created this player at the same
			// moment: then it is a login.
			err2 := h.storeCall("player_by_token", func(ctx context.Context) (err error) {
				p, err = h.store.PlayerByToken(ctx, token)
				return err
			})
			if err2 == nil {
				err = nil
			}
		}
	}
	if errors.Is(err, store.ErrPseudonymTaken) {
		c.replyErr(id, protocol.Errorf(protocol.CodeTaken, "pseudonym %q is taken", m.Pseudonym))
		return
	}
	if err != nil {
		h.log.Error("hello: storage failed", "err", err)
		c.replyErr(id, err)
		return
	}
	pots, err := h.potTotals()
	if err != nil {
		h.log.Error("hello: storage failed", "err", err)
		c.replyErr(id, err)
		return
	}
	if !c.welcome() {
		return // the hello deadline passed meanwhile: the connection is closing
	}
	c.hello, c.player, c.pseudonym = true, p.ID, p.Pseudonym
	h.greet(c)
	h.log.Debug("hello", "client", m.Client)
	c.reply(id, &protocol.Welcome{
		Version:    protocol.Version,
		Pseudonym:  p.Pseudonym,
		Engine:     h.engine,
		MaxMessage: protocol.MaxMessage,
		Pots:       pots,
	})
}

// potTotals returns every pot level's total.
func (h *Hub) potTotals() ([]protocol.Pot, error) {
	var out []protocol.Pot
	for _, l := range h.ranked.Pots() {
		var total int64
		err := h.storeCall("pot", func(ctx context.Context) (err error) {
			total, err = h.store.Pot(ctx, l.ID)
			return err
		})
		if err != nil {
			return nil, err
		}
		out = append(out, protocol.Pot{Level: l.ID, Total: total})
	}
	return out, nil
}

func (c *conn) handleRename(id uint32, m *protocol.SetPseudonym) {
	h := c.hub
	// Decoding checked the form; the blocklist is the server's.
	if err := pseudonym.CheckProtocol(m.Pseudonym); err != nil {
		c.replyErr(id, err)
		return
	}
	err := h.storeCall("set_pseudonym", func(ctx context.Context) error {
		return h.store.SetPseudonym(ctx, c.player, m.Pseudonym)
	})
	switch {
	case errors.Is(err, store.ErrPseudonymTaken):
		c.replyErr(id, protocol.Errorf(protocol.CodeTaken, "pseudonym %q is taken", m.Pseudonym))
	case err != nil:
		h.log.Error("set_pseudonym: storage failed", "err", err)
		c.replyErr(id, err)
	default:
		c.pseudonym = m.Pseudonym
		c.reply(id, &protocol.Renamed{Pseudonym: m.Pseudonym})
	}
}

// level returns the level version id names: a built-in level's current
// version (whatever hash), or a listed community level's version with this
// content hash (its latest when hash is nil or names no version of it);
// an unknown_level error when there is no such level.
func (h *Hub) level(id string, hash []byte) (ranked.Level, error) {
	if l, ok := h.ranked.Lookup(id); ok {
		return l, nil
	}
	if h.community != nil {
		var l ranked.Level
		var ok bool
		err := h.storeCall("community_level", func(ctx context.Context) (err error) {
			l, ok, err = h.community.Version(ctx, id, hash)
			return err
		})
		if err != nil {
			h.log.Error("community level: storage failed", "err", err)
			return l, err
		}
		if ok {
			return l, nil
		}
	}
	return ranked.Level{}, errNoLevel(id)
}

// errNoLevel is the unknown_level error for level id.
func errNoLevel(id string) error {
	return protocol.Errorf(protocol.CodeUnknownLevel, "no level %.64q on this server", id)
}

// classLevel returns the class-only community level id of the class with
// this code, as level does for the others; an unknown_level error when the
// class has no such level (or the server no community levels).
func (h *Hub) classLevel(class, id string, hash []byte) (ranked.Level, error) {
	if h.community == nil {
		return ranked.Level{}, errNoLevel(id)
	}
	var l ranked.Level
	var ok bool
	err := h.storeCall("class_level", func(ctx context.Context) (err error) {
		l, ok, err = h.community.ClassVersion(ctx, class, id, hash)
		return err
	})
	if err != nil {
		h.log.Error("class level: storage failed", "err", err)
		return l, err
	}
	if !ok {
		return l, errNoLevel(id)
	}
	return l, nil
}

func (c *conn) handleBoard(id uint32, m *protocol.GetBoard) {
	h := c.hub
	l, err := h.level(m.Level, m.Hash)
	if err != nil {
		c.replyErr(id, err)
		return
	}
	b := store.Board{Level: l.ID, Hash: l.Hash}
	if len(m.Hash) == protocol.HashSize {
		copy(b.Hash[:], m.Hash)
	}
	// A past version of the level is known by its runs: a hash that is
	// neither the current one nor on any run is an unknown level version,
	// not an empty board.
	past := b.Hash != l.Hash
	board, err := c.board(b, m.Kind, int(m.Offset), int(m.Limit), past)
	if err != nil {
		c.replyErr(id, err)
		return
	}
	c.reply(id, board)
}

// board reads part of a board for this connection's player. When
// mustHaveRuns, an empty board is an unknown_level error.
func (c *conn) board(b store.Board, kind protocol.BoardKind, offset, limit int, mustHaveRuns bool) (*protocol.Board, error) {
	h := c.hub
	out := &protocol.Board{Level: b.Level, Hash: b.Hash[:], Kind: kind}
	// The page, the total and the player's entry come from one snapshot,
	// so they agree.
	n, around := 0, -1
	switch kind {
	case protocol.BoardTop:
		n = limit
	case protocol.BoardAround:
		around = limit
	}
	var v store.View
	err := h.storeCall("view", func(ctx context.Context) (err error) {
		v, err = h.store.View(ctx, b, offset, n, c.player, around)
		return err
	})
	if err == nil && mustHaveRuns && v.Total == 0 {
		return nil, protocol.Errorf(protocol.CodeUnknownLevel, "no version of level %.64q with this content hash on this server", b.Level)
	}
	if err != nil {
		h.log.Error("board: storage failed", "err", err)
		return nil, err
	}
	if kind == protocol.BoardAround && v.Me == nil {
		return nil, protocol.Errorf(protocol.CodeNotRanked, "no run of yours on this board")
	}
	out.Total = uint32(v.Total)
	out.Entries = entries(v.Entries, c.player)
	if i := slices.IndexFunc(v.Entries, func(e store.Entry) bool { return e.Player == c.player }); i >= 0 {
		out.Me = &out.Entries[i]
	} else if v.Me != nil {
		e := entry(*v.Me, c.player)
		out.Me = &e
	}
	return out, nil
}

// entries converts store entries, marking those of player me.
func entries(es []store.Entry, me store.PlayerID) []protocol.Entry {
	out := make([]protocol.Entry, len(es))
	for i, e := range es {
		out[i] = entry(e, me)
	}
	return out
}

func entry(e store.Entry, me store.PlayerID) protocol.Entry {
	return protocol.Entry{Rank: uint32(e.Rank), Pseudonym: e.Pseudonym, Score: e.Score, Ticks: e.Ticks,
		Me: me != 0 && e.Player == me}
}

func (c *conn) handleWatch(id uint32, m *protocol.Watch) {
	h := c.hub
	l, err := h.level(m.Level, nil)
	if err != nil {
		c.replyErr(id, err)
		return
	}
	if !slices.Contains(c.watching, l.ID) {
		if len(c.watching) >= h.limits.MaxWatch {
			c.replyErr(id, protocol.Errorf(protocol.CodeInvalid, "watching %d levels already, the most there can be", len(c.watching)))
			return
		}
		c.watching = append(c.watching, l.ID)
		h.mu.Lock()
		if h.watchers[l.ID] == nil {
			h.watchers[l.ID] = map[*conn]struct{}{}
		}
		h.watchers[l.ID][c] = struct{}{}
		h.mu.Unlock()
	}
	board, err := c.board(store.Board{Level: l.ID, Hash: l.Hash}, protocol.BoardTop, 0, 10, false)
	if err != nil {
		c.replyErr(id, err)
		return
	}
	c.reply(id, board)
}

func (c *conn) handleUnwatch(id uint32, m *protocol.Unwatch) {
	h := c.hub
	if i := slices.Index(c.watching, m.Level); i >= 0 {
		c.watching = slices.Delete(c.watching, i, i+1)
		h.mu.Lock()
		delete(h.watchers[m.Level], c)
		h.mu.Unlock()
	}
	c.reply(id, &protocol.OK{})
}
