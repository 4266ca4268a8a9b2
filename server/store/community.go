package store

import (
	"context"
	"errors"
	"time"
)

// Community levels: levels that players publish, find, play, rate, report
// and remix. A community level id belongs to the player who first
// published it; each version is a package (stored outside the store, by its
// content hash) plus what the listing shows of it, and comes with its
// author's clear, verified by the server before the version is listed.
//
// Listing, ratings, plays, reports, moderation and its audit log all live
// in the store, so that every server instance answers the same.

// ErrNotOwner is returned (wrapped) by PublishVersion when another player
// owns the level id.
var ErrNotOwner = errors.New("store: level id owned by another player")

// ErrNotNewer is returned (wrapped) by PublishVersion when the version is not
// higher than the level's latest one (including a deleted level's).
var ErrNotNewer = errors.New("store: version not newer than the published one")

// ErrSameContent is returned (wrapped) by PublishVersion when a version of
// this level with the same content hash is already published.
var ErrSameContent = errors.New("store: this content is already published")

// ErrBanned is returned (wrapped) by PublishVersion for a banned player.
var ErrBanned = errors.New("store: player banned")

// ErrNoVerifiedRun is returned (wrapped) by Rate and Report when the player
// has no verified run on any version of the level.
var ErrNoVerifiedRun = errors.New("store: no verified run of this level by this player")

// LevelState says whether a community level is shown to players.
type LevelState string

// The states of a community level. Only StateListed levels are found by
// search and can be opened, downloaded and played; the others keep their
// id owned and their data for moderators.
const (
	StateListed   LevelState = "listed"   // shown to everyone
	StateReported LevelState = "reported" // hidden automatically: reports reached the threshold
	StateHidden   LevelState = "hidden"   // hidden by a moderator
	StateBanned   LevelState = "banned"   // hidden because its owner is banned
	StateDeleted  LevelState = "deleted"  // deleted by a moderator; the id stays taken
	// StateClassOnly is a level a pupil published while in a class: only
	// that class's pupils and teacher see it (LevelInfo.Class), until the
	// teacher approves it (ApproveClassLevel: listed) or the class is
	// deleted (DeleteExpiredClasses deletes the level with it).
	StateClassOnly LevelState = "class_only"
)

// Text is a short text in French and English (either may be empty).
type Text struct {
	FR string
	EN string
}

// Version is one published version of a community level: what the listing
// shows of it, taken from its verified package and clear.
type Version struct {
	Level   string
	Version int // the manifest's version, 1 or more, increasing
	// Hash is the level's content hash: the id of its board, and the name
	// of its package in the package store.
	Hash [32]byte
	// Size is the package's size in bytes.
	Size int64
	// Owner is the player who published it (and owns the level id).
	Owner   PlayerID
	Author  string // the manifest's author
	Title   Text
	Summary Text
	Tags    []string
	// Languages are the message catalogues the level has ("en", "fr").
	Languages []string
	// RemixOf is "id@version" of the level this one remixes, "" if none;
	// RemixAuthor is that level's author as this server knew it.
	RemixOf     string
	RemixAuthor string
	// Cover is true when the package holds a cover.png.
	Cover bool
	// MaxTicks and Pot are the board's rules (see ranked.Level).
	MaxTicks uint32
	Pot      bool
	// ClearScore and ClearTicks are the author's verified clear.
	ClearScore int64
	ClearTicks uint32
	At         time.Time
	// Class is only read by PublishVersion: the code of the class a pupil
	// publishes a new level into (the level is then StateClassOnly), ""
	// for everyone. A later version keeps the level's state and class;
	// reads leave it "" (LevelInfo.Class says it).
	Class string
}

// Board returns the board of this version.
func (v Version) Board() Board { return Board{Level: v.Level, Hash: v.Hash} }

// LevelInfo is a community level: its latest version, its state and what
// players made of it across all its versions.
type LevelInfo struct {
	Latest Version
	State  LevelState
	// Plays counts verified runs on every version of the level.
	Plays int64
	// Ratings is the number of ratings, RatingSum the sum of their stars:
	// the mean rating is RatingSum/Ratings.
	Ratings   int
	RatingSum int
	// Reports counts the distinct players whose reports are open (not yet
	// settled by a moderator's restore).
	Reports int
	// Class is the code of the class a class-only level belongs to (also
	// while a moderator hides it), "" once approved or for every other level.
	Class string
}

// Sort orders search results.
type Sort string

// The orders of SearchLevels. Ties are broken by the newest version first,
// then by id.
const (
	SortNew    Sort = "new"    // newest version first
	SortTop    Sort = "top"    // highest mean rating first, then most ratings
	SortPlayed Sort = "played" // most verified plays first
)

// Query asks SearchLevels for a page of levels.
type Query struct {
	// Text is what the player typed: every word must match the start of a
	// word of the title, summary, tags or author (French or English),
	// case- and accent-insensitively ("donnees" finds « données »,
	// "donn" too). Empty matches every level.
	Text string
	// Tag keeps only the levels with this tag ("" for all).
	Tag string
	// Sort is the order; "" means SortNew.
	Sort Sort
	// Offset and Limit select the page (Limit at most 100).
	Offset, Limit int
	// All includes levels that are not listed (for moderators); deleted
	// levels are never returned.
	All bool
}

