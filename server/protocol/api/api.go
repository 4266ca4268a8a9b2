// Package api holds the JSON shapes of the server's HTTP API (docs/api.md):
// community levels — search, metadata, packages, publish, ratings, reports —
// and moderation. It is shared by the server and its clients (the game, the
// arcade CLI), as server/protocol is for the WebSocket protocol, and
// imports nothing of either.
//
// Every error answer has the status the table in docs/api.md gives and an
// [ErrorBody]: a stable Code that clients translate, and English words for
// people (which rule, which file and line).
package api

import (
	"strconv"
	"time"
)

// Paths of the API. Braces mark path parameters.
const (
	PathLevels   = "/api/levels"                     // GET search, POST publish
	PathLevel    = "/api/levels/{id}"                // GET one level, with its versions
	PathRating   = "/api/levels/{id}/rating"         // POST the caller's rating
	PathReports  = "/api/levels/{id}/reports"        // POST a report
	PathPackage  = "/api/packages/{id}/{file}"       // GET a version's package: file is <hex content hash>.arcade
	PathCover    = "/api/covers/{id}/{file}"         // GET a version's cover.png: file is <hex content hash>.png
	PathAdmin    = "/api/admin/"                     // moderation, admin token only
	PathReportsA = "/api/admin/reports"              // GET open (?all=1: every) report
	PathAuditA   = "/api/admin/audit"                // GET the audit log
	PathModerate = "/api/admin/levels/{id}/{action}" // POST hide | restore | delete
	PathBans     = "/api/admin/bans"                 // POST ban, DELETE unban
	// LinkPrefix starts the page address of a level: /l/<id> or /l/<id>@<version>.
	LinkPrefix = "/l/"
)

// Limits of the API, each refused with its rule named.
const (
	// PageSize is the default number of levels a search returns;
	// MaxPageSize the most it may ask for.
	PageSize    = 20
	MaxPageSize = 50
	// MaxQuery is the longest search text, in bytes.
	MaxQuery = 200
	// MaxClearBytes is the largest clear replay a publish may carry.
	MaxClearBytes = 1 << 20
	// MaxNote is the longest report note, in bytes.
	MaxNote = 500
)

// Sort orders of a search (?sort=).
const (
	SortNew    = "new"
	SortTop    = "top"
	SortPlayed = "played"
)

// Text is a short text in French and English.
type Text struct {
	FR string `json:"fr"`
	EN string `json:"en"`
}

// Remix names the level a level remixes: the CC BY-SA chain.
type Remix struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	// Author is the remixed level's author, "" when this server does not
	// know that level.
	Author string `json:"author,omitempty"`
}

// Best is the caller's best run on a version's board.
type Best struct {
	Score int64  `json:"score"`
	Ticks uint32 `json:"ticks"`
	Rank  int    `json:"rank"`
}

// Level is a community level as listed: its latest version (or the one
// asked for), and what players made of it across its versions.
type Level struct {
	ID        string   `json:"id"`
	Version   int      `json:"version"`
	Title     Text     `json:"title"`
	Summary   Text     `json:"summary"`
	Author    string   `json:"author"`
	Tags      []string `json:"tags"`
	Languages []string `json:"languages"`
	RemixOf   *Remix   `json:"remix_of,omitempty"`
	// Hash is the version's content hash (hex): its board's hash.
	Hash string `json:"hash"`
	// Package is the path of the version's package; Size its bytes.
	Package string `json:"package"`
	Size    int64  `json:"size"`
	// Cover is the path of its cover image, "" when it has none.
	Cover string `json:"cover,omitempty"`
	// URL is the path of the level's page (/l/<id>).
	URL string `json:"url"`
	// Plays counts verified runs on every version.
	Plays int64 `json:"plays"`
	// Rating is the mean rating (1 to 5, 0 with no rating), Ratings how
	// many players rated it.
	Rating  float64 `json:"rating"`
	Ratings int     `json:"ratings"`
	// MyBest and MyRating are the caller's (with a token): best run on
	// this version's board, and rating (0: none).
	MyBest   *Best `json:"my_best,omitempty"`
	MyRating int   `json:"my_rating,omitempty"`
	// Clear is the author's verified clear (score and ticks).
	Clear       Best      `json:"clear"`
	PublishedAt time.Time `json:"published_at"`
	// State is the level's state, given to moderators only.
	State string `json:"state,omitempty"`
	// Reports counts open reports, given to moderators only.
	Reports int `json:"reports,omitempty"`
}

// LevelPage answers a search.
type LevelPage struct {
	Levels  []Level `json:"levels"`
	Total   int     `json:"total"`
	Page    int     `json:"page"` // from 1
	PerPage int     `json:"per_page"`
}

