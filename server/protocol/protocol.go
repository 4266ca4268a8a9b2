package protocol

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/tinylib/msgp/msgp"

	"github.com/communs-arcade/arcade/server/protocol/pseudonym/form"
)

// Version is the protocol version a client states in Hello. A server
// answers a client of another version with CodeVersion and closes.
const Version uint16 = 1

// Limits of the protocol; docs/protocol.md lists them too.
const (
	// MaxMessage is the largest frame either side accepts, in bytes.
	MaxMessage = 1<<20 + 4096
	// MaxReplay is the largest replay record a Submit may carry.
	MaxReplay = 1 << 20
	// TokenSize is the size of the secret token, in bytes.
	TokenSize = 32
	// HashSize is the size of a level content hash, in bytes.
	HashSize = 32
	// MaxLevelID is the longest level id, in bytes.
	MaxLevelID = 64
	// MaxClientID is the longest Submit.Client and Hello.Client, in bytes.
	MaxClientID = 64
	// MaxBoardLimit is the most entries a Board holds.
	MaxBoardLimit = 100
	// MaxAround is how many entries above and below "me" an around board and
	// a Submitted reply hold.
	MaxAround = 10
	// MinPseudonym and MaxPseudonym bound a pseudonym's length in characters
	// (of its composed form).
	MinPseudonym, MaxPseudonym = form.Min, form.Max
	// MaxPseudonymBytes is the longest pseudonym a hello may carry, in bytes:
	// MaxPseudonym characters of at most 4 bytes each, with room for
	// decomposed accents.
	MaxPseudonymBytes = 8 * MaxPseudonym
	// ClassCodeLen is the length of a class code (store.ClassCodeLen).
	ClassCodeLen = 6
	// PictureAnimals and PictureColors are the sizes of the grid a
	// pupil's secret picture is chosen from (docs/protocol.md, "join").
	PictureAnimals, PictureColors = 12, 8
)

// Message type tags.
const (
	TypeHello        Type = "hello"
	TypeWelcome      Type = "welcome"
	TypeSetPseudonym Type = "set_pseudonym"
	TypeRenamed      Type = "renamed"
	TypeSubmit       Type = "submit"
	TypeSubmitted    Type = "submitted"
	TypeGetBoard     Type = "get_board"
	TypeBoard        Type = "board"
	TypeWatch        Type = "watch"
	TypeUnwatch      Type = "unwatch"
	TypeOK           Type = "ok"
	TypeRecord       Type = "record"
	TypePot          Type = "pot"
	TypeError        Type = "error"
	TypeJoin         Type = "join"
	TypeJoined       Type = "joined"
	TypeLeave        Type = "leave"
	TypeClassState   Type = "class_state"
	TypeStart        Type = "start"
)

// Board kinds.
const (
	// BoardTop is the board from rank Offset+1, Limit entries.
	BoardTop BoardKind = "top"
	// BoardAround is the player's own entry with up to Limit entries above
	// and below (Limit at most MaxAround).
	BoardAround BoardKind = "around"
)

// Message is any protocol message.
type Message interface {
	msgp.Marshaler
	msgp.Unmarshaler
	// Type is the message's tag in the Envelope.
	Type() Type
}

func (*Hello) Type() Type        { return TypeHello }
func (*Welcome) Type() Type      { return TypeWelcome }
func (*SetPseudonym) Type() Type { return TypeSetPseudonym }
func (*Renamed) Type() Type      { return TypeRenamed }
func (*Submit) Type() Type       { return TypeSubmit }
func (*Submitted) Type() Type    { return TypeSubmitted }
func (*GetBoard) Type() Type     { return TypeGetBoard }
func (*Board) Type() Type        { return TypeBoard }
func (*Watch) Type() Type        { return TypeWatch }
func (*Unwatch) Type() Type      { return TypeUnwatch }
func (*OK) Type() Type           { return TypeOK }
func (*Record) Type() Type       { return TypeRecord }
func (*Pot) Type() Type          { return TypePot }
func (*Error) Type() Type        { return TypeError }
func (*Join) Type() Type         { return TypeJoin }
func (*Joined) Type() Type       { return TypeJoined }
func (*Leave) Type() Type        { return TypeLeave }
func (*ClassState) Type() Type   { return TypeClassState }
func (*Start) Type() Type        { return TypeStart }

