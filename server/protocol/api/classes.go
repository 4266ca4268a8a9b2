package api

import "time"

// Paths of the classes API (docs/api.md, "Classes"). Every path but
// PathClasses and PathClassQR needs the class's teacher key:
// Authorization: Bearer <key>.
const (
	PathClasses      = "/api/classes"                                // POST create a class
	PathClass        = "/api/classes/{code}"                         // GET the class
	PathClassProg    = "/api/classes/{code}/progress"                // GET the dashboard
	PathClassCSV     = "/api/classes/{code}/export.csv"              // GET the dashboard as CSV
	PathClassPause   = "/api/classes/{code}/pause"                   // POST pause (with a message)
	PathClassResume  = "/api/classes/{code}/resume"                  // POST resume
	PathClassEnd     = "/api/classes/{code}/end"                     // POST end the class now
	PathClassLock    = "/api/classes/{code}/levels/{level}/{action}" // POST lock | unlock
	PathClassPupil   = "/api/classes/{code}/pupils/{pupil}"          // PATCH rename, DELETE remove
	PathClassPupils  = "/api/classes/{code}/pupils"                  // GET the pupils' pseudonyms (no key)
	PathClassQR      = "/api/classes/{code}/qr.png"                  // GET a QR code of the join URL (no key)
	PathClassLevels  = "/api/classes/{code}/levels"                  // GET the class's levels (teacher key or a pupil's token)
	PathClassApprove = "/api/classes/{code}/levels/{level}/approve"  // POST list a class-only level for everyone
	ClassPagePrefix  = "/class#"                                     // the teacher's page; the fragment is <code>.<key>
	ClassJoinPrefix  = "/?class="                                    // the game's join screen, filled in
	ClassIdleMinutes = 5                                             // a pupil without progress for this long is idle
)

// Error codes of the classes API, besides the general ones.
const (
	CodeClassEnded = "class_ended" // the class has ended: read-only for its teacher, closed to pupils
	CodeClassFull  = "class_full"  // the class has its most pupils
	CodeNameTaken  = "pseudonym_taken"
)

// NewClass is the body of POST /api/classes.
type NewClass struct {
	Name string `json:"name"`
	// Levels are built-in level ids and ids of listed community levels
	// (pupils play a community level's latest listed version), in the
	// order pupils see them.
	Levels []string `json:"levels"`
	// EndsAt is when the class ends; absent: the end of the day (in the
	// server's time zone).
	EndsAt *time.Time `json:"ends_at,omitempty"`
}

// CreatedClass answers POST /api/classes (201). TeacherKey is shown once:
// the server keeps only its hash, so losing it loses the class.
type CreatedClass struct {
	Code       string `json:"code"`
	TeacherKey string `json:"teacher_key"`
	// TeacherURL is the teacher's page with the code and key in the URL
	// fragment, which browsers never send to servers.
	TeacherURL string    `json:"teacher_url"`
	JoinURL    string    `json:"join_url"`
	EndsAt     time.Time `json:"ends_at"`
}

// Class is a class as its teacher sees it.
type Class struct {
	Code      string    `json:"code"`
	Name      string    `json:"name"`
	Levels    []string  `json:"levels"`
	CreatedAt time.Time `json:"created_at"`
	EndsAt    time.Time `json:"ends_at"`
	// Ended is true once EndsAt has passed (the class is then read-only).
	Ended   bool     `json:"ended"`
	Paused  bool     `json:"paused"`
	Message string   `json:"message"`
	Locked  []string `json:"locked"`
	Pupils  int      `json:"pupils"`
}

// ClassProgress is a class's dashboard.
type ClassProgress struct {
	Class  Class           `json:"class"`
	Pupils []PupilProgress `json:"pupils"`
	Quiz   []QuizResult    `json:"quiz"`
}

// PupilProgress is one pupil's line of the dashboard.
type PupilProgress struct {
	ID        int64     `json:"id"`
	Pseudonym string    `json:"pseudonym"`
	JoinedAt  time.Time `json:"joined_at"`
	// LastProgressAt is the pupil's last opened level or verified run,
	// absent when none.
	LastProgressAt *time.Time `json:"last_progress_at,omitempty"`
	// Idle is true when the class is live and the pupil made no progress
	// (nor joined) for ClassIdleMinutes.
	Idle   bool            `json:"idle"`
	Levels []LevelProgress `json:"levels"`
}

// LevelProgress is a pupil's progress on a level, from verified runs only.
type LevelProgress struct {
	Level string `json:"level"`
	// Status is not_started, playing, won or lost.
	Status   string `json:"status"`
	Best     int64  `json:"best"`
	Attempts int    `json:"attempts"`
}

// QuizResult is what the class answered to one quiz question, from the
// verified replays.
type QuizResult struct {
	Level    string `json:"level"`
	Question string `json:"question"` // the question's message key
	Answers  int    `json:"answers"`
	Right    int    `json:"right"`
	// RightShare is Right/Answers, rounded to 2 decimals.
	RightShare float64 `json:"right_share"`
	// WrongChoice is the most chosen wrong answer (0-based), -1 when none.
	WrongChoice int `json:"wrong_choice"`
	WrongCount  int `json:"wrong_count"`
}

// ClassPupils answers GET /api/classes/{code}/pupils: what a pupil
// rejoining from another device picks their pseudonym from. It needs no
// key (the code is enough: the class sees these names on the projector)
// and shows nothing but the pseudonyms, in the order the pupils joined.
type ClassPupils struct {
	Code   string   `json:"code"`
	Pupils []string `json:"pupils"`
}

// PauseClass is the body of POST .../pause.
type PauseClass struct {
	Message string `json:"message"`
}

// RenamePupil is the body of PATCH .../pupils/{pupil}.
type RenamePupil struct {
	Pseudonym string `json:"pseudonym"`
}

// ClassLevel is a level of a class as GET .../levels shows it.
type ClassLevel struct {
	ID string `json:"id"`
	// Community is true for a community level (its package at
	// /api/levels/<id>.arcade), false for a built-in one.
	Community bool `json:"community"`
	// Title and Author are a community level's latest version's, empty
	// for a built-in level (the game has them) and for a community level
	// no longer listed.
	Title   Text   `json:"title"`
	Author  string `json:"author,omitempty"`
	Version int    `json:"version,omitempty"`
}

// ClassLevels answers GET /api/classes/{code}/levels.
type ClassLevels struct {
	Code string `json:"code"`
	// Levels are the teacher's levels, in order.
	Levels []ClassLevel `json:"levels"`
	// ClassOnly are the levels pupils published in the class, newest
	// first: seen only by the class until the teacher approves them.
	ClassOnly []ClassLevel `json:"class_only"`
}