// VersionInfo is one version in a level's history.
type VersionInfo struct {
	Version     int       `json:"version"`
	Hash        string    `json:"hash"`
	Package     string    `json:"package"`
	Size        int64     `json:"size"`
	PublishedAt time.Time `json:"published_at"`
}

// LevelDetail answers GET /api/levels/{id}[@version]: the level at that
// version (latest by default) and every version.
type LevelDetail struct {
	Level
	Versions []VersionInfo `json:"versions"`
}

// Published answers a successful publish.
type Published struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	// URL is the level's page, absolute (built from the request's host).
	URL string `json:"url"`
	// Clear is the verified clear, now the first run on the board (not
	// stored for a class-only level: its rank is then 0).
	Clear Best `json:"clear"`
	// Class is the code of the class the level was published into when
	// the publisher is a pupil of a live class: the level is then seen
	// only by that class until its teacher approves it (docs/api.md).
	Class string `json:"class,omitempty"`
}

// RateRequest is the body of a rating.
type RateRequest struct {
	Stars int `json:"stars"` // 1 to 5
}

// Rated answers a rating: the level's rating after it.
type Rated struct {
	Rating  float64 `json:"rating"`
	Ratings int     `json:"ratings"`
	Mine    int     `json:"mine"`
}

// Report reasons (docs/moderation.md).
const (
	ReasonHate         = "hate"
	ReasonHarassment   = "harassment"
	ReasonPersonalData = "personal_data"
	ReasonIllegal      = "illegal"
	ReasonBroken       = "broken"
	ReasonOther        = "other"
)

// ReportRequest is the body of a report.
type ReportRequest struct {
	Reason string `json:"reason"`
	Note   string `json:"note,omitempty"` // at most MaxNote bytes
}

// AdminReport is a report as moderators see it.
type AdminReport struct {
	ID       int64     `json:"id"`
	Level    string    `json:"level"`
	Reporter string    `json:"reporter"` // the reporter's pseudonym
	Reason   string    `json:"reason"`
	Note     string    `json:"note,omitempty"`
	At       time.Time `json:"at"`
	Open     bool      `json:"open"`
}

// ModerateRequest is the optional body of a moderation action.
type ModerateRequest struct {
	Note string `json:"note,omitempty"`
}

// BanRequest names whom to ban or unban: the owner of a level, or the
// holder of a token (base64url).
type BanRequest struct {
	Level string `json:"level,omitempty"`
	Token string `json:"token,omitempty"`
	Note  string `json:"note,omitempty"`
}

// AuditEntry is one moderation action.
type AuditEntry struct {
	ID     int64     `json:"id"`
	Action string    `json:"action"`
	Level  string    `json:"level,omitempty"`
	Player string    `json:"player,omitempty"` // pseudonym
	Note   string    `json:"note,omitempty"`
	At     time.Time `json:"at"`
}

// Error codes: stable, for clients to translate.
const (
	CodeBadRequest    = "bad_request"     // malformed request (the message says what)
	CodeUnauthorized  = "unauthorized"    // no or unusable token
	CodeForbidden     = "forbidden"       // not the admin token
	CodeNotFound      = "not_found"       // no such level, version or package
	CodeTooLarge      = "too_large"       // body over its limit
	CodeInvalid       = "invalid_package" // the package breaks a rule (Problems)
	CodeReserved      = "reserved_id"     // a built-in level's id
	CodeNotOwner      = "not_owner"       // another token owns this id
	CodeNotNewer      = "version_not_newer"
	CodeSameContent   = "same_content"  // this content is already published
	CodeClearRefused  = "clear_refused" // the clear replay is refused (Rule says why)
	CodeBanned        = "banned"
	CodeNoVerifiedRun = "no_verified_run" // rate or report needs a verified run first
	CodeRateLimited   = "rate_limited"    // too many requests; Retry-After says when
	CodeBusy          = "busy"            // verification queue full; retry later
	CodeInternal      = "internal"
)

// Problem is one broken rule of a package, where it is.
type Problem struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// ErrorBody is the body of every error answer.
type ErrorBody struct {
	Error Error `json:"error"`
}

// Error says what went wrong.
type Error struct {
	Code string `json:"code"`
	// Rule names the limit or check that refused the request (e.g.
	// "package_size", "clear_not_won", "wrong_seed"), when there is one.
	Rule    string `json:"rule,omitempty"`
	Message string `json:"message"`
	// Problems lists every broken rule of an invalid package.
	Problems []Problem `json:"problems,omitempty"`
}

// Error formats the error as the CLI prints it.
func (e *Error) Error() string {
	s := e.Message
	for _, p := range e.Problems {
		s += "\n  "
		if p.File != "" {
			s += p.File
			if p.Line > 0 {
				s += ":" + strconv.Itoa(p.Line)
			}
			s += ": "
		}
		s += p.Message
	}
	return s
}
