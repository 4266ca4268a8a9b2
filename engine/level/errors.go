package level

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Error is a problem found in a level package. Its text reads
// "<path>/<file>:<line>: <msg>", without ":<line>" when Line is 0 and without
// "/<file>" when the problem concerns the whole package.
type Error struct {
	// Path is the folder or .arcade file as given by the caller.
	Path string
	// File is the slash-separated name inside the package, or "".
	File string
	// Line is the 1-based line in File, or 0 when unknown.
	Line int
	// Rule names the rule that was broken, one of the Rule constants: a
	// stable word a server can answer with and a client can translate.
	Rule string
	// Msg says, in English, how the rule was broken.
	Msg string
	// Err is the underlying error, if any (zip, TOML, JSON, I/O).
	Err error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.File != "" {
		if e.Path != "" && !strings.HasSuffix(e.Path, "/") {
			b.WriteByte('/')
		}
		b.WriteString(e.File)
	}
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// The rules a package may break: the Rule of every *Error. docs/packages.md
// says what each covers. They are stable: servers send them to clients.
const (
	RulePackageSize         = "package_size"          // the .arcade file is over MaxArchiveSize
	RuleFileCount           = "file_count"            // more than MaxFiles files (or directories)
	RuleFileSize            = "file_size"             // a file is over MaxFileSize
	RuleTotalSize           = "total_size"            // the files together are over MaxTotalSize
	RuleCompressionRatio    = "compression_ratio"     // a file or the archive expands more than MaxRatio times
	RuleZipFormat           = "zip_format"            // not a zip, or one whose headers lie (sizes, CRC, overlaps, method)
	RuleUnsafePath          = "unsafe_path"           // a name that could leave the folder: absolute, "..", backslash, drive letter
	RuleFileName            = "file_name"             // a name outside the allowed characters, length, depth, or reserved
	RuleFileType            = "file_type"             // an extension that is not allowed
	RuleSymlink             = "symlink"               // a symbolic link
	RuleDuplicateName       = "duplicate_name"        // two names equal, equal but for case, or a file that is also a directory
	RuleNotRegular          = "not_regular"           // a device, a directory holding data, or a directory flag that disagrees with the name
	RuleEncrypted           = "encrypted"             // an encrypted entry
	RuleImage               = "image"                 // a PNG that does not decode
	RuleImageSize           = "image_size"            // a PNG over MaxImageSide, or a cover over MaxCoverWidth×MaxCoverHeight
	RuleChangedAfterPacking = "changed_after_packing" // the files do not hash to the package's seal
	RuleManifest            = "manifest"              // level.toml: missing, misplaced, unreadable, or a key broken
	RuleMap                 = "map"                   // a Tiled map (.tmj)
	RuleText                = "text"                  // the message catalogues (text/<lang>.toml), a .md or .txt file
	RuleScript              = "script"                // a Lua file that is not clean UTF-8 (servers also use it for a script that fails check)
	RuleRead                = "read"                  // the folder or file cannot be read
	RuleTooManyErrors       = "too_many_errors"       // the list of problems was cut
)

// Problems returns every *Error in err, which may join several, in order;
// nil when err holds none.
func Problems(err error) []*Error {
	var out []*Error
	var walk func(error)
	walk = func(err error) {
		if e, ok := err.(*Error); ok {
			out = append(out, e)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var e *Error
		if errors.As(err, &e) {
			out = append(out, e)
		}
	}
	if err != nil {
		walk(err)
	}
	return out
}

// maxErrors bounds how many problems one load reports.
const maxErrors = 20

// problems collects the errors found in one package, in the order found.
type problems struct {
	path string
	list []error
	full bool
}

// add records a problem: the rule broken, where, and how.
func (p *problems) add(rule, file string, line int, msg string, err error) {
	if p.full {
		return
	}
	if len(p.list) == maxErrors {
		p.list = append(p.list, &Error{Path: p.path, Rule: RuleTooManyErrors, Msg: "too many errors"})
		p.full = true
		return
	}
	p.list = append(p.list, &Error{Path: p.path, File: file, Line: line, Rule: rule, Msg: msg, Err: err})
}

// addf records a problem without an underlying error, its message
// formatted as fmt.Sprintf does (so vet checks every call).
func (p *problems) addf(rule, file string, line int, format string, args ...any) {
	p.add(rule, file, line, fmt.Sprintf(format, args...), nil)
}

// err returns nil, the single *Error, or all of them joined.
func (p *problems) err() error {
	switch len(p.list) {
	case 0:
		return nil
	case 1:
		return p.list[0]
	}
	return errors.Join(p.list...)
}

func (p *problems) any() bool { return len(p.list) > 0 }