// New returns an empty message of type t, or nil for an unknown type.
func New(t Type) Message {
	switch t {
	case TypeHello:
		return new(Hello)
	case TypeWelcome:
		return new(Welcome)
	case TypeSetPseudonym:
		return new(SetPseudonym)
	case TypeRenamed:
		return new(Renamed)
	case TypeSubmit:
		return new(Submit)
	case TypeSubmitted:
		return new(Submitted)
	case TypeGetBoard:
		return new(GetBoard)
	case TypeBoard:
		return new(Board)
	case TypeWatch:
		return new(Watch)
	case TypeUnwatch:
		return new(Unwatch)
	case TypeOK:
		return new(OK)
	case TypeRecord:
		return new(Record)
	case TypePot:
		return new(Pot)
	case TypeError:
		return new(Error)
	case TypeJoin:
		return new(Join)
	case TypeJoined:
		return new(Joined)
	case TypeLeave:
		return new(Leave)
	case TypeClassState:
		return new(ClassState)
	case TypeStart:
		return new(Start)
	}
	return nil
}

// FromClient reports whether t is a message a client may send.
func FromClient(t Type) bool {
	switch t {
	case TypeHello, TypeSetPseudonym, TypeSubmit, TypeGetBoard, TypeWatch, TypeUnwatch, TypeJoin, TypeLeave, TypeStart:
		return true
	}
	return false
}

// Encode appends the frame of m, answering request id (0 for a push), to
// dst and returns it.
func Encode(dst []byte, id uint32, m Message) ([]byte, error) {
	body, err := m.MarshalMsg(nil)
	if err != nil {
		return dst, fmt.Errorf("protocol: encode %s: %w", m.Type(), err)
	}
	env := Envelope{Type: m.Type(), ID: id, Body: body}
	out, err := env.MarshalMsg(dst)
	if err != nil {
		return dst, fmt.Errorf("protocol: encode %s: %w", m.Type(), err)
	}
	return out, nil
}

// emptyBody is the body of an envelope without one: an empty map, since
// every field may be left out.
var emptyBody = msgp.Raw{0x80}

// Decode reads one frame. It returns the envelope (whose ID is set even when
// the body is refused, so that the error can answer the right request) and
// the decoded, validated message. Errors are *Error values with
// CodeTooLarge, CodeMalformed, CodeUnknownType or CodeInvalid; when the
// envelope itself did not decode, the returned envelope is empty and the
// error has NoID set, since the request's id is unknown. An envelope
// without a body ("b") has an empty one.
func Decode(frame []byte) (Envelope, Message, error) {
	if len(frame) > MaxMessage {
		return Envelope{}, nil, noID(Errorf(CodeTooLarge, "message of %d bytes, at most %d", len(frame), MaxMessage))
	}
	var env Envelope
	rest, err := env.UnmarshalMsg(frame)
	if err != nil {
		return Envelope{}, nil, noID(Errorf(CodeMalformed, "envelope: %v", err))
	}
	if len(rest) != 0 {
		// The envelope itself was read: its id is known.
		return env, nil, Errorf(CodeMalformed, "%d bytes after the envelope", len(rest))
	}
	if len(env.Body) == 0 {
		env.Body = emptyBody
	}
	m := New(env.Type)
	if m == nil {
		return env, nil, Errorf(CodeUnknownType, "unknown message type %.32q", env.Type)
	}
	rest, err = m.UnmarshalMsg(env.Body)
	if errors.Is(err, msgp.ErrLimitExceeded) {
		return env, nil, Errorf(CodeTooLarge, "%s: a field over its size limit", env.Type)
	}
	if err != nil {
		return env, nil, Errorf(CodeMalformed, "%s: %v", env.Type, err)
	}
	if len(rest) != 0 {
		return env, nil, Errorf(CodeMalformed, "%s: %d bytes after the body", env.Type, len(rest))
	}
	if v, ok := m.(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			return env, nil, err
		}
	}
	return env, m, nil
}

// Validate checks a Hello's fields (not its version: the server answers a
// version it does not speak with CodeVersion).
func (m *Hello) Validate() error {
	if len(m.Token) != TokenSize {
		return Errorf(CodeInvalid, "token of %d bytes, want %d", len(m.Token), TokenSize)
	}
	// Only the size: the pseudonym names a new player and is ignored for a
	// known one, who must still be able to log in if the rules have grown
	// stricter since their name was accepted. The server checks the rules
	// when it creates the player.
	if err := checkLen("pseudonym", m.Pseudonym, MaxPseudonymBytes); err != nil {
		return err
	}
	return checkLen("client", m.Client, MaxClientID)
}

// Validate checks the pseudonym by the form rules a client can check
// without tables (CheckPseudonymForm). The server applies the rest at
// decoding (pseudonym.Validate: the composed length of any name) and when
// it renames (the blocklist). Validate runs on every decoded message, in
// clients too, and the complete rules would link golang.org/x/text and the
// confusables table into them.
func (m *SetPseudonym) Validate() error { return CheckPseudonymForm(m.Pseudonym) }