// Page is a page of search results and the number of levels that match.
type Page struct {
	Levels []LevelInfo
	Total  int
}

// ReportReason says what a report is about.
type ReportReason string

// The reasons a player may give; docs/moderation.md says what each covers.
const (
	ReasonHate         ReportReason = "hate"
	ReasonHarassment   ReportReason = "harassment"
	ReasonPersonalData ReportReason = "personal_data"
	ReasonIllegal      ReportReason = "illegal"
	ReasonBroken       ReportReason = "broken" // does not work, or misleads
	ReasonOther        ReportReason = "other"
)

// MaxReportNote is the longest report note, in bytes.
const MaxReportNote = 500

// Report is a player's report of a level.
type Report struct {
	ID     int64
	Level  string
	Player PlayerID
	Reason ReportReason
	Note   string
	At     time.Time
	// Open is false once a moderator settled it (restored the level).
	Open bool
}

// ActionKind names a moderation action.
type ActionKind string

// The actions of the audit log.
const (
	ActionAutoHide ActionKind = "auto_hide" // reports reached the threshold (no moderator)
	ActionHide     ActionKind = "hide"
	ActionRestore  ActionKind = "restore" // listed again; open reports settled
	ActionDelete   ActionKind = "delete"
	ActionBan      ActionKind = "ban"   // the player's levels hidden, uploads refused
	ActionUnban    ActionKind = "unban" // the player's banned levels listed again
	// ActionApprove is a class's teacher listing a class-only level for
	// everyone (ApproveClassLevel; no moderator).
	ActionApprove ActionKind = "approve"
)

// Action is one entry of the moderation audit log. Level or Player (or
// both) name what it acted on.
type Action struct {
	ID     int64
	Kind   ActionKind
	Level  string
	Player PlayerID
	Note   string // the moderator's reason, or what triggered it
	At     time.Time
}

// Community is the part of the Store that keeps community levels.
type Community interface {
	// PublishVersion lists a new version of a community level whose
	// package is stored and whose clear was verified. The first player to
	// publish an id owns it (ErrNotOwner for anyone else); a version must
	// be higher than every earlier one of the id (ErrNotNewer) and have
	// other content (ErrSameContent); a banned player is refused
	// (ErrBanned). A level hidden by reports or a moderator stays hidden.
	PublishVersion(ctx context.Context, v Version) error
	// CommunityLevel returns a level whatever its state but deleted, or
	// ErrNotFound (also for a deleted level and for built-in ids).
	CommunityLevel(ctx context.Context, id string) (LevelInfo, error)
	// LevelVersions returns every version of a level, oldest first, or
	// ErrNotFound (as CommunityLevel).
	LevelVersions(ctx context.Context, id string) ([]Version, error)
	// VersionByHash returns the version of a level with this content hash,
	// or ErrNotFound (as CommunityLevel).
	VersionByHash(ctx context.Context, id string, hash [32]byte) (Version, error)
	// OwnerOf returns the player who owns a level id (deleted levels
	// included), or ErrNotFound when nobody published it.
	OwnerOf(ctx context.Context, id string) (PlayerID, error)
	// SearchLevels returns a page of listed levels (all but deleted ones
	// with Query.All) and how many match.
	SearchLevels(ctx context.Context, q Query) (Page, error)
	// Rate sets the player's rating of a level (1 to 5 stars), replacing
	// an earlier one; ErrNoVerifiedRun without a verified run of the level
	// by this player, ErrNotFound for a level that is not listed.
	Rate(ctx context.Context, level string, p PlayerID, stars int) error
	// Rating returns the player's rating of a level, 0 when none.
	Rating(ctx context.Context, level string, p PlayerID) (int, error)
	// Report stores a report (a second one by the same player replaces the
	// first while it is open); ErrNoVerifiedRun and ErrNotFound as Rate.
	// When the distinct players with open reports reach threshold (> 0),
	// a listed level becomes StateReported and ActionAutoHide is logged,
	// in the same transaction; hidden tells whether that happened.
	Report(ctx context.Context, r Report, threshold int) (hidden bool, err error)
	// Reports returns reports, newest first: only open ones unless all.
	Reports(ctx context.Context, all bool, offset, limit int) ([]Report, error)
	// Moderate applies a moderator's action (ActionHide, ActionRestore,
	// ActionDelete on a.Level; ActionBan, ActionUnban on a.Player) and
	// logs it, in one transaction; ErrNotFound for an unknown level or
	// player. Restore settles the level's open reports. Ban hides every
	// listed level of the player (StateBanned) and Unban lists them again.
	Moderate(ctx context.Context, a Action) error
	// Banned tells whether a player is banned.
	Banned(ctx context.Context, p PlayerID) (bool, error)
	// Audit returns the audit log, newest first.
	Audit(ctx context.Context, offset, limit int) ([]Action, error)
	// ClassLevels returns the class-only levels of the class with this
	// code (StateClassOnly, not hidden nor deleted), newest first.
	ClassLevels(ctx context.Context, class string) ([]LevelInfo, error)
	// ApproveClassLevel lists a class-only level of the class for
	// everyone (it leaves the class: deleting the class keeps it) and logs
	// ActionApprove with note, in one transaction; ErrNotFound unless the
	// level is StateClassOnly in this class.
	ApproveClassLevel(ctx context.Context, class, level, note string, at time.Time) error
}
