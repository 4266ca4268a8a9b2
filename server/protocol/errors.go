package protocol

// Error codes. After an error marked "closes", the server closes the
// connection; after the others the session goes on.
const (
	CodeVersion      Code = "version"       // Hello of another protocol version (closes)
	CodeTooLarge     Code = "too_large"     // frame over MaxMessage (closes)
	CodeMalformed    Code = "malformed"     // not MessagePack, or not the expected layout
	CodeUnknownType  Code = "unknown_type"  // type tag not in this protocol, or not from a client
	CodeInvalid      Code = "invalid"       // a field out of its limits
	CodeNoHello      Code = "no_hello"      // a request before Hello, or a second Hello
	CodeBadPseudonym Code = "bad_pseudonym" // see CheckPseudonymForm and pseudonym.Check
	CodeTaken        Code = "taken"         // pseudonym used by another player
	CodeRateLimited  Code = "rate_limited"  // too many messages or submissions; retry later
	CodeUnknownLevel Code = "unknown_level" // no such level on this server
	CodeNotRanked    Code = "not_ranked"    // around: the player has no run on this board
	CodeRefused      Code = "refused"       // the replay failed verification; Message says why
	CodeBusy         Code = "busy"          // verification queue full; retry later
	CodeShutdown     Code = "shutdown"      // the server is stopping (closes)
	CodeInternal     Code = "internal"      // the server failed; retry later
	CodeUnknownClass Code = "unknown_class" // join: no class with this code
	CodeClassEnded   Code = "class_ended"   // join: the class has ended
	CodeClassFull    Code = "class_full"    // join: the class has its most pupils
	CodeWrongPicture Code = "wrong_picture" // join: not the pupil's picture
	CodeUnknownPupil Code = "unknown_pupil" // join (not new): no pupil with this pseudonym in the class
)

// Refusal reasons are appended to a CodeRefused message as "reason: detail",
// with reason one of: malformed, unknown_level, level_changed, engine,
// diverged, timeout, script_error, crashed, wrong_seed, too_long, copied,
// client_reused (see server/verify).