// Validate checks the sizes of a Submit.
func (m *Submit) Validate() error {
	if len(m.Replay) == 0 {
		return Errorf(CodeInvalid, "empty replay")
	}
	return checkLen("client run id", m.Client, MaxClientID)
}

// Validate checks a GetBoard's level, hash, kind and range.
func (m *GetBoard) Validate() error {
	if err := checkLevel(m.Level); err != nil {
		return err
	}
	if len(m.Hash) != 0 && len(m.Hash) != HashSize {
		return Errorf(CodeInvalid, "level hash of %d bytes, want %d or none", len(m.Hash), HashSize)
	}
	switch m.Kind {
	case BoardTop:
		if m.Limit == 0 || m.Limit > MaxBoardLimit {
			return Errorf(CodeInvalid, "limit %d, want 1 to %d", m.Limit, MaxBoardLimit)
		}
	case BoardAround:
		if m.Limit > MaxAround {
			return Errorf(CodeInvalid, "limit %d, want 0 to %d around", m.Limit, MaxAround)
		}
	default:
		return Errorf(CodeInvalid, "board kind %.16q, want %q or %q", m.Kind, BoardTop, BoardAround)
	}
	return nil
}

// Validate checks the level id.
func (m *Watch) Validate() error { return checkLevel(m.Level) }

// Validate checks the level id.
func (m *Unwatch) Validate() error { return checkLevel(m.Level) }

// Validate checks the level id.
func (m *Start) Validate() error { return checkLevel(m.Level) }

// Validate checks a Join's sizes and picture; the server checks the
// pseudonym's rules and the code's alphabet.
func (m *Join) Validate() error {
	if len(m.Code) != ClassCodeLen {
		return Errorf(CodeInvalid, "class code of %d bytes, want %d", len(m.Code), ClassCodeLen)
	}
	if m.Animal >= PictureAnimals || m.Color >= PictureColors {
		return Errorf(CodeInvalid, "picture (%d, %d) outside the %d×%d grid", m.Animal, m.Color, PictureAnimals, PictureColors)
	}
	return checkLen("pseudonym", m.Pseudonym, MaxPseudonymBytes)
}

func checkLevel(id string) error {
	if id == "" {
		return Errorf(CodeInvalid, "missing level id")
	}
	return checkLen("level id", id, MaxLevelID)
}

func checkLen(what, s string, max int) error {
	if len(s) > max {
		return Errorf(CodeInvalid, "%s of %d bytes, at most %d", what, len(s), max)
	}
	if !utf8.ValidString(s) {
		return Errorf(CodeInvalid, "%s is not valid UTF-8", what)
	}
	return nil
}

// CheckPseudonymForm returns an *Error with CodeBadPseudonym if p breaks
// the rules a client can check alone (form.Check): UTF-8, nothing
// invisible, MinPseudonym to MaxPseudonym characters, letters (any script)
// with their accents, digits, spaces, '-' and '_', starting and ending with
// a letter or digit; the length and characters of a name with runes from
// U+0300 on are left to the server. The server may still refuse what
// passes (pseudonym.CheckProtocol: those rules for any name, the
// blocklist; a look-alike of a taken name); a client shows its refusal.
func CheckPseudonymForm(p string) error { return PseudonymError(form.Check(p)) }

// PseudonymError turns an error of the pseudonym rules (a *form.Error) into
// an *Error with CodeBadPseudonym whose message names the rule; nil stays
// nil.
func PseudonymError(err error) error {
	if err == nil {
		return nil
	}
	var e *form.Error
	if errors.As(err, &e) {
		return Errorf(CodeBadPseudonym, "%s rule: %s", e.Rule, e.Detail)
	}
	return Errorf(CodeBadPseudonym, "%v", err)
}

// Error is a protocol error: a stable code for programs and a message in
// English for people reading logs. Clients show their own translated text
// for the code.
func (e *Error) Error() string { return fmt.Sprintf("protocol: %s: %s", e.Code, e.Message) }

// Errorf returns an *Error with a formatted message.
func Errorf(c Code, format string, args ...any) *Error {
	return &Error{Code: c, Message: fmt.Sprintf(format, args...)}
}

func noID(e *Error) *Error {
	e.NoID = true
	return e
}

// NoID reports whether err is an *Error with NoID set: one about a frame
// whose request id could not be read.
func NoID(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.NoID
}

// CodeOf returns the code of an *Error in err's chain, or CodeInternal.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}
